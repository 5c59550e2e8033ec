"""PyTorch's causal attention forward + backward, the reference for `make bench`.

    .refenv/bin/python bench/torch_attention_bench.py --threads 2 --repeats 20

F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True) on
float32 q [batch, heads, T, headDim], k and v [batch, kvHeads, T, headDim],
then backward from sum(out * dy). Prints JSON: the median milliseconds over
the repeats (after warm-up runs), the thread count and the torch version.
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--heads", type=int, default=6)
    parser.add_argument("--kv-heads", type=int, default=2)
    parser.add_argument("--time", type=int, default=256)
    parser.add_argument("--head-dim", type=int, default=64)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    b, t, d = args.batch, args.time, args.head_dim
    q = torch.randn(b, args.heads, t, d, requires_grad=True)
    k = torch.randn(b, args.kv_heads, t, d, requires_grad=True)
    v = torch.randn(b, args.kv_heads, t, d, requires_grad=True)
    dy = torch.randn(b, args.heads, t, d)

    def step():
        for x in (q, k, v):
            x.grad = None
        out = F.scaled_dot_product_attention(q, k, v, is_causal=True,
                                             enable_gqa=True)
        out.backward(dy)

    for _ in range(3):
        step()
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    times.sort()
    print(json.dumps({"ms": 1000 * times[len(times) // 2],
                      "threads": torch.get_num_threads(),
                      "torch": torch.__version__.split("+")[0]}))


if __name__ == "__main__":
    main()
