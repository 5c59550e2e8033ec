#!/usr/bin/env python3
"""PyTorch reference values for Tape.causalAttention: for MHA (4 heads / 4 KV
heads), GQA (6 / 2) and MQA (4 / 1), at T = 7, 9, 16 and headDim 8 / 16,
batch 2, the output of F.scaled_dot_product_attention(is_causal=True,
enable_gqa=True) and the gradients of sum(out * dy) w.r.t. q, k, v, computed
in float64 from float32-rounded inputs. Values are stored as float32 (the
tests compare at 1e-5 relative), printed short to keep the file small.

Run with the reference venv (scripts/refenv.sh):
    .refenv/bin/python Tests/Fixtures/attention/make_fixture.py
"""
import json
import pathlib
import torch
import torch.nn.functional as F

torch.manual_seed(0)
# (kind, heads, KV heads, T, headDim): each kind, T and headDim at least once
configs = [("mha", 4, 4, 7, 8), ("gqa", 6, 2, 9, 16), ("mqa", 4, 1, 16, 8),
           ("mqa", 4, 1, 7, 16)]
batch = 2
cases = []
# Inputs print with 9 significant digits, which round-trip float32 exactly;
# reference values with 7, far finer than the tests' tolerance.
def numbers(t, digits):
    return [float(f"{x:.{digits}g}") for x in t.detach().float().reshape(-1)]
f32 = lambda t: numbers(t, 9)
ref = lambda t: numbers(t, 7)
for kind, heads, kv_heads, T, D in configs:
    q = torch.randn(batch, heads, T, D).double().requires_grad_(True)
    k = torch.randn(batch, kv_heads, T, D).double().requires_grad_(True)
    v = torch.randn(batch, kv_heads, T, D).double().requires_grad_(True)
    out = F.scaled_dot_product_attention(q, k, v, is_causal=True,
                                         enable_gqa=True)
    dy = torch.randn_like(out).float().double()
    (out * dy).sum().backward()
    cases.append({
        "name": f"{kind} heads {heads}/{kv_heads} T {T} headDim {D}",
        "batch": batch, "heads": heads, "kvHeads": kv_heads,
        "time": T, "headDim": D,
        "q": f32(q), "k": f32(k), "v": f32(v), "dy": f32(dy),
        "out": ref(out), "dq": ref(q.grad), "dk": ref(k.grad),
        "dv": ref(v.grad),
    })

path = pathlib.Path(__file__).with_name("torch_attention.json")
path.write_text(json.dumps({"torch": torch.__version__, "cases": cases},
                           separators=(",", ":")))
print(f"wrote {path} ({path.stat().st_size} bytes)")
