#!/usr/bin/env bash
# Prints `OPENBLAS_CORETYPE=<kernel> BOOK_BLAS_FALLBACK=<generic>` when OpenBLAS
# would fall back to a generic kernel on this CPU, and nothing otherwise.
#
# An OpenBLAS older than the CPU does not recognise it and picks its generic
# SSE3 kernel: Debian 12's OpenBLAS 0.3.21 runs sgemm on Intel's Emerald
# Rapids (family 6, model 207) with the Prescott kernel, at about a sixth of
# the speed of its AVX-512 kernels (OpenBLAS learned that CPU in 2024, pull
# request 4677). `make book` and `make bench` then name the kernel for the
# CPU's instruction set; BOOK_BLAS_FALLBACK lets the chapters say so. Tests
# and CI leave OpenBLAS as it is, and a kernel already chosen in the
# environment is kept.
set -euo pipefail
[ -z "${OPENBLAS_CORETYPE:-}" ] || exit 0
# A dynamic-arch OpenBLAS says which kernel it picked when it loads.
core=$(OPENBLAS_VERBOSE=2 python3 -c 'import ctypes; ctypes.CDLL("libopenblas.so.0")' \
  2>&1 | sed -n 's/^Core: //p' || true)
case "$core" in
  Prescott|Core2|Penryn|Dunnington|Nehalem|Atom|Katmai|Coppermine|Northwood|Banias|Opteron|Opteron_SSE3|Barcelona) ;;
  *) exit 0 ;;  # a kernel for this CPU, or an OpenBLAS that does not say
esac
flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
has() { [[ "$flags" == *" $1 "* ]]; }
if has avx512_bf16; then kernel=Cooperlake
elif has avx512f; then kernel=SkylakeX
elif has avx2; then
  if grep -q -m1 AuthenticAMD /proc/cpuinfo; then kernel=Zen; else kernel=Haswell; fi
else
  exit 0
fi
echo "OPENBLAS_CORETYPE=$kernel BOOK_BLAS_FALLBACK=$core"
