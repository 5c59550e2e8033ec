#!/usr/bin/env bash
# mpirun across the two namespace "hosts" of scripts/netns-hosts.sh: mpirun
# itself runs on host bookA (10.77.0.1), one rank per host, and the ranks
# talk TCP over the veth link (OpenMPI's shared-memory transport is left
# out, as it would be between machines).
#
#   scripts/netns-hosts.sh up
#   scripts/netns-mpirun.sh -np 2 .build/release/ch07-distributed bandwidth
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# The two "hosts" share this machine's cores: pinned, each rank would take
# its host's first core, the same one.
export BOOK_BIND=none
hostfile="$(mktemp)"
trap 'rm -f "$hostfile"' EXIT
printf "10.77.0.1 slots=1\n10.77.0.2 slots=1\n" > "$hostfile"
ip netns exec bookA unshare --uts bash -c 'hostname bookA; exec "$@"' -- \
  "$here/mpirun.sh" --hostfile "$hostfile" \
  --mca plm_rsh_agent "$here/netns-agent.sh" \
  --mca btl tcp,self --mca btl_tcp_if_include 10.77.0.0/24 \
  --mca oob_tcp_if_include 10.77.0.0/24 "$@"
