#!/usr/bin/env bash
# The Python reference environment that fixture scripts and `make bench` use:
# a venv in .refenv (ignored by git) with tiktoken. Creates it when missing;
# does nothing, quietly, when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
if .refenv/bin/python -c "import tiktoken" 2>/dev/null; then
  exit 0
fi
echo "refenv: installing tiktoken from PyPI into .refenv" >&2
python3 -m venv .refenv
.refenv/bin/pip install --quiet --disable-pip-version-check tiktoken
