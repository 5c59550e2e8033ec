#!/usr/bin/env python3
"""Runs a command and prints its peak resident memory as JSON:
{"max_rss_bytes": ...}, from wait4's rusage. Run from this small process
rather than from the benchmark itself: Linux carries a parent's peak into a
child it spawns (the child's maxrss starts at the parent's high-water mark),
and the benchmark process is large.

    peak_memory.py COMMAND [ARG...]
"""
import json
import os
import subprocess
import sys

child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
if status != 0:
    sys.exit(f"{sys.argv[1]} failed with status {status}")
print(json.dumps({"max_rss_bytes": usage.ru_maxrss * 1024}))  # kilobytes on Linux
