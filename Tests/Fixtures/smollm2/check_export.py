#!/usr/bin/env python3
"""Checks chapter 5's Hugging Face export of SmolLM2 with transformers: loads
the directory the chapter's run writes (build/book/05/exports/smollm2-hf,
config.json + model.safetensors) with LlamaForCausalLM and compares its
last-position logits for the fixture's prompts with those transformers
computed from the GGUF file itself (logits.json). Prints the largest
difference; exits 1 above 1e-3.

    .refenv/bin/python Tests/Fixtures/smollm2/check_export.py [DIR]
"""
import json
import pathlib
import sys

import torch
from transformers import LlamaForCausalLM

HERE = pathlib.Path(__file__).parent
directory = sys.argv[1] if len(sys.argv) > 1 else "build/book/05/exports/smollm2-hf"
model = LlamaForCausalLM.from_pretrained(directory, dtype=torch.float32).eval()
worst = 0.0
with torch.no_grad():
    for record in json.loads((HERE / "logits.json").read_text()):
        logits = model(torch.tensor([record["ids"]])).logits[0, -1]
        worst = max(worst, (logits - torch.tensor(record["logits"])).abs().max().item())
print(f"largest logit difference, export vs GGUF, over the fixture's prompts: {worst:.2e}")
sys.exit(0 if worst < 1e-3 else 1)
