# ch07-scaling-model.gp, written by the Book notebook; edit freely to restyle.
# Redraw in this directory: gnuplot ch07-scaling-model.gp
# (reads ch07-scaling-model.dat, writes ch07-scaling-model.png)
if (!exists("outfile")) outfile = "ch07-scaling-model.png"
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

set xlabel "accelerators"
set ylabel "scaling efficiency (%)"
set autoscale xfix
set logscale x
set format x "%g"
plot "ch07-scaling-model.dat" index 0 using 1:2 with linespoints lt 1 title "chapter 4's model", \
     "ch07-scaling-model.dat" index 1 using 1:2 with linespoints lt 2 title "SmolLM2-135M", \
     "ch07-scaling-model.dat" index 2 using 1:2 with linespoints lt 3 title "Llama-3-8B"
unset output
