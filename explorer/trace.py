"""Trace: every state and gate of a recurrent LM on one text, as float32 numpy arrays.

A Trace is plain data (TransformerLens's ActivationCache in small): it holds arrays with documented
shapes and draws nothing. `Tracer` snapshots a module's weights once, so each trace costs one fused
forward per layer, one matrix product for the gates and a scan for c (see explorer.cells).
Shapes: T steps, H units, V vocabulary, L layers.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from explorer import cells
from explorer.errors import InterventionError
from explorer.models import RecurrentLM
from explorer.tokenizers import Encoded, Tokenizer


@dataclass(frozen=True)
class Intervention:
    """Set `quantity` ("h", or "c" for LSTM) of `unit` in `layer` to `value` right after `step`.

    Later steps and higher layers see the edited state. Editing c also recomputes h_t = o_t tanh(c_t).
    """

    layer: int
    step: int
    unit: int
    value: float
    quantity: str = "c"


@dataclass
class LayerTrace:
    """One layer: h (T, H); c (T, H) for LSTM else None; gates name -> (T, H)."""

    h: np.ndarray
    c: np.ndarray | None
    gates: dict[str, np.ndarray]


@dataclass
class Trace:
    tokens: list[str]
    ids: np.ndarray  # (T,) int64
    unknown: list[int]  # positions of tokens outside the vocabulary
    cell: str  # "lstm" | "gru" | "rnn"
    layers: list[LayerTrace]
    probs: np.ndarray  # (T, V) next-token distribution after each token
    truncated: int = 0  # tokens dropped past the length cap
    interventions: tuple[Intervention, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.tokens)


class Tracer:
    """Computes traces for one RecurrentLM; holds float32 copies of its weights and a per-token
    table of the first layer's input projection (V, G*H)."""

    def __init__(self, module: RecurrentLM):
        self.cell = module.config.cell
        self.weights = [cells.LayerWeights.of(module.rnn, k) for k in range(module.config.layers)]
        with torch.no_grad():
            emb = module.embed.weight.detach().float()
            self.embed = emb
            self.table0 = cells.project_input(emb[None], self.weights[0].packed)[0]  # (V, G*H)
            self.head_w = module.head.weight.detach().float()
            self.head_b = module.head.bias.detach().float()

    @torch.no_grad()
    def states(self, ids: torch.Tensor) -> list[cells.LayerStates]:
        """ids (B, T) -> every layer's states: the fused path, or the step loop for wide batches."""
        if ids.shape[0] >= cells.WIDE_BATCH:
            return self.stepped_states(ids, ())
        x, out = self.embed[ids], []
        for k, w in enumerate(self.weights):
            xp = self.table0[ids] if k == 0 else None
            out.append(cells.layer_states(self.cell, x, w, xp))
            x = out[-1].h
        return out

    @torch.no_grad()
    def probs(self, h_top: torch.Tensor) -> torch.Tensor:
        """(B, T, H) -> (B, T, V) softmax of the output layer."""
        return torch.softmax(torch.addmm(self.head_b, h_top.reshape(-1, h_top.shape[-1]),
                                         self.head_w.T), dim=-1).view(*h_top.shape[:-1], -1)

    def trace(self, enc: Encoded, interventions=()) -> Trace:
        ids = torch.from_numpy(enc.ids)[None]
        if interventions:
            layers = self.stepped_states(ids, tuple(interventions))
        else:
            layers = self.states(ids)
        return self._to_trace(enc, layers, 0, len(enc.tokens), tuple(interventions))

    def trace_batch(self, encs: list[Encoded]) -> list[Trace]:
        """Many texts at once (padded on the right; causal, so padding changes nothing)."""
        T = max(len(e.tokens) for e in encs)
        ids = torch.zeros(len(encs), T, dtype=torch.int64)
        for b, e in enumerate(encs):
            ids[b, : len(e.tokens)] = torch.from_numpy(e.ids)
        layers = self.states(ids)
        return [self._to_trace(e, layers, b, len(e.tokens), ()) for b, e in enumerate(encs)]

    def _to_trace(self, enc, layers, b, T, interventions) -> Trace:
        probs = self.probs(layers[-1].h[b : b + 1, :T])[0].numpy()
        lt = [LayerTrace(s.h[b, :T].numpy(), None if s.c is None else s.c[b, :T].numpy(),
                         {k: v[b, :T].numpy() for k, v in s.gates.items()}) for s in layers]
        return Trace(enc.tokens, enc.ids, enc.unknown, self.cell, lt, probs, enc.truncated, interventions)

    @torch.no_grad()
    def stepped_states(self, ids: torch.Tensor, edits: tuple[Intervention, ...]) -> list[cells.LayerStates]:
        """One step at a time (time-major inside), applying the interventions as the sequence runs."""
        self._check(edits, ids.shape[1])
        ids_tm, out = ids.T, []
        for k, w in enumerate(self.weights):
            if k == 0:
                xp = self.table0[ids_tm]  # (T, B, G*H), a fresh copy
            else:
                xp = cells.project_input(out[-1].h.transpose(0, 1).contiguous(), w.packed)
            mine = [e for e in edits if e.layer == k]
            out.append(cells.stepped_states(self.cell, xp, w, _editor(mine) if mine else None))
        return out

    def _check(self, edits, T: int) -> None:
        H = self.weights[0].w_hh.shape[1]
        for e in edits:
            if not (0 <= e.layer < len(self.weights) and 0 <= e.step < T and 0 <= e.unit < H):
                raise InterventionError(f"The intervention {e} is outside this trace "
                                        f"({len(self.weights)} layers, {T} steps, {H} units).")
            if e.quantity not in ("h", "c") or (e.quantity == "c" and self.cell != "lstm"):
                raise InterventionError(f"Only h (and c for an LSTM) can be set, not {e.quantity!r}.")


def trace(model, text: str, interventions=()) -> Trace:
    """Trace `text` through a loaded model (anything with .tokenizer and .tracer)."""
    return model.tracer.trace(model.tokenizer.encode(text), interventions)


def trace_batch(model, texts: list[str]) -> list[Trace]:
    """Trace many texts in one batched pass (for corpora)."""
    return model.tracer.trace_batch([model.tokenizer.encode(t) for t in texts])


def tracer_for(module: RecurrentLM, tokenizer: Tokenizer):
    """A minimal loaded-model stand-in for a bare module (used by training and tests)."""
    return _Bare(module, tokenizer, Tracer(module))


@dataclass
class _Bare:
    module: RecurrentLM
    tokenizer: Tokenizer
    tracer: Tracer

    @property
    def vocab(self) -> list[str]:
        return self.tokenizer.vocab


def _editor(edits: list[Intervention]):
    """The in-place hook cells.stepped_states calls after each step to apply these interventions."""
    def edit(t, h, c, gates):
        for e in (e for e in edits if e.step == t):
            if e.quantity == "c":
                c[:, e.unit] = e.value
                h[:, e.unit] = gates[:, 3 * h.shape[1] + e.unit] * torch.tanh(c[:, e.unit])  # o_t tanh(c_t)
            else:
                h[:, e.unit] = e.value
    return edit
