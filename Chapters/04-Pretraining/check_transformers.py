#!/usr/bin/env python3
"""Checks that Hugging Face transformers reads a chapter-4 checkpoint as
the book's model does: loads CHECKPOINT (config.json + model.safetensors,
the model part of every checkpoint) with LlamaForCausalLM, runs token ids,
and compares its last-position logits with `ch03-model logits` on the same
directory. Exits 1 if they differ by more than 1e-4 anywhere.

    .refenv/bin/pip install transformers   # once
    .refenv/bin/python Chapters/04-Pretraining/check_transformers.py \\
        build/book/04/run/step-001000
"""
import json
import subprocess
import sys

import torch
from transformers import LlamaForCausalLM

IDS = [1, 17, 42, 5, 88, 3, 64, 21, 95, 0, 33, 400, 2048, 4000]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    model = LlamaForCausalLM.from_pretrained(directory, torch_dtype=torch.float32)
    model.eval()
    with torch.no_grad():
        theirs = model(torch.tensor([IDS])).logits[0, -1].tolist()
    ours = json.loads(subprocess.run(
        [".build/release/ch03-model", "logits", "--model", directory, "--ids"]
        + [str(i) for i in IDS], check=True, capture_output=True, text=True).stdout)
    gap = max(abs(a - b) for a, b in zip(ours, theirs))
    print(json.dumps({"tokens": len(IDS), "vocab": len(ours), "max_abs_difference": gap}))
    sys.exit(0 if gap <= 1e-4 and len(ours) == len(theirs) else 1)


if __name__ == "__main__":
    main()
