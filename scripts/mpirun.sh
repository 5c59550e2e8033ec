#!/usr/bin/env bash
# mpirun for the book: says what to install when OpenMPI is missing, and
# allows running as root (CI and containers are root; OpenMPI refuses
# root unless told, since a stray mpirun as root can harm a cluster).
#
#   scripts/mpirun.sh -np 2 .build/release/ch07-distributed equivalence
set -euo pipefail
if ! command -v mpirun >/dev/null; then
  echo "mpirun: not found; install OpenMPI: sudo apt-get install openmpi-bin libopenmpi-dev" \
       "(or run make deps)" >&2
  exit 127
fi
root=()
[ "$(id -u)" -ne 0 ] || root=(--allow-run-as-root)
# The OpenBLAS kernel make chose (scripts/blas-coretype.sh), for ranks on
# other hosts too, which do not inherit mpirun's environment.
blas=()
for name in OPENBLAS_CORETYPE BOOK_BLAS_FALLBACK; do
  [ -z "${!name:-}" ] || blas+=(-x "$name")
done
# One thread per rank unless asked otherwise (the ranks are the parallelism),
# each pinned to a core of its own, so that the ranks' compute does not
# wander and wait on each other. More threads: unpinned.
# (BOOK_BIND overrides, as scripts/netns-mpirun.sh must.)
bind=none
[ "${BOOK_THREADS:-1}" != 1 ] || bind=core
# The non-blocking all-reduce that overlaps the backward pass (libnbc's
# MPI_Iallreduce) by the ring algorithm: its automatic choice took 38 ms for
# chapter 4's gradients in 16 MiB buckets on 2 ranks of an Intel Xeon
# (commit f4c8af8), the ring 20 ms, as fast as the blocking MPI_Allreduce.
nbc=(--mca coll_libnbc_iallreduce_algorithm 1)
exec mpirun "${root[@]}" --bind-to "${BOOK_BIND:-$bind}" "${nbc[@]}" \
  -x BOOK_THREADS="${BOOK_THREADS:-1}" "${blas[@]}" "$@"
