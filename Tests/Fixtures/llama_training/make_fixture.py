#!/usr/bin/env python3
"""Full-model training parity with PyTorch, as llm.c's test_gpt2 does: a
small random Llama, its loss and every parameter's gradient on one batch, and
10 steps of the book's training recipe, all computed by PyTorch in float64.
Tests/PretrainingTests/TorchTrainingParityTests.swift runs the same model and
steps in Swift (float32) and compares.

The model is written out below in plain PyTorch (no transformers needed),
matching chapter 3's LlamaModel: token embedding; per block pre-norm RMSNorm,
grouped-query attention with Hugging Face's rotate-half RoPE and a causal
softmax, residual, pre-norm RMSNorm, SwiGLU FFN down(silu(gate x) * up x),
residual; final RMSNorm; an untied LM head. If transformers is importable,
the script also checks that LlamaForCausalLM reads the saved checkpoint and
computes the same logits (within float32 noise: its RMSNorm and RoPE tables
run in float32 even in a float64 model).

The recipe (chapter 4's TrainingConfig defaults): AdamW (torch.optim.AdamW)
with betas (0.9, 0.95), eps 1e-8, decoupled weight decay 0.1 on matrices only
(embedding, projections, head; RMSNorm gains do not decay); the global
gradient norm clipped to 1.0 before every update
(torch.nn.utils.clip_grad_norm_); learning rate from linear warmup + cosine
decay (a copy of Sources/Book/Optim/Schedule.swift), warmup 2, total 10,
maxLR 1e-2, minLR 1e-3. Step k trains on batch k of a fixed sequence of
10 batches (2 sequences x 16 tokens, from a learnable token stream).

Written here (about 245 KB):
  config.json            Hugging Face Llama config that LlamaModel reads
  model.safetensors      the initial weights (F32, Hugging Face names)
  gradients.safetensors  d loss / d weight on batch 0 at the initial weights
  final.safetensors      the weights after the 10 steps
  reference.json         hyperparameters, ids and targets of every batch, the
                         initial loss, and per step: loss, gradient norm
                         before clipping, learning rate

Weights are drawn in float64 and rounded to float32 before anything runs, so
both sides start from identical numbers; the reference then runs in float64
and its results are rounded to float32 only when written. Last, the script
runs the same 10 steps in float32 and prints how far PyTorch's own float32
run lands from the float64 reference: the noise floor the Swift test's
tolerances are set against.

Regenerate (deterministic; a few seconds on CPU):
    .refenv/bin/python Tests/Fixtures/llama_training/make_fixture.py
"""
import json
import math
import pathlib

import torch
import torch.nn.functional as F
from safetensors.torch import save_file

torch.set_default_dtype(torch.float64)
HERE = pathlib.Path(__file__).parent

VOCAB, WIDTH, DEPTH, HEADS, KV_HEADS, FFN, CONTEXT = 64, 32, 2, 4, 2, 48, 16
HEAD_DIM = WIDTH // HEADS
ROPE_BASE, NORM_EPS = 10000.0, 1e-5
BATCH, STEPS = 2, 10
RECIPE = dict(beta1=0.9, beta2=0.95, eps=1e-8, weight_decay=0.1, clip_norm=1.0,
              max_lr=1e-2, min_lr=1e-3, warmup=2, total=10)


def cosine_schedule(step, warmup, total, max_lr, min_lr):
    """Sources/Book/Optim/Schedule.swift, line for line."""
    if step < warmup:
        return max_lr * (step + 1) / warmup
    if step >= total:
        return min_lr
    progress = (step - warmup) / max(total - warmup, 1)
    cosine = 0.5 * (1 + math.cos(math.pi * progress))  # 1 -> 0
    return min_lr + cosine * (max_lr - min_lr)


# ---- the initial weights, under Hugging Face Llama's names ----------------

gen = torch.Generator().manual_seed(1234)


def randn(*shape, std):
    return torch.randn(*shape, generator=gen) * std


def matrix(rows, columns):  # [out, in], normal with std 1/sqrt(fan-in)
    return randn(rows, columns, std=columns ** -0.5)


def gain():  # random RMSNorm gains (not all ones), so a gain's gradient,
    return 1 + randn(WIDTH, std=0.2)  # or decay wrongly applied to it, shows


weights = {"model.embed_tokens.weight": matrix(VOCAB, WIDTH)}
for i in range(DEPTH):
    p = f"model.layers.{i}."
    weights |= {
        p + "input_layernorm.weight": gain(),
        p + "self_attn.q_proj.weight": matrix(HEADS * HEAD_DIM, WIDTH),
        p + "self_attn.k_proj.weight": matrix(KV_HEADS * HEAD_DIM, WIDTH),
        p + "self_attn.v_proj.weight": matrix(KV_HEADS * HEAD_DIM, WIDTH),
        p + "self_attn.o_proj.weight": matrix(WIDTH, WIDTH),
        p + "post_attention_layernorm.weight": gain(),
        p + "mlp.gate_proj.weight": matrix(FFN, WIDTH),
        p + "mlp.up_proj.weight": matrix(FFN, WIDTH),
        p + "mlp.down_proj.weight": matrix(WIDTH, FFN),
    }
