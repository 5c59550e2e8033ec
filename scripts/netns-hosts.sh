#!/usr/bin/env bash
# Two "hosts" on this machine for chapter 7's multi-host launch: network
# namespaces bookA and bookB, each with its own network stack, joined by a
# veth pair (a virtual Ethernet cable) with addresses 10.77.0.1 and
# 10.77.0.2. MPI between them goes over TCP on that link, as between two
# machines; scripts/netns-agent.sh stands in for ssh.
#
#   scripts/netns-hosts.sh up | down | check
# Needs root (or CAP_NET_ADMIN) and iproute2; `check` exits 1 if this
# machine refuses network namespaces, so callers can skip the part.
set -euo pipefail
case "${1:-}" in
  up)
    "$0" down 2>/dev/null || true
    ip netns add bookA
    ip netns add bookB
    ip link add vethA type veth peer name vethB
    ip link set vethA netns bookA
    ip link set vethB netns bookB
    ip -n bookA addr add 10.77.0.1/24 dev vethA
    ip -n bookB addr add 10.77.0.2/24 dev vethB
    for ns in bookA bookB; do ip -n "$ns" link set lo up; done
    ip -n bookA link set vethA up
    ip -n bookB link set vethB up
    ;;
  down)
    for ns in bookA bookB; do ip netns del "$ns" 2>/dev/null || true; done
    ;;
  check)
    ip netns add booktest 2>/dev/null && ip netns del booktest
    ;;
  *)
    echo "usage: $0 up | down | check" >&2
    exit 2
    ;;
esac
