"""Gate saturation, after Karpathy, Johnson & Fei-Fei (2015), "Visualizing and Understanding
Recurrent Networks", fig. 3: one panel per sigmoid gate, each unit a dot at (fraction of steps the
gate is left-saturated, < 0.1; fraction right-saturated, > 0.9). Units on the diagonal x + y = 1 are
always saturated (switches); units near the origin never are. The sentence's units are drawn over
the model's own corpus (the baseline), so what is unusual about this sentence stands out.
Inputs come from explorer.analysis.saturation: gate -> (left (H,), right (H,)).
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorer.figures.theme import NAMES, PALETTE, THEME, title

ORDER = ("i", "f", "o", "r", "z")  # LSTM then GRU sigmoid gates, in the order the panels appear
PANEL, GAP, MARGIN = 320, 70, dict(l=90, r=30, t=130, b=70)  # px: a square panel, the space between two
STYLE = {"this sentence": dict(symbol="diamond", size=11, color=PALETTE[1], line=dict(color="white", width=1)),
         "corpus baseline": dict(symbol="circle", size=8, color="#8c8c8c", opacity=0.45, line=dict(width=0))}


def _ref(axis: str, k: int) -> str:
    return axis if k == 0 else f"{axis}{k + 1}"


def _dots(fractions: tuple, k: int, series: str, gate: str) -> go.Scatter:
    """One series of one panel: unit u at (left[u], right[u]), float32."""
    left, right = (np.asarray(a, dtype=np.float32) for a in fractions)
    return go.Scatter(
        x=left, y=right, mode="markers", name=series, legendgroup=series, showlegend=k == 0,
        marker=STYLE[series], xaxis=_ref("x", k), yaxis=_ref("y", k), meta=dict(gate=gate, series=series),
        customdata=np.arange(left.size),
        hovertemplate=f"unit %{{customdata}}<br>{gate} &lt; 0.1 on %{{x:.0%}} of steps"
                      f"<br>{gate} &gt; 0.9 on %{{y:.0%}}<extra>{series}</extra>")


def _panel_layout(k: int, n: int, gate: str) -> tuple[dict, dict, dict]:
    """Axes k (a square 0..1 box in its own x domain), its diagonal x + y = 1 and its title."""
    width, gap = PANEL / (n * PANEL + (n - 1) * GAP), GAP / (n * PANEL + (n - 1) * GAP)
    lo = k * (width + gap)
    x = THEME.axis("share of steps &lt; 0.1", domain=[lo, lo + width], range=[-0.03, 1.03], anchor=_ref("y", k),
                   tickformat=".0%", dtick=0.25, constrain="domain")
    y = THEME.axis("share of steps &gt; 0.9" if k == 0 else "", range=[-0.03, 1.03], anchor=_ref("x", k),
                   tickformat=".0%", dtick=0.25, scaleanchor=_ref("x", k), constrain="domain",
                   showticklabels=k == 0)
    diagonal = dict(type="line", x0=0, y0=1, x1=1, y1=0, xref=_ref("x", k), yref=_ref("y", k), layer="below",
                    line=dict(color="#555555", width=1.5, dash="dash"))
    head = dict(text=f"<b>{NAMES[gate]}</b>", x=0.5, y=1.0, xref=f"{_ref('x', k)} domain",
                yref=f"{_ref('y', k)} domain", yanchor="bottom", showarrow=False, font=dict(size=17))
    return x, y, dict(diagonal=diagonal, head=head)


def _no_gates(heading: str) -> go.Figure:
    note = dict(text="A plain RNN has no gates, so nothing can saturate.", x=0.5, y=0.5, xref="paper",
                yref="paper", showarrow=False, font=dict(size=20))
    hidden = dict(visible=False)
    return go.Figure(layout=THEME.layout(heading, height=300, annotations=[note], xaxis=hidden, yaxis=hidden))


def saturation_figure(sentence: dict[str, tuple[np.ndarray, np.ndarray]],
                      baseline: dict[str, tuple[np.ndarray, np.ndarray]] | None,
                      model: str = "", text: str = "", layer: int = 0) -> go.Figure:
    """Panels side by side, one per gate in `sentence` (i, f, o or r, z); baseline dots behind."""
    heading = title("Gate saturation", model, text, layer)
    if not sentence:
        return _no_gates(heading)
    gates = sorted(sentence, key=lambda g: ORDER.index(g) if g in ORDER else len(ORDER))
    data, axes, shapes, notes = [], {}, [], []
    for k, gate in enumerate(gates):
        if baseline and gate in baseline:
            data.append(_dots(baseline[gate], k, "corpus baseline", gate))
        data.append(_dots(sentence[gate], k, "this sentence", gate))
        axes[_ref("xaxis", k)], axes[_ref("yaxis", k)], extra = _panel_layout(k, len(gates), gate)
        shapes.append(extra["diagonal"])
        notes.append(extra["head"])
    notes.append(dict(text="always saturated (x + y = 1)", x=0.58, y=0.58, xref="x", yref="y", textangle=45,
                      xanchor="center", yanchor="middle", showarrow=False, font=dict(size=14, color="#555555")))
    legend = dict(orientation="h", x=1, xanchor="right", y=1.13, yanchor="bottom", traceorder="reversed")
    width = MARGIN["l"] + MARGIN["r"] + len(gates) * PANEL + (len(gates) - 1) * GAP
    return go.Figure(data=data, layout=THEME.layout(heading, width=max(width, 760), shapes=shapes, legend=legend,
                                                    height=MARGIN["t"] + MARGIN["b"] + PANEL, annotations=notes,
                                                    margin=MARGIN, **axes))