weights |= {
    "model.norm.weight": gain(),
    # Gradient norms come out at 3-4, so clipping to 1 acts on every step.
    "lm_head.weight": matrix(VOCAB, WIDTH),
}
# Both sides start from the same float32 numbers.
initial = {n: w.float() for n, w in weights.items()}


# ---- the model, in float64 (the reference) or float32 (the baseline) --------

class Llama:
    def __init__(self, dtype):
        # clone(): a float32 run must not train `initial` in place
        self.params = {n: torch.nn.Parameter(w.to(dtype).clone())
                       for n, w in initial.items()}
        inv_freq = 1.0 / ROPE_BASE ** (torch.arange(0, HEAD_DIM, 2) / HEAD_DIM)
        angles = torch.outer(torch.arange(CONTEXT, dtype=torch.float64), inv_freq)
        self.cos = torch.cat([angles, angles], -1).cos().to(dtype)  # [T, d]
        self.sin = torch.cat([angles, angles], -1).sin().to(dtype)

    def rms_norm(self, x, gain):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + NORM_EPS) * gain

    def rope(self, x):  # x [b, h, T, d]; Hugging Face's rotate-half (i, i + d/2)
        t, half = x.shape[2], HEAD_DIM // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], -1)
        return x * self.cos[:t] + rotated * self.sin[:t]

    def attention(self, x, i):
        b, t, _ = x.shape
        w = lambda name: self.params[f"model.layers.{i}.self_attn.{name}.weight"]
        split = lambda y, heads: y.view(b, t, heads, HEAD_DIM).transpose(1, 2)
        q = self.rope(split(x @ w("q_proj").T, HEADS))
        k = self.rope(split(x @ w("k_proj").T, KV_HEADS))
        v = split(x @ w("v_proj").T, KV_HEADS)
        groups = HEADS // KV_HEADS  # query head h reads KV head h // groups
        k = k.repeat_interleave(groups, dim=1)
        v = v.repeat_interleave(groups, dim=1)
        scores = q @ k.transpose(-1, -2) / math.sqrt(HEAD_DIM)
        causal = torch.ones(t, t, dtype=torch.bool).tril()
        scores = scores.masked_fill(~causal, float("-inf"))
        context = scores.softmax(-1) @ v  # [b, heads, T, d]
        return context.transpose(1, 2).reshape(b, t, WIDTH) @ w("o_proj").T

    def ffn(self, x, i):
        w = lambda name: self.params[f"model.layers.{i}.mlp.{name}.weight"]
        gate, up = x @ w("gate_proj").T, x @ w("up_proj").T
        return (F.silu(gate) * up) @ w("down_proj").T

    def logits(self, ids):  # ids [b, T] -> [b, T, vocab]
        p = self.params
        x = p["model.embed_tokens.weight"][ids]
        for i in range(DEPTH):
            layer = f"model.layers.{i}."
            norm = lambda x, name: self.rms_norm(x, p[layer + name + ".weight"])
            x = x + self.attention(norm(x, "input_layernorm"), i)
            x = x + self.ffn(norm(x, "post_attention_layernorm"), i)
        return self.rms_norm(x, p["model.norm.weight"]) @ p["lm_head.weight"].T

    def loss(self, ids, targets):  # the mean cross-entropy over every position
        logits = self.logits(ids).reshape(-1, VOCAB)
        return F.cross_entropy(logits, targets.reshape(-1))


# ---- the data: 10 batches of windows from a learnable token stream ---------

