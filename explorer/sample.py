"""Continue a text by sampling from the model, one token at a time, from the trace's last state."""
from __future__ import annotations

import numpy as np
import torch

from explorer import cells
from explorer.trace import Trace


def reweight(p: np.ndarray, temperature: float) -> np.ndarray:
    """p ** (1 / temperature), renormalised (V,); temperature 0 -> the most probable token only."""
    if temperature <= 1e-3:
        out = np.zeros_like(p, dtype=np.float64)
        out[int(np.argmax(p))] = 1.0
        return out
    logp = np.log(np.maximum(p.astype(np.float64), 1e-30)) / temperature
    q = np.exp(logp - logp.max())
    return q / q.sum()


@torch.no_grad()
def continuation(model, tr: Trace, n: int = 20, temperature: float = 0.8, seed: int = 0) -> list[str]:
    """`n` tokens sampled after the traced text (model: a loaded model with .tracer and .vocab)."""
    tracer, rng = model.tracer, np.random.default_rng(seed)
    h = [torch.from_numpy(layer.h[-1:].copy()) for layer in tr.layers]  # (1, H) each
    c = [None if layer.c is None else torch.from_numpy(layer.c[-1:].copy()) for layer in tr.layers]
    p, out = tr.probs[-1], []
    for _ in range(n):
        token = int(rng.choice(len(p), p=reweight(p, temperature)))
        out.append(model.vocab[token])
        x = tracer.table0[token][None]  # (1, G*H), the first layer's input projection
        for k, w in enumerate(tracer.weights):
            if k > 0:
                x = cells.project_input(h[k - 1][None], w.packed)[0]
            h[k], c[k], _ = cells.step(tracer.cell, x, h[k], c[k], w)
        p = tracer.probs(h[-1][None])[0, 0].numpy()
    return out
