#!/usr/bin/env python3
"""Decode speed of Hugging Face transformers on a GGUF model, on the CPU:
the model loaded from the file (dequantized to float32), 64 greedy tokens
after a one-token prompt with its KV cache, with as many threads as
`make bench` gives our engine (BOOK_THREADS, else all cores). Prints JSON:
{"tokens_per_s": ..., "transformers": version}.
"""
import argparse
import json
import os
import pathlib
import time

import torch
import transformers
from transformers import AutoModelForCausalLM

parser = argparse.ArgumentParser()
parser.add_argument("--model", required=True)
parser.add_argument("--tokens", type=int, default=64)
args = parser.parse_args()
torch.set_num_threads(int(os.environ.get("BOOK_THREADS", os.cpu_count())))
path = pathlib.Path(args.model)
model = AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name,
                                             dtype=torch.float32).eval()
prompt = torch.tensor([[1]])
best = 0.0
with torch.no_grad():
    for _ in range(3):
        start = time.perf_counter()
        out = model.generate(prompt, max_new_tokens=args.tokens, min_new_tokens=args.tokens,
                             do_sample=False, pad_token_id=2)
        seconds = time.perf_counter() - start
        best = max(best, (out.shape[1] - 1) / seconds)
print(json.dumps({"tokens_per_s": best, "transformers": transformers.__version__}))
