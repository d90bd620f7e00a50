"""Trace cost against the plain forward pass, for every shipped model; prints a table.

plain: embedding -> recurrent stack -> linear -> softmax (torch's fused kernels, no gates)
trace: explorer's exact trace (every h, c and gate, and the probabilities), as float32 numpy
naive: the tutorial loop, one step at a time computing the gates from the equations
One thread, best of several runs. Run: python benchmarks/trace_speed.py [--quick]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import explorer  # noqa: E402
from explorer.trace import Tracer  # noqa: E402


def best(fn, repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


@torch.no_grad()
def plain(module, ids):
    return torch.softmax(module(ids), dim=-1)


@torch.no_grad()
def ours(tracer: Tracer, ids):
    states = tracer.states(ids)
    probs = tracer.probs(states[-1].h).numpy()
    return [(s.h.numpy(), None if s.c is None else s.c.numpy(), {k: v.numpy() for k, v in s.gates.items()})
            for s in states], probs


@torch.no_grad()
def naive(module, ids):
    """Tutorial style: per step, per layer, gates from x_t and h_{t-1} with separate matmuls."""
    rnn, cell, L = module.rnn, module.config.cell, module.config.layers
    x = module.embed(ids)
    B, T, H = ids.shape[0], ids.shape[1], module.config.hidden_size
    h = [x.new_zeros(B, H) for _ in range(L)]
    c = [x.new_zeros(B, H) for _ in range(L)]
    outs = []
    for t in range(T):
        inp = x[:, t]
        for k in range(L):
            w_ih, w_hh = getattr(rnn, f"weight_ih_l{k}"), getattr(rnn, f"weight_hh_l{k}")
            b = getattr(rnn, f"bias_ih_l{k}") + getattr(rnn, f"bias_hh_l{k}")
            if cell == "lstm":
                i, f, g, o = (inp @ w_ih.T + h[k] @ w_hh.T + b).chunk(4, dim=1)
                c[k] = torch.sigmoid(f) * c[k] + torch.sigmoid(i) * torch.tanh(g)
                h[k] = torch.sigmoid(o) * torch.tanh(c[k])
            elif cell == "gru":
                xr, xz, xn = (inp @ w_ih.T + getattr(rnn, f"bias_ih_l{k}")).chunk(3, dim=1)
                hr, hz, hn = (h[k] @ w_hh.T + getattr(rnn, f"bias_hh_l{k}")).chunk(3, dim=1)
                r, z = torch.sigmoid(xr + hr), torch.sigmoid(xz + hz)
                h[k] = (1 - z) * torch.tanh(xn + r * hn) + z * h[k]
            else:
                h[k] = torch.tanh(inp @ w_ih.T + h[k] @ w_hh.T + b)
            inp = h[k]
        outs.append(inp)
    return torch.softmax(module.head(torch.stack(outs, 1)), dim=-1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repeats, no naive loop at batch 64")
    ap.add_argument("--models", nargs="*", default=None)
    args = ap.parse_args()
    torch.set_num_threads(1)
    cols = ("plain ms", "trace ms", "naive ms", "trace/plain", "naive/plain")
    print(f"{'model':<11} {'B':>3} {'T':>5} " + " ".join(f"{c:>11}" for c in cols))
    for name in args.models or explorer.list_models():
        m = explorer.load_model(name)
        for B in (1, 64):
            for T in (16, 256, 2000):
                ids = torch.randint(len(m.vocab), (B, T), generator=torch.Generator().manual_seed(T))
                reps = 3 if (B * T > 20000 or args.quick) else 10
                p = best(lambda: plain(m.module, ids), reps)
                t = best(lambda: ours(m.tracer, ids), reps)
                skip = args.quick and B > 1
                n = float("nan") if skip else best(lambda: naive(m.module, ids), 1 if B * T > 20000 else 3)
                cells = (p * 1e3, t * 1e3, n * 1e3, t / p, n / p)
                print(f"{name:<11} {B:>3} {T:>5} " + " ".join(f"{c:>11.2f}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
