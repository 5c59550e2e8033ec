#!/usr/bin/env bash
# llama.cpp's tools, the reference chapter 5 is measured against: built once
# from the llama-cpp-python sdist on PyPI (which vendors llama.cpp) into
# build/llama.cpp, with the CPU's own instructions (GGML_NATIVE), as a
# llama.cpp user would build them. Prints the directory of the binaries.
#
# Needs .refenv (scripts/refenv.sh) for pip; installs cmake and
# scikit-build-core there. The build takes about five minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.3.16
root=build/llama.cpp
source=$root/llama_cpp_python-$version/vendor/llama.cpp
bin=$source/build/bin
tools=(llama-bench llama-perplexity llama-cli llama-tokenize)
if [ -x "$bin/llama-bench" ] && [ -x "$bin/llama-perplexity" ]; then
  echo "$bin"
  exit 0
fi
scripts/refenv.sh
.refenv/bin/pip install --quiet --disable-pip-version-check cmake scikit-build-core >&2
mkdir -p "$root"
.refenv/bin/pip download --quiet --disable-pip-version-check --no-deps \
  --no-binary :all: --no-build-isolation "llama-cpp-python==$version" -d "$root" >&2
tar -xzf "$root/llama_cpp_python-$version.tar.gz" -C "$root"
cmake=$(pwd)/.refenv/bin/cmake
(cd "$source" &&
  "$cmake" -B build -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF \
    -DBUILD_SHARED_LIBS=OFF >&2 &&
  "$cmake" --build build -j 2 --target "${tools[@]}" >&2)
echo "$bin"
