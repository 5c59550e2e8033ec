# Build a Large Language Model from Scratch — in Swift
#
#   make book    set up (apt packages, PyPI data), build, run every chapter
#                (cached by a hash of its sources) and write book.md + figures/
#   make test    every unit, parity and exercise test, a quick book build, the PDF
#
# See README.md for the rest.

SWIFT ?= swift
BIN   := .build/release
# XCTest only: the Swift Testing runner would end the log with "0 tests".
TEST  := $(SWIFT) test --disable-swift-testing

.PHONY: book test deps data build quick-book pdf figures exercises bench distributed clean

# The OpenBLAS kernel for this CPU, when OpenBLAS would fall back to a generic
# one (scripts/blas-coretype.sh): the book's runs and benchmarks use the CPU's
# vector units. Evaluated when a recipe runs, after `deps` installed OpenBLAS.
# Tests and CI leave OpenBLAS as it is.
BLAS = $(shell scripts/blas-coretype.sh)

book: deps data build
	env $(BLAS) $(BIN)/bookbuilder run
	$(BIN)/bookbuilder

# `bookbuilder check` first: the committed book.md must come from these sources.
test: deps data build
	$(BIN)/bookbuilder check
	scripts/smoke.sh
	scripts/mpirun.sh -np 2 $(BIN)/ch07-distributed equivalence
	$(BIN)/bookbuilder run --quick
	$(BIN)/bookbuilder --quick
	docs/pdf/build-pdf.sh build/quick/book.md build/quick/book.pdf
	$(TEST)

deps:
	@scripts/deps.sh

data:
	@scripts/data.sh

build:
	$(SWIFT) build -c release

pdf: deps
	docs/pdf/build-pdf.sh book.md book.pdf

# Redraw every figure from its saved gnuplot script and data, and every
# diagram from its Graphviz source; no chapter reruns.
figures:
	cd figures && for f in *.gp; do gnuplot "$$f" || exit 1; done
	cd figures && for f in *.dot; do dot -Tpng -Gdpi=150 "$$f" -o "$${f%.dot}.png" || exit 1; done

# make exercises CH=A: the chapter's exercise tests against *your* Exercises/.
exercises:
	@test -n "$(CH)" || { echo "usage: make exercises CH=<chapter, e.g. A or 1>"; exit 2; }
	$(TEST) --build-path .build/exercises -Xswiftc -DEXERCISES \
	    --filter "ExerciseTests.Chapter$(CH)Tests"

# Races the code against its references; the bench sets up tiktoken, torch
# and numpy in a local venv (.refenv, scripts/refenv.sh) the first time
# (torch is a large download: minutes).
bench: build
	env $(BLAS) $(BIN)/bench

# Chapter 7 under mpirun: NP ranks train data-parallel and with ZeRO-1, and
# rank 0 checks the weights against one process (whole batch, and gradient
# accumulation).
NP ?= 2
distributed: build
	scripts/mpirun.sh -np $(NP) $(BIN)/ch07-distributed equivalence

clean:
	rm -rf .build build
