#!/usr/bin/env python3
"""PyTorch reference values for the core's autograd ops: for each op, its
inputs, an upstream gradient dy, the output and every input's gradient of
sum(output * dy), computed in float64. The Swift tests feed the same inputs
(rounded to float32) through our tape and compare.

Run with a venv holding torch (see shared/reference/README.md):
    .refenv/bin/python Tests/Fixtures/ops/make_fixture.py
"""
import json
import pathlib
import torch
import torch.nn.functional as F

torch.manual_seed(0)
cases = {}

def case(name, inputs, fn, integer_args=None):
    xs = {k: v.double().requires_grad_(v.is_floating_point()) for k, v in inputs.items()}
    # float32-rounded inputs, so both sides start from identical numbers
    xs = {k: v.float().double().detach().requires_grad_(True) for k, v in xs.items()}
    y = fn(**xs)
    dy = torch.randn_like(y) if y.dim() > 0 else torch.tensor(1.0, dtype=torch.float64)
    (y * dy).sum().backward()
    flat = lambda t: [float(v) for v in t.detach().reshape(-1)]
    cases[name] = {
        "inputs": {k: {"shape": list(v.shape), "data": flat(v)} for k, v in xs.items()},
        "ints": integer_args or {},
        "upstream": {"shape": list(dy.shape), "data": flat(dy.float().double())},
        "output": {"shape": list(y.shape), "data": flat(y)},
        "grads": {k: flat(v.grad) for k, v in xs.items()},
    }

r = lambda *shape: torch.randn(*shape)
case("linear", {"x": r(2, 3, 8), "w": r(5, 8)}, lambda x, w: x @ w.T)
case("bmm_tt", {"a": r(2, 8, 3), "b": r(2, 5, 8)}, lambda a, b: a.transpose(1, 2) @ b.transpose(1, 2))
case("add_bias", {"x": r(4, 19), "b": r(19)}, lambda x, b: x + b)
case("mul", {"x": r(4, 19), "y": r(4, 19)}, lambda x, y: x * y)
case("rms_norm", {"x": r(3, 37), "g": r(37)}, lambda x, g: F.rms_norm(x, (37,), g, eps=1e-5))
case("layer_norm", {"x": r(3, 37), "g": r(37), "b": r(37)},
     lambda x, g, b: F.layer_norm(x, (37,), g, b, eps=1e-5))
case("softmax", {"x": 3 * r(3, 21)}, lambda x: F.softmax(x, dim=-1))
case("gelu_tanh", {"x": 2 * r(50)}, lambda x: F.gelu(x, approximate="tanh"))
case("silu", {"x": 3 * r(50)}, lambda x: F.silu(x))
case("swiglu", {"g": 2 * r(2, 20), "u": r(2, 20)}, lambda g, u: F.silu(g) * u)
targets = [3, -100, 22, 0, 7]
case("cross_entropy", {"logits": 3 * r(5, 23)},
     lambda logits: F.cross_entropy(logits, torch.tensor(targets), ignore_index=-100),
     {"targets": targets})
ids = [1, 4, 1, 0, 5, 1]
case("embedding", {"table": r(6, 5)},
     lambda table: F.embedding(torch.tensor(ids).reshape(2, 3), table), {"ids": ids})

out = pathlib.Path(__file__).with_name("torch_ops.json")
out.write_text(json.dumps({"torch": torch.__version__, "cases": cases}))
print(f"wrote {out} ({out.stat().st_size} bytes)")
