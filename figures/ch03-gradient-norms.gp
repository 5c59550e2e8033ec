# ch03-gradient-norms.gp, written by the Book notebook; edit freely to restyle.
# Redraw in this directory: gnuplot ch03-gradient-norms.gp
# (reads ch03-gradient-norms.dat, writes ch03-gradient-norms.png)
if (!exists("outfile")) outfile = "ch03-gradient-norms.png"
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

set xlabel "layer (1 = nearest the input)"
set ylabel "‖∂L/∂W₁‖ at initialization"
set autoscale xfix
set logscale y
set format y "%g"
plot "ch03-gradient-norms.dat" index 0 using 1:2 with linespoints lt 1 title "no shortcuts, no norm", \
     "ch03-gradient-norms.dat" index 1 using 1:2 with linespoints lt 2 title "no shortcuts, pre-norm (the control: a norm alone)", \
     "ch03-gradient-norms.dat" index 2 using 1:2 with linespoints lt 3 title "shortcuts, no norm", \
     "ch03-gradient-norms.dat" index 3 using 1:2 with linespoints lt 4 title "shortcuts, pre-norm (GPT-2, Llama)", \
     "ch03-gradient-norms.dat" index 4 using 1:2 with linespoints lt 5 title "shortcuts, post-norm (original Transformer)"
unset output
