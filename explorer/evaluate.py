"""How well a model does: agreement accuracy on the corpus's evaluation sets, and held-out loss.

Agreement (Linzen et al. 2016): an item counts as right when the model gives the right form a
higher next-token probability than the wrong one after the prefix.
"""
from __future__ import annotations

import math

import torch

from explorer.models import RecurrentLM
from explorer.tokenizers import Tokenizer


def pad(seqs: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-pad id lists with 0: -> ids (B, T) and lengths (B,)."""
    T = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), T, dtype=torch.int64)
    for b, s in enumerate(seqs):
        ids[b, : len(s)] = torch.tensor(s)
    return ids, torch.tensor([len(s) for s in seqs])


@torch.no_grad()
def agreement(module: RecurrentLM, tok: Tokenizer, items, batch: int = 256) -> dict:
    """{phenomenon: {"lo-hi": {"accuracy": a, "n": n}}} over EvalItems."""
    module.eval()
    scores: dict = {}
    for k in range(0, len(items), batch):
        chunk = items[k : k + batch]
        ids, lengths = pad([list(tok.encode(it.prefix).ids) for it in chunk])
        logits = module(ids)[torch.arange(len(chunk)), lengths - 1]  # (B, V) after the prefix
        right = logits[torch.arange(len(chunk)), torch.tensor([tok.index[it.right] for it in chunk])]
        wrong = logits[torch.arange(len(chunk)), torch.tensor([tok.index[it.wrong] for it in chunk])]
        for it, ok in zip(chunk, (right > wrong).tolist()):
            cell = scores.setdefault(it.phenomenon, {}).setdefault(f"{it.bucket[0]}-{it.bucket[1]}", [0, 0])
            cell[0] += ok
            cell[1] += 1
    return {p: {b: {"accuracy": round(r / n, 4), "n": n} for b, (r, n) in sorted(bs.items(), key=_lo)}
            for p, bs in scores.items()}


def _lo(kv):
    return int(kv[0].split("-")[0])


@torch.no_grad()
def mean_loss(module: RecurrentLM, batches) -> float:
    """Mean next-token cross-entropy in nats over (inputs, targets) batches; targets -100 are ignored."""
    module.eval()
    total, count = 0.0, 0
    for x, y in batches:
        logits = module(x)
        total += torch.nn.functional.cross_entropy(logits.flatten(0, 1), y.flatten(),
                                                   ignore_index=-100, reduction="sum").item()
        count += int((y != -100).sum())
    return total / max(count, 1)


def bits(nats: float) -> float:
    return nats / math.log(2)
