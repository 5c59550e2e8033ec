#!/usr/bin/env bash
# Bad command lines: every chapter executable must answer an unknown flag
# with a usage message on stderr and exit status 2, never a crash.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for exe in .build/release/ch*; do
  [ -x "$exe" ] && [ -f "$exe" ] || continue
  err=$("$exe" --no-such-flag 2>&1 >/dev/null); code=$?
  if [ $code -ne 2 ] || ! grep -q "usage:" <<<"$err"; then
    echo "smoke: $exe --no-such-flag gave exit $code and: $err" >&2
    status=1
  else
    echo "smoke: $(basename "$exe") --no-such-flag → exit 2 with usage"
  fi
done
exit $status
