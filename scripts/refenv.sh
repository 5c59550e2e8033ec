#!/usr/bin/env bash
# The Python reference environment that fixture scripts and `make bench` use:
# a venv in .refenv (ignored by git) with tiktoken, torch + numpy, and
# transformers + accelerate + gguf (chapter 5's references).
# Creates it and installs what is missing; does nothing, quietly, when
# everything imports.
#
# PyPI's torch is large (about 5 GB with the CUDA libraries it pulls in on
# Linux), so the first `make bench` takes minutes; later runs reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
.refenv/bin/python -c "import tiktoken" 2>/dev/null || missing+=(tiktoken)
.refenv/bin/python -c "import torch, numpy" 2>/dev/null || missing+=(torch numpy)
.refenv/bin/python -c "import transformers, accelerate, gguf" 2>/dev/null \
  || missing+=(transformers accelerate gguf)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "refenv: installing ${missing[*]} from PyPI into .refenv" >&2
[ -x .refenv/bin/python ] || python3 -m venv .refenv
.refenv/bin/pip install --quiet --disable-pip-version-check "${missing[@]}"
