"""Chapter 7's reference: the book's model (bench/torch_llama.py) trained with
PyTorch's DistributedDataParallel over the gloo backend, in `--ranks`
processes on this machine, each with `--threads` threads (one thread: each
process pinned to a core of its own, as chapter 7's ranks are), for `make bench`.

    .refenv/bin/python bench/torch_ddp.py --ranks 2 --threads 1 --batch 16 --ctx 128

The global batch of `--batch` windows is split evenly over the ranks; each
step is forward, backward (DDP all-reduces the gradients in buckets,
overlapped with the backward pass), clipping to norm 1 and AdamW (weight
decay 0.1, betas 0.9/0.95), as chapter 4's step. Rank 0 prints JSON: the
median milliseconds of a step over the repeats (after warm-up), global
tokens per second, the largest peak resident memory over the ranks in MB,
and the torch version.
"""
import argparse
import json
import os
import resource
import socket
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_llama import Model  # noqa: E402


def worker(rank, a, port, results):
    os.environ["MASTER_ADDR"], os.environ["MASTER_PORT"] = "127.0.0.1", str(port)
    dist.init_process_group("gloo", rank=rank, world_size=a.ranks)
    if a.threads == 1:  # pinned to a core each, as scripts/mpirun.sh pins our ranks
        os.sched_setaffinity(0, {rank % os.cpu_count()})
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    m = Model(a.vocab, a.dim, a.layers, a.heads, a.kv_heads, a.ffn, a.ctx)
    ddp = DistributedDataParallel(m)
    opt = torch.optim.AdamW(ddp.parameters(), lr=3e-4, betas=(0.9, 0.95), weight_decay=0.1)
    local = a.batch // a.ranks
    g = torch.Generator().manual_seed(1)
    x = torch.randint(0, a.vocab, (a.batch, a.ctx), generator=g)[rank * local:(rank + 1) * local]
    y = torch.randint(0, a.vocab, (a.batch, a.ctx), generator=g)[rank * local:(rank + 1) * local]
    times = []
    for i in range(a.repeats + 2):
        dist.barrier()
        t0 = time.perf_counter()
        loss = ddp(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(ddp.parameters(), 1.0)
        opt.step()
        loss.item()
        if i >= 2:
            times.append(time.perf_counter() - t0)
    rss = torch.tensor([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024])
    dist.all_reduce(rss, op=dist.ReduceOp.MAX)
    if rank == 0:
        ms = 1000 * sorted(times)[len(times) // 2]
        results.put({"ms": ms, "tokens_per_s": a.batch * a.ctx / ms * 1000,
                     "ranks": a.ranks, "threads": a.threads, "torch": torch.__version__,
                     "max_rss_mb": rss.item()})
    dist.destroy_process_group()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ranks", type=int, default=2)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, default=10)
    for name, default in [("vocab", 4096), ("dim", 384), ("layers", 6), ("heads", 6),
                          ("kv-heads", 2), ("ffn", 1024), ("ctx", 128), ("batch", 16)]:
        p.add_argument(f"--{name}", type=int, default=default)
    a = p.parse_args()
    if a.batch % a.ranks:
        p.error(f"--batch {a.batch} does not split over {a.ranks} ranks")
    with socket.socket() as s:  # a free port for the rendezvous
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    results = mp.get_context("spawn").SimpleQueue()
    mp.spawn(worker, args=(a, port, results), nprocs=a.ranks)
    print(json.dumps(results.get()))


if __name__ == "__main__":
    main()
