// OpenBLAS's C interface: cblas_sgemm and friends, plus openblas_get_corename()
// so benchmarks can say which kernel ran.
#include <cblas.h>