data_gen = torch.Generator().manual_seed(7)
stream, token = [], 0
for n in range(2_000):
    stride = 1 + (n // 40) % 3  # counting up by 1, 2 or 3, with noise
    noise = int(torch.randint(0, 8, (1,), generator=data_gen)) == 0
    token = (token + stride + noise) % VOCAB
    stream.append(token)
stream = torch.tensor(stream)
starts = torch.randint(0, len(stream) - CONTEXT - 1, (STEPS, BATCH), generator=data_gen)
windows = torch.stack([torch.stack([stream[s:s + CONTEXT + 1] for s in row])
                       for row in starts])  # [STEPS, BATCH, CONTEXT + 1]
ids, targets = windows[..., :-1], windows[..., 1:]


# ---- the run: loss and gradients at the initial weights, then 10 steps ------

def train(dtype):
    model = Llama(dtype)
    params = model.params
    optimizer = torch.optim.AdamW(
        [{"params": [p for p in params.values() if p.dim() >= 2],
          "weight_decay": RECIPE["weight_decay"]},
         {"params": [p for p in params.values() if p.dim() < 2],  # gains
          "weight_decay": 0.0}],
        lr=RECIPE["max_lr"], betas=(RECIPE["beta1"], RECIPE["beta2"]),
        eps=RECIPE["eps"])
    run = {"losses": [], "gradient_norms": [], "learning_rates": []}
    for step in range(STEPS):
        lr = cosine_schedule(step, RECIPE["warmup"], RECIPE["total"],
                             RECIPE["max_lr"], RECIPE["min_lr"])
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.zero_grad()
        loss = model.loss(ids[step], targets[step])
        loss.backward()
        if step == 0:
            run["gradients"] = {n: p.grad.clone() for n, p in params.items()}
        norm = torch.nn.utils.clip_grad_norm_(list(params.values()), RECIPE["clip_norm"])
        optimizer.step()
        run["losses"].append(loss.item())
        run["gradient_norms"].append(norm.item())
        run["learning_rates"].append(lr)
    run["final"] = {n: p.detach().clone() for n, p in params.items()}
    return model, run


def f32(tensors):
    return {n: t.detach().float().contiguous() for n, t in tensors.items()}


reference_model, reference = train(torch.float64)
for step in range(STEPS):
    print(f"step {step}: loss {reference['losses'][step]:.6f}, "
          f"grad norm {reference['gradient_norms'][step]:.4f}, "
          f"lr {reference['learning_rates'][step]:.6f}")

config = {
    "architectures": ["LlamaForCausalLM"], "model_type": "llama",
    "torch_dtype": "float32", "vocab_size": VOCAB,
    "max_position_embeddings": CONTEXT, "hidden_size": WIDTH,
    "num_hidden_layers": DEPTH, "num_attention_heads": HEADS,
    "num_key_value_heads": KV_HEADS, "head_dim": HEAD_DIM,
    "intermediate_size": FFN, "hidden_act": "silu", "rms_norm_eps": NORM_EPS,
    "rope_theta": ROPE_BASE,
    "rope_parameters": {"rope_type": "default", "rope_theta": ROPE_BASE},
    "tie_word_embeddings": False, "attention_bias": False, "mlp_bias": False,
}
(HERE / "config.json").write_text(json.dumps(config, indent=2) + "\n")
save_file(initial, HERE / "model.safetensors", metadata={"format": "pt"})
save_file(f32(reference["gradients"]), HERE / "gradients.safetensors",
          metadata={"format": "pt"})
save_file(f32(reference["final"]), HERE / "final.safetensors", metadata={"format": "pt"})
(HERE / "reference.json").write_text(json.dumps({
    "recipe": RECIPE,
    "batch": BATCH, "context": CONTEXT,
    "ids": ids.tolist(),          # [step][row][position]
    "targets": targets.tolist(),
    "loss": reference["losses"][0],  # at the initial weights, on batch 0
    "losses": reference["losses"],   # per step, before its update
    "gradient_norms": reference["gradient_norms"],  # before clipping
    "learning_rates": reference["learning_rates"],
}) + "\n")
for f in sorted(HERE.iterdir()):
    if f.name != "make_fixture.py":
        print(f"{f.relative_to(HERE.parent)}: {f.stat().st_size} bytes")


def check_with_transformers():
    """LlamaForCausalLM on the saved checkpoint gives our model's logits."""
    try:
        from transformers import LlamaForCausalLM
    except ImportError:
        print("transformers not importable: cross-check skipped")
        return
    hf = LlamaForCausalLM.from_pretrained(HERE, dtype=torch.float64).eval()
    with torch.no_grad():
        theirs = hf(ids[0]).logits
        ours = Llama(torch.float64).logits(ids[0])
    diff = (theirs - ours).abs().max().item()
    print(f"transformers LlamaForCausalLM: max |Δlogit| = {diff:.2e}")
    assert diff < 1e-5, "the plain-PyTorch model is not Hugging Face's Llama"


check_with_transformers()


# How far PyTorch's own float32 run lands from the float64 reference: the
# noise floor a float32 implementation is held to (the Swift test's
# tolerances sit a few times above it; Adam's m/sqrt(v) amplifies rounding
# in small gradients, so the final weights drift most).
def spread(ours, theirs):  # max |Δ| over a tensor / max |reference|
    return ((ours.double() - theirs).abs().max() / theirs.abs().max()).item()


def largest(key):  # the worst tensor's spread
    return max(spread(single[key][n], t) for n, t in reference[key].items())


def relative(key, steps=STEPS):  # the worst step's relative error
    return max(abs(x - y) / abs(y)
               for x, y in zip(single[key][:steps], reference[key][:steps]))


_, single = train(torch.float32)
print(f"PyTorch float32 vs float64: loss {relative('losses', 1):.1e}, "
      f"gradients {largest('gradients'):.1e}, "
      f"10-step losses {relative('losses'):.1e}, "
      f"gradient norms {relative('gradient_norms'):.1e}, "
      f"final weights {largest('final'):.1e}")
