"""The book's Llama-style model in PyTorch, for `make bench`: the model of
shared/reference/torch_llama_bench.py (RMSNorm, rotate-half RoPE, GQA via
F.scaled_dot_product_attention, SwiGLU, untied LM head), copied here so the
repository's benchmarks run without the shared folder.

    .refenv/bin/python bench/torch_llama.py --mode forward --threads 2

Prints JSON: the median milliseconds of one step over the repeats (after
warm-up), tokens per second, the parameter count and the torch version.
`--mode forward` times the loss computation alone (no autograd); `--mode
train` a whole training step: forward, backward, clipping to norm 1, AdamW
(weight decay 0.1, betas 0.9/0.95); `--mode lora` the same step with every
weight frozen and a minimal LoRA (chapter 6) on each projection: rank
`--rank`, alpha 2·rank, A uniform in ±1/√in, B zero, AdamW on A and B only
(no weight decay). `--tied` ties the LM head to the embedding, as SmolLM2
does. The JSON also has the peak resident memory of the process, in MB.
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope(t, head_dim, theta=10000.0):
    inv = 1.0 / theta ** (torch.arange(0, head_dim, 2).float() / head_dim)
    f = torch.outer(torch.arange(t).float(), inv)
    return torch.cos(f), torch.sin(f)


def apply_rope(x, cos, sin):  # x: B, H, T, hd; rotate-half (HF Llama)
    h = x.shape[-1] // 2
    x1, x2 = x[..., :h], x[..., h:]
    c, s = torch.cat([cos, cos], -1), torch.cat([sin, sin], -1)
    return x * c + torch.cat([-x2, x1], -1) * s


class Block(nn.Module):
    def __init__(self, d, nh, nkv, ff):
        super().__init__()
        self.nh, self.nkv, self.hd = nh, nkv, d // nh
        self.q = nn.Linear(d, nh * self.hd, bias=False)
        self.k = nn.Linear(d, nkv * self.hd, bias=False)
        self.v = nn.Linear(d, nkv * self.hd, bias=False)
        self.o = nn.Linear(d, d, bias=False)
        self.gate = nn.Linear(d, ff, bias=False)
        self.up = nn.Linear(d, ff, bias=False)
        self.down = nn.Linear(ff, d, bias=False)
        self.n1, self.n2 = RMSNorm(d), RMSNorm(d)

    def forward(self, x, cos, sin):
        b, t, d = x.shape
        h = self.n1(x)
        q = self.q(h).view(b, t, self.nh, self.hd).transpose(1, 2)
        k = self.k(h).view(b, t, self.nkv, self.hd).transpose(1, 2)
        v = self.v(h).view(b, t, self.nkv, self.hd).transpose(1, 2)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        x = x + self.o(a.transpose(1, 2).reshape(b, t, d))
        h = self.n2(x)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


class LoRA(nn.Module):
    """y = x Wᵀ + (alpha/r) · (x Aᵀ) Bᵀ with W frozen: LoRA, written out."""

    def __init__(self, base, r, alpha):
        super().__init__()
        self.base, self.scale = base, alpha / r
        bound = 1 / math.sqrt(base.in_features)
        self.a = nn.Parameter(torch.empty(r, base.in_features).uniform_(-bound, bound))
        self.b = nn.Parameter(torch.zeros(base.out_features, r))

    def forward(self, x):
        return self.base(x) + (x @ self.a.t()) @ self.b.t() * self.scale


class Model(nn.Module):
    def __init__(self, vocab, d, layers, nh, nkv, ff, t, tied=False, theta=10000.0):
        super().__init__()
        self.emb = nn.Embedding(vocab, d)
        self.blocks = nn.ModuleList([Block(d, nh, nkv, ff) for _ in range(layers)])
        self.norm = RMSNorm(d)
        self.head = nn.Linear(d, vocab, bias=False)
        if tied:
            self.head.weight = self.emb.weight
        cos, sin = rope(t, d // nh, theta)
        self.register_buffer("cos", cos)
        self.register_buffer("sin", sin)

    def forward(self, idx, tgt):
        x, t = self.emb(idx), idx.shape[1]
        for block in self.blocks:
            x = block(x, self.cos[:t], self.sin[:t])
        logits = self.head(self.norm(x))
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), tgt.view(-1))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mode", choices=["forward", "train", "lora"], default="forward")
    p.add_argument("--rank", type=int, default=8)
    p.add_argument("--tied", action="store_true")
    p.add_argument("--theta", type=float, default=10000.0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=10)
    for name, default in [("vocab", 4096), ("dim", 384), ("layers", 6), ("heads", 6),
                          ("kv-heads", 2), ("ffn", 1024), ("ctx", 256), ("batch", 8)]:
        p.add_argument(f"--{name}", type=int, default=default)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    m = Model(a.vocab, a.dim, a.layers, a.heads, a.kv_heads, a.ffn, a.ctx, a.tied, a.theta)
    x = torch.randint(0, a.vocab, (a.batch, a.ctx))
    y = torch.randint(0, a.vocab, (a.batch, a.ctx))
    trained, decay = list(m.parameters()), 0.1
    if a.mode == "lora":
        m.requires_grad_(False)
        for block in m.blocks:
            for name in ["q", "k", "v", "o", "gate", "up", "down"]:
                setattr(block, name, LoRA(getattr(block, name), a.rank, 2 * a.rank))
        trained = [q for q in m.parameters() if q.requires_grad]
        decay = 0.0
    opt = torch.optim.AdamW(trained, lr=3e-4, betas=(0.9, 0.95), weight_decay=decay)

    def train_step():
        loss = m(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trained, 1.0)
        opt.step()
        return loss.item()

    times = []
    for i in range(a.repeats + 2):
        t0 = time.perf_counter()
        if a.mode in ("train", "lora"):
            train_step()
        else:
            with torch.no_grad():
                m(x, y).item()
        if i >= 2:
            times.append(time.perf_counter() - t0)
    ms = 1000 * sorted(times)[len(times) // 2]
    print(json.dumps({"ms": ms, "tokens_per_s": a.batch * a.ctx / ms * 1000,
                      "parameters": sum(q.numel() for q in m.parameters()),
                      "trained": sum(q.numel() for q in trained),
                      "threads": a.threads, "torch": torch.__version__,
                      "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
