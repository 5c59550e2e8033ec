# ch02-attention-heatmap.gp, written by the Book notebook; edit freely to restyle.
# Redraw in this directory: gnuplot ch02-attention-heatmap.gp
# (reads ch02-attention-heatmap.dat, writes ch02-attention-heatmap.png)
if (!exists("outfile")) outfile = "ch02-attention-heatmap.png"
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

set xlabel "key"
set ylabel "query"
unset key
unset grid
set tics out
set cblabel "attention weight"
set xrange [-0.5:7 - 0.5]
set yrange [7 - 0.5:-0.5]
set size ratio -1
set xtics ("The" 0, " quality" 1, " of" 2, " mercy" 3, " is" 4, " not" 5, " strained" 6) rotate by 45 right
set ytics ("The" 0, " quality" 1, " of" 2, " mercy" 3, " is" 4, " not" 5, " strained" 6)
set palette defined (0 "#440154", 0.25 "#3b528b", 0.5 "#21918c", 0.75 "#5ec962", 1 "#fde725")
plot "ch02-attention-heatmap.dat" matrix with image, \
     "" matrix using 1:2:(sprintf("%.2f", $3)):($3 < 0.5 ? 0xffffff : 0x000000) with labels tc rgb variable
unset output
