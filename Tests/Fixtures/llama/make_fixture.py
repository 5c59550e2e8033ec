#!/usr/bin/env python3
"""Small random Llama models made by Hugging Face transformers, and the
logits transformers computes for them: the reference that chapter 3's
`LlamaModel` is checked against (Tests/ModelTests/LlamaParityTests.swift).

Two models, each vocab 96, hidden 64, 2 layers, 4 heads, 2 KV heads (GQA),
intermediate 128, rope_theta 10000:

  tied/    embeddings tied to the LM head (no lm_head.weight), saved as F16
  untied/  its own lm_head.weight, saved as BF16 (the loader widens it)

(F16 and BF16 keep each file under 200 KB; F32 loading is tested in the core.)

Each directory gets config.json and model.safetensors (save_pretrained) and
logits.json: the fixed ids, the logits at every position [T, vocab] and the
last position's logits, computed in float32 by transformers from the weights
*as saved* (the BF16 model is reloaded before running it).

Run with the reference venv (scripts/refenv.sh):
    .refenv/bin/python Tests/Fixtures/llama/make_fixture.py
"""
import json
import pathlib
import shutil

import torch
from transformers import LlamaConfig, LlamaForCausalLM

HERE = pathlib.Path(__file__).parent
IDS = [1, 17, 42, 5, 88, 3, 64, 21, 95, 0, 33]


def make(name, tied, dtype, seed):
    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=96, hidden_size=64, intermediate_size=128,
        num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
        max_position_embeddings=32, rope_theta=10000.0, rms_norm_eps=1e-5,
        tie_word_embeddings=tied, initializer_range=0.1,
        bos_token_id=1, eos_token_id=2)
    model = LlamaForCausalLM(config).eval()
    # Random norm gains, so a loader that drops them fails the test.
    with torch.no_grad():
        for n, p in model.named_parameters():
            if n.endswith("norm.weight"):
                p.copy_(1 + 0.2 * torch.randn_like(p))
    out = HERE / name
    shutil.rmtree(out, ignore_errors=True)
    model.to(dtype).save_pretrained(out, safe_serialization=True)
    # The reference runs the weights as stored, widened to float32.
    model = LlamaForCausalLM.from_pretrained(out, dtype=torch.float32).eval()
    with torch.no_grad():
        logits = model(torch.tensor([IDS])).logits[0].float()
    six = lambda row: [float(f"{x:.7g}") for x in row]
    record = {
        "ids": IDS,
        "dtype": str(dtype).removeprefix("torch."),
        "logits": [six(row) for row in logits.tolist()],
        "last": six(logits[-1].tolist()),
    }
    (out / "logits.json").write_text(json.dumps(record) + "\n")
    (out / "generation_config.json").unlink(missing_ok=True)
    for f in sorted(out.iterdir()):
        print(f"{f.relative_to(HERE)}: {f.stat().st_size} bytes")


make("tied", tied=True, dtype=torch.float16, seed=0)
make("untied", tied=False, dtype=torch.bfloat16, seed=1)
