#!/bin/sh
# OpenMPI's launch agent in ssh's place (mpirun --mca plm_rsh_agent):
# "agent HOST COMMAND..." runs COMMAND on HOST, here inside the network
# namespace that plays it, with its own host name, so that OpenMPI sees
# two nodes and talks TCP between them instead of shared memory.
host=$1
shift
case "$host" in
  10.77.0.1) ns=bookA ;;
  10.77.0.2) ns=bookB ;;
  *) echo "netns-agent: unknown host $host (expected 10.77.0.1 or 10.77.0.2)" >&2; exit 1 ;;
esac
exec ip netns exec "$ns" unshare --uts sh -c "hostname $ns; $*"
