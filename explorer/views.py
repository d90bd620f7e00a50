"""The app's views as functions of (model, trace, focus): shared by the tabs and the export CLI.

Each view turns a trace into its main figure with the figures package, plus the few numbers
the views need from other models (the LSTM/GRU/RNN comparison) or from the model's own
corpus (the saturation baseline).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from explorer import analysis, corpus, registry
from explorer.figures import cell, compare, heatmaps, predictions, saturation, units
from explorer.sample import continuation
from explorer.errors import ExplorerError
from explorer.trace import Trace

VIEWS = {  # name -> tab label
    "overview": "Overview",
    "cell": "The cell at step t",
    "units": "Units over time",
    "predictions": "Predictions",
    "saturation": "Gate saturation",
    "compare": "LSTM vs GRU vs RNN",
}
TEACHING = ("lstm-teach", "gru-teach", "rnn-teach")
BASELINE_SENTENCES = 200


@dataclass(frozen=True)
class Focus:
    """What every view looks at: a layer, a step (token index) and a unit."""

    layer: int = 0
    step: int = 0
    unit: int = 0

    def clamp(self, tr: Trace) -> "Focus":
        L, T, H = len(tr.layers), len(tr.tokens), tr.layers[0].h.shape[1]
        layer = min(max(self.layer, 0), L - 1)
        return Focus(layer, min(max(self.step, 0), T - 1), min(max(self.unit, 0), H - 1))


def default_units(tr: Trace, focus: Focus, n: int = 4) -> list[int]:
    """The chosen unit and the most variable others (for the line plot)."""
    order = analysis.order_units(tr.layers[focus.layer], "variance", focus.step)
    return [focus.unit, *[int(u) for u in order if u != focus.unit][: n - 1]]


@functools.lru_cache(maxsize=8)
def baseline(name: str) -> tuple:
    """Layer traces of text from the model's own corpus, per layer (computed once per model)."""
    m = registry.load_model(name)
    if m.card["tokenizer"] == "word":
        traces = m.trace_batch(corpus.generate(99, BASELINE_SENTENCES))
    else:  # the training text is not shipped; the model's own writing stands in for it
        seed_trace = m.trace("The ")
        traces = [m.trace("The " + "".join(continuation(m, seed_trace, n=2000, temperature=1.0, seed=1)))]
    return tuple(tuple(tr.layers[k] for tr in traces) for k in range(m.config.layers))


def baseline_note(name: str) -> str:
    m = registry.load_model(name)
    if m.card["tokenizer"] == "word":
        return f"baseline: {BASELINE_SENTENCES} sentences of the teaching corpus"
    return "baseline: 2,000 characters the model wrote itself (its training text is not shipped)"


def compare_rows(text: str, step: int) -> tuple[list[dict], tuple[str, str] | None, list[str], int]:
    """The teaching models on one text: rows for figures.compare, the contrast pair, the words and
    the step (clamped to them)."""
    traces = {n: registry.load_model(n).trace(text) for n in TEACHING if n in registry.list_models()}
    if not traces:
        return [], None, [""], 0
    first = next(iter(traces.values()))
    step = min(step, len(first.tokens) - 1)
    vocab = registry.load_model(next(iter(traces))).vocab
    pair = analysis.choose_pair(first.probs[step], vocab)
    if pair is None:
        return [], None, first.tokens, step
    a, b = vocab.index(pair[0]), vocab.index(pair[1])
    rows = [{"model": n, "cell": tr.cell, "p": (float(tr.probs[step, a]), float(tr.probs[step, b])),
             "series": (tr.probs[:, a] / np.maximum(tr.probs[:, a] + tr.probs[:, b], 1e-12)).astype(np.float32)}
            for n, tr in traces.items()]
    return rows, pair, first.tokens, step


def figure(view: str, model, tr: Trace, text: str, focus: Focus):
    """The main figure of a view (what the export CLI writes)."""
    f, name = focus.clamp(tr), model.name
    if view == "overview":
        return heatmaps.overview(tr, f.layer, f.step, f.unit, model=name, text=text)
    if view == "cell":
        return cell.cell_diagram(tr, f.layer, f.step, f.unit, model=name, text=text)
    if view == "units":
        q = analysis.default_quantity(tr.layers[f.layer])
        return units.unit_lines(tr, f.layer, default_units(tr, f), q, step=f.step, model=name, text=text)
    if view == "predictions":
        return predictions.topk_grid(tr, model.vocab, step=f.step, model=name, text=text)
    if view == "saturation":
        sat = analysis.saturation([tr.layers[f.layer]])
        base = analysis.saturation(list(baseline(name)[f.layer]))
        return saturation.saturation_figure(sat, base, model=name, text=text, layer=f.layer)
    if view == "compare":
        rows, pair, words, step = compare_rows(text, f.step)
        return compare.compare_choices(rows, pair or ("", ""), step, words[step], text=text, tokens=words)
    raise ExplorerError(f"There is no view named {view!r}; the views are: {', '.join(VIEWS)}.")
