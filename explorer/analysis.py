"""Numbers from traces: unit orderings, top-k predictions, gate saturation, contrast units.

Pure numpy over `Trace` / `LayerTrace` arrays: no model is run and nothing is drawn here, so the
figures, the app and notebooks all share one definition of each quantity.
Shapes: T steps, H units, V vocabulary.

Saturation follows Karpathy, Johnson & Fei-Fei (2015), "Visualizing and Understanding Recurrent
Networks": a gate is left-saturated below 0.1 and right-saturated above 0.9.
"""
from __future__ import annotations

import numpy as np

from explorer.trace import LayerTrace

SIGMOID_GATES = ("i", "f", "o", "r", "z")  # gates in (0, 1); g and n are tanh candidates
ORDERS = ("index", "variance", "activity")
CONTRAST_PAIRS = [("his", "her"), ("he", "she"), ("him", "her"), ("himself", "herself"),
                  ("sir", "ma'am"), ("is", "are"), ("was", "were"), ("has", "have")]


def default_quantity(layer: LayerTrace) -> str:
    """The state worth looking at first: c for an LSTM, h otherwise."""
    return "c" if layer.c is not None else "h"


def values(layer: LayerTrace, quantity: str | None = None) -> np.ndarray:
    """(T, H) values of "h", "c" or a gate name; None means `default_quantity`."""
    q = quantity or default_quantity(layer)
    if q == "h":
        return layer.h
    if q == "c":
        if layer.c is None:
            raise ValueError("Only an LSTM has a cell state c; choose h or a gate instead.")
        return layer.c
    if q not in layer.gates:
        raise ValueError(f"This layer has no {q!r}; it has h{', c' if layer.c is not None else ''}"
                         f"{''.join(', ' + g for g in layer.gates)}.")
    return layer.gates[q]


def order_units(layer: LayerTrace, how: str, step: int, quantity: str | None = None) -> np.ndarray:
    """A permutation of the H unit indices (int64, (H,)).

    "index": 0..H-1; "variance": variance over the steps, highest first; "activity": |value| at
    `step`, highest first. Ties keep index order (stable sort), so the result is deterministic.
    """
    x = values(layer, quantity)  # (T, H)
    if how == "index":
        return np.arange(x.shape[1])
    if how == "variance":
        key = x.var(axis=0)
    elif how == "activity":
        key = np.abs(x[min(max(step, 0), x.shape[0] - 1)])
    else:
        raise ValueError(f"Unknown unit order {how!r}: expected one of {', '.join(ORDERS)}.")
    return np.argsort(-key, kind="stable")


def topk(probs: np.ndarray, vocab: list[str], k: int) -> list[list[tuple[str, float]]]:
    """Per step, the k most probable next tokens as (token, p), best first. probs: (T, V)."""
    k = max(1, min(k, probs.shape[1]))
    top = np.argpartition(-probs, k - 1, axis=1)[:, :k]  # (T, k), unordered
    rows = np.take_along_axis(probs, top, axis=1)
    order = np.argsort(-rows, axis=1, kind="stable")
    top, rows = np.take_along_axis(top, order, axis=1), np.take_along_axis(rows, order, axis=1)
    return [[(vocab[j], float(p)) for j, p in zip(ids, ps)] for ids, ps in zip(top, rows)]


def saturation(layers: list[LayerTrace], lo: float = 0.1, hi: float = 0.9) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per sigmoid gate and unit: the fraction of steps below `lo` and above `hi`.

    `layers` are the same layer of one or many traces; steps are pooled over all of them.
    Returns gate -> (left (H,), right (H,)) float64 fractions; {} for an RNN (no gates).
    """
    if not layers:
        return {}
    out = {}
    for gate in (g for g in SIGMOID_GATES if g in layers[0].gates):
        x = np.concatenate([lt.gates[gate] for lt in layers], axis=0)  # (sum T, H)
        out[gate] = ((x < lo).mean(axis=0), (x > hi).mean(axis=0))
    return out


def choose_pair(probs_row: np.ndarray, vocab: list[str]) -> tuple[str, str] | None:
    """The contrast pair (both words in `vocab`) with the most next-token mass; None if none fits.

    probs_row: (V,), one step of `Trace.probs`.
    """
    index = {t: k for k, t in enumerate(vocab)}
    pairs = [(a, b) for a, b in CONTRAST_PAIRS if a in index and b in index]
    if not pairs:
        return None
    mass = [float(probs_row[index[a]] + probs_row[index[b]]) for a, b in pairs]
    return pairs[int(np.argmax(mass))]  # argmax keeps the first (listed) pair on ties


def contrast_unit(a: LayerTrace, b: LayerTrace, step_a: int, step_b: int, quantity: str | None = "c") -> int:
    """The unit whose value differs most (in absolute value) between a at step_a and b at step_b.

    E.g. "a boy ..." vs "a girl ..." at the same step finds a candidate gender unit.
    Falls back to h when c is asked of a cell without one.
    """
    q = quantity if quantity != "c" or a.c is not None else "h"
    diff = values(a, q)[step_a] - values(b, q)[step_b]  # (H,)
    return int(np.argmax(np.abs(diff)))


def downsample_steps(T: int, max_steps: int) -> np.ndarray:
    """Which of T steps to show: all if T <= max_steps, else every k-th counted back from the last.

    k = ceil(T / max_steps), so at most max_steps indices, evenly spaced, ascending, ending at T-1.
    """
    if T <= max_steps:
        return np.arange(T)
    k = -(-T // max(max_steps, 1))
    return np.arange(T - 1, -1, -k)[::-1].copy()


def stride(T: int, max_steps: int) -> int:
    """The k of `downsample_steps` (1 when nothing is dropped)."""
    return 1 if T <= max_steps else -(-T // max(max_steps, 1))
