"""Rebuild the shipped models from their seeds: python -m explorer.train [--only NAME ...].

Every model is trained on this machine's CPU with one thread, and written to pretrained/NAME/ with
a card that records its corpus, its training run (seed, steps, wall time, command) and its
measured metrics. The three teaching models share one data set, one architecture size and one
budget, so their differences are the cell's alone.
"""
from __future__ import annotations

import argparse
import platform
import shlex
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import torch
from tqdm import tqdm

from explorer import registry
from explorer.models import ModelConfig, RecurrentLM


@dataclass(frozen=True)
class Spec:
    """One shipped model: what it is and its training budget."""

    name: str
    cell: str
    data: str  # "teach" | "char"
    embedding_size: int
    hidden_size: int
    layers: int
    steps: int
    batch: int
    lr: float
    seed: int
    seq_len: int = 0  # char models: characters per training window
    dropout: float = 0.0
    description: str = ""


TEACH = dict(data="teach", embedding_size=64, hidden_size=128, layers=1, steps=6000, batch=64, lr=5e-3, seed=7)
SPECS = {
    "lstm-teach": Spec("lstm-teach", "lstm", **TEACH,
                       description="Word-level LSTM on the teaching corpus: keeps the subject across 50 words."),
    "gru-teach": Spec("gru-teach", "gru", **TEACH,
                      description="Word-level GRU, same size, data and budget as lstm-teach."),
    "rnn-teach": Spec("rnn-teach", "rnn", **TEACH,
                      description="Word-level plain tanh RNN, same size, data and budget as lstm-teach."),
    "lstm-char": Spec("lstm-char", "lstm", "char", embedding_size=48, hidden_size=256, layers=2, steps=5000,
                      batch=32, lr=2e-3, seed=11, seq_len=128, dropout=0.1,
                      description="Character-level 2-layer LSTM on 6 MB of Shakespeare: reads any text."),
}


def train(spec: Spec, data, out: Path, progress: bool = True) -> dict:
    """Train one model on `data` (a teach_data/char_data object) and write its folder; returns its card."""
    torch.manual_seed(spec.seed)
    config = ModelConfig(spec.cell, len(data.vocab), spec.embedding_size, spec.hidden_size, spec.layers, spec.dropout)
    module = RecurrentLM(config)
    opt = torch.optim.Adam(module.parameters(), lr=spec.lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=spec.lr, total_steps=spec.steps, pct_start=0.05)
    gen = torch.Generator().manual_seed(spec.seed)
    start, losses = time.perf_counter(), []
    for _ in tqdm(range(spec.steps), desc=spec.name, disable=not progress, mininterval=2.0):
        module.train()
        x, y = data.batch(spec.batch, gen, spec.seq_len)
        loss = torch.nn.functional.cross_entropy(module(x).flatten(0, 1), y.flatten(), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(module.parameters(), 1.0)
        opt.step()
        sched.step()
        losses.append(loss.item())
    wall = time.perf_counter() - start
    module.eval()
    card = make_card(spec, data, wall, losses)
    card["metrics"] = data.metrics(module)
    registry.save_dir(out / spec.name, module, card)
    return card


def make_card(spec: Spec, data, wall: float, losses: list[float]) -> dict:
    tail = losses[-100:]
    return {
        "name": spec.name, "description": spec.description, "cell": spec.cell, "tokenizer": data.tokenizer,
        "vocab": data.vocab, "corpus": data.card,
        "training": {
            "seed": spec.seed, "steps": spec.steps, "batch": spec.batch, "lr": spec.lr, "optimizer": "Adam, one-cycle",
            "seq_len": spec.seq_len or None, "dropout": spec.dropout, "grad_clip": 1.0,
            "final_train_loss": round(sum(tail) / len(tail), 4), "wall_time_s": round(wall, 1),
            "threads": torch.get_num_threads(), "torch": torch.__version__, "machine": platform.machine(),
            "command": f"python -m explorer.train --only {spec.name}",
        },
    }


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--only", nargs="*", choices=sorted(SPECS), help="models to train (default: all)")
    p.add_argument("--out", type=Path, default=registry.PRETRAINED)
    p.add_argument("--steps", type=int, help="override the step budget (for quick trials)")
    p.add_argument("--lr", type=float, help="override the peak learning rate (for quick trials)")
    p.add_argument("--data-dir", type=Path, default=Path("data"), help="where registry downloads are cached")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    from explorer import trainingdata  # noqa: PLC0415 (imports the corpus only when training)

    for name in args.only or list(SPECS):
        spec = SPECS[name]
        spec = spec if args.steps is None else replace(spec, steps=args.steps)
        spec = spec if args.lr is None else replace(spec, lr=args.lr)
        data = trainingdata.for_spec(spec, args.data_dir)
        card = train(spec, data, args.out)
        print(f"{name}: {card['training']['wall_time_s']} s; metrics: {card['metrics']}", file=sys.stderr)
    print("command:", shlex.join(["python", "-m", "explorer.train", *(argv or sys.argv[1:])]), file=sys.stderr)


if __name__ == "__main__":
    main()
