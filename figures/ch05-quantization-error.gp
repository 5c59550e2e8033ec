# ch05-quantization-error.gp, written by the Book notebook; edit freely to restyle.
# Redraw in this directory: gnuplot ch05-quantization-error.gp
# (reads ch05-quantization-error.dat, writes ch05-quantization-error.png)
if (!exists("outfile")) outfile = "ch05-quantization-error.png"
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

set xlabel "format"
set ylabel "relative RMS error of the weights"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set grid noxtics ytics
set logscale y
plot "ch05-quantization-error.dat" using 1:xtic(2) lt 1 notitle
unset output
