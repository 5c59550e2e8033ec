#!/usr/bin/env python3
"""PyTorch reference values for the core's `rope` op, in float64, written the
way Hugging Face transformers' modeling_llama applies rotary embeddings
(`LlamaRotaryEmbedding` + `rotate_half` + `apply_rotary_pos_emb`): for each
case its input x, an upstream gradient dy, the output and the gradient of
sum(output * dy) with respect to x. The Swift tests feed the same inputs
(already rounded to float32) through our tape and compare.

Run with a venv holding torch (see shared/reference/README.md):
    .refenv/bin/python Tests/Fixtures/rope/make_fixture.py
"""
import json
import pathlib
import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def rotate_half(x):
    """Rotates half the hidden dims of the input (as in modeling_llama)."""
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2 :]
    return torch.cat((-x2, x1), dim=-1)


def cos_sin(dim, base, position_ids):
    """LlamaRotaryEmbedding.forward, in float64 throughout."""
    inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).double() / dim))
    freqs = position_ids[:, None].double() * inv_freq[None, :]  # [T, dim/2]
    emb = torch.cat((freqs, freqs), dim=-1)                     # [T, dim]
    return emb.cos(), emb.sin()


def apply_rotary_pos_emb(x, cos, sin):
    return (x * cos) + (rotate_half(x) * sin)


cases = {}


def case(name, shape, base, start):
    x = torch.randn(*shape, dtype=torch.float32).double().requires_grad_(True)
    T, dim = shape[-2], shape[-1]
    cos, sin = cos_sin(dim, base, torch.arange(start, start + T))
    y = apply_rotary_pos_emb(x, cos, sin)
    dy = torch.randn(*shape, dtype=torch.float32).double()
    (y * dy).sum().backward()
    flat = lambda t: [float(v) for v in t.detach().reshape(-1)]
    cases[name] = {
        "shape": list(shape), "base": base, "startPosition": start,
        "x": flat(x), "upstream": flat(dy),
        "output": flat(y), "grad": flat(x.grad),
    }


case("base10000", (2, 3, 7, 8), 10000.0, 0)
case("base100000_start3", (1, 2, 5, 16), 100000.0, 3)

out = pathlib.Path(__file__).with_name("hf_rope.json")
out.write_text(json.dumps({"torch": torch.__version__, "cases": cases}))
print(f"wrote {out} ({out.stat().st_size} bytes)")
