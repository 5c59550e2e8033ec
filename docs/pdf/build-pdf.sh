#!/bin/sh
# Usage: docs/pdf/build-pdf.sh IN.md OUT.pdf
#
# Typesets the book with pandoc + xelatex using the settings beside this script.
# pandoc runs in IN.md's directory so the relative figure links resolve. Fails
# when any character is missing from the fonts: xelatex only warns and drops the
# glyph, which would leave a silently incomplete PDF; and when any word runs
# past the page margins (check-margins.py), as a cramped table's would.
set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 IN.md OUT.pdf" >&2
  exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
in_dir=$(cd "$(dirname "$1")" && pwd)
in_file=$(basename "$1")
out_dir=$(mkdir -p "$(dirname "$2")" && cd "$(dirname "$2")" && pwd)
out="$out_dir/$(basename "$2")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Write to a temporary name so a failed build never replaces a good PDF.
status=0
(cd "$in_dir" && pandoc --defaults "$here/defaults.yaml" "$in_file" -o "$out.tmp.pdf") \
  2>"$log" || status=$?
cat "$log" >&2

if [ "$status" -ne 0 ]; then
  rm -f "$out.tmp.pdf"
  echo "build-pdf: pandoc failed (exit $status)" >&2
  exit "$status"
fi
if grep -q "Missing character" "$log"; then
  rm -f "$out.tmp.pdf"
  echo "build-pdf: the fonts lack characters the book uses (see 'Missing character' above);" \
    "choose fonts that cover them in $here/defaults.yaml" >&2
  exit 1
fi
if ! python3 "$here/check-margins.py" "$out.tmp.pdf"; then
  rm -f "$out.tmp.pdf"
  echo "build-pdf: text runs past the page margin (see above)" >&2
  exit 1
fi
mv "$out.tmp.pdf" "$out"
echo "wrote $out"
