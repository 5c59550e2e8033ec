# chA-sgemm-gflops.gp, written by the Book notebook; edit freely to restyle.
# Redraw in this directory: gnuplot chA-sgemm-gflops.gp
# (reads chA-sgemm-gflops.dat, writes chA-sgemm-gflops.png)
if (!exists("outfile")) outfile = "chA-sgemm-gflops.png"
set terminal pngcairo size 1000,600 font "DejaVu Sans,11" noenhanced
set output outfile
set datafile separator "\t"
set border lc rgb "#444444"
set grid lc rgb "#dddddd"
set key outside top center horizontal
# Okabe-Ito colours: distinct for colour-blind readers and in greyscale print.
set linetype 1 lc rgb "#0072B2" lw 2 pt 7 ps 0.8
set linetype 2 lc rgb "#D55E00" lw 2 pt 5 ps 0.8
set linetype 3 lc rgb "#009E73" lw 2 pt 9 ps 0.9
set linetype 4 lc rgb "#CC79A7" lw 2 pt 11 ps 0.9
set linetype 5 lc rgb "#E69F00" lw 2 pt 13 ps 0.9
set linetype 6 lc rgb "#56B4E9" lw 2 pt 15 ps 0.8
set linetype 7 lc rgb "#000000" lw 2 pt 3 ps 0.8
set linetype cycle 7

set xlabel "matrix size n (C = A·B, all three n×n)"
set ylabel "throughput (GFLOP/s)"
set autoscale xfix
set logscale x
set format x "%g"
set offsets 0, 0, graph 0.05, 0
plot "chA-sgemm-gflops.dat" index 0 using 1:2 with linespoints lt 1 title "gemm(threads: 1)", \
     "chA-sgemm-gflops.dat" index 1 using 1:2 with linespoints lt 2 title "gemm(threads: 2), ran on 2", \
     "chA-sgemm-gflops.dat" index 2 using 1:2 with linespoints lt 3 title "gemm(threads: 2), ran on 1 (n³ < 2²²)", \
     174.1057446977629 with lines dt 2 lw 1.5 lc 1 title "FMA peak, 1 thread: 174 GFLOP/s", \
     338.0619937786277 with lines dt 2 lw 1.5 lc 2 title "FMA peak, 2 threads: 338 GFLOP/s"
unset output
