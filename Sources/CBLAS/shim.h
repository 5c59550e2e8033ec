// OpenBLAS's C interface: cblas_sgemm and friends, plus openblas_get_corename()
// so benchmarks can say which kernel ran.
#include <cblas.h>
#include <xmmintrin.h>

// The one x86 control register setting the kernels need, which Swift cannot
// reach: flush-to-zero (FTZ, bit 15 of this thread's MXCSR). See
// `flushDenormalsToZero` in Kernels/Parallel.swift.
static inline void book_flush_denormals_to_zero(void) {
    _mm_setcsr(_mm_getcsr() | 0x8000);
}
