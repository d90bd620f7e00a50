"""Single units over the text: LSTMVis-style lines and Karpathy-style coloured tokens.

`unit_lines` follows LSTMVis (Strobelt et al. 2018): a few units' values across the tokens, with a
threshold to read "on" stretches. `token_strip` and `token_html` follow Karpathy, Johnson &
Fei-Fei (2015): the text itself, each token's background coloured by one unit's value.
Values are shown as they are (c is not squashed with tanh), on the theme's scales.
"""
from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale, unlabel_rgb

from explorer import analysis
from explorer.figures.heatmaps import tick_subset, token_label
from explorer.figures.theme import NAMES, SIGNED, THEME, title
from explorer.trace import Trace

STRIP_TOKENS = 600  # the coloured strip shows at most this many tokens (the title says so)
LINE_COLOURS = [c for c in THEME.palette if c != "#F0E442"] + ["#F0E442"]  # Okabe-Ito, yellow last: faint on white


def unit_lines(tr: Trace, layer: int, units: list[int], quantity: str = "c", threshold: float | None = None,
               step: int | None = None, model: str = "", text: str = "") -> go.Figure:
    """One line per unit of `quantity` (T,) across the tokens; a dashed threshold; the step marked."""
    x, T = analysis.values(tr.layers[layer], quantity), len(tr.tokens)
    labels = [token_label(t) for t in tr.tokens]
    data = [_line(x[:, u], u, k, labels, quantity) for k, u in enumerate(units)]
    if threshold is not None:
        data.append(go.Scatter(x=np.array([0, max(T - 1, 1)], dtype=np.float32), y=np.full(2, threshold, np.float32),
                               name=f"threshold {threshold:g}", mode="lines", hoverinfo="skip",
                               line=dict(color="#555555", width=2, dash="dash")))
    ticks = tick_subset(T) if step is None else np.union1d(tick_subset(T), [step])
    turned = len(ticks) * max(len(labels[t]) for t in ticks) * 10 >= 900
    xaxis = THEME.axis("", tickvals=ticks, ticktext=[_bold(labels[t], t == step) for t in ticks],
                       tickangle=-90 if turned else 0, range=[-0.5, T - 0.5], showgrid=False)
    yaxis = {**THEME.axis(NAMES.get(quantity, quantity)), "zeroline": quantity in SIGNED, "zerolinecolor": "#999999"}
    layout = THEME.layout(title("Units over time", model, text, layer), xaxis=xaxis, yaxis=yaxis, height=480,
                          shapes=_step_line(step), hovermode="closest",
                          legend=dict(font=dict(size=14), orientation="h", x=0, y=1.0, yanchor="bottom"),
                          margin=dict(l=80, r=30, t=130, b=80))
    return go.Figure(data=data, layout=layout)


def _line(y: np.ndarray, unit: int, k: int, labels: list[str], quantity: str) -> go.Scatter:
    """Unit `unit`'s values y (T,) as the k-th line; markers only while they stay apart."""
    return go.Scatter(x=np.arange(len(y), dtype=np.float32), y=y.astype(np.float32), name=f"unit {unit}",
                      mode="lines+markers" if len(y) <= 80 else "lines", text=labels, marker=dict(size=6),
                      line=dict(color=LINE_COLOURS[k % len(LINE_COLOURS)], width=3),
                      hovertemplate=f"%{{text}} (step %{{x}})<br>{quantity} = %{{y:.3f}}<extra>unit {unit}</extra>")


def _bold(label: str, on: bool) -> str:
    return f"<b>{label}</b>" if on else label


def _step_line(step: int | None) -> list[dict]:
    if step is None:
        return []
    return [dict(type="line", x0=step, x1=step, y0=0, y1=1, xref="x", yref="paper", name="step",
                 line=dict(color=THEME.highlight, width=2, dash="dot"))]


def token_strip(tr: Trace, layer: int, unit: int, quantity: str = "c", model: str = "", text: str = "") -> go.Figure:
    """The text wrapped into lines of cells, each coloured by the unit's value; z: (lines, per_line)."""
    x = analysis.values(tr.layers[layer], quantity)[:, unit]
    T, per, name = min(len(tr.tokens), STRIP_TOKENS), _per_line(tr.tokens), NAMES.get(quantity, quantity)
    rows = -(-T // per)
    z = np.full(rows * per, np.nan, dtype=np.float32)
    z[:T] = x[:T]
    pad = [""] * (rows * per - T)
    words = np.array([token_label(t) for t in tr.tokens[:T]] + pad, dtype=object).reshape(rows, per)
    where = np.array([f"step {t}" for t in range(T)] + pad, dtype=object).reshape(rows, per)
    heat = go.Heatmap(z=z.reshape(rows, per), text=words.tolist(), texttemplate="%{text}", customdata=where.tolist(),
                      textfont=dict(size=18), xgap=3, ygap=3, hoverongaps=False, **THEME.scale(quantity, x),
                      colorbar=dict(title=dict(text=name, side="bottom"), orientation="h", thickness=16, len=0.5,
                                    x=0, xanchor="left", y=0, yanchor="top", ypad=12),
                      hovertemplate=f"%{{text}} (%{{customdata}})<br>{quantity} = %{{z:.3f}}<extra></extra>")
    hidden = dict(visible=False, showgrid=False, zeroline=False)
    cut = f", first {T} of {len(tr.tokens)} tokens" if T < len(tr.tokens) else ""
    layout = THEME.layout(title(f"Unit {unit} ({name}){cut}", model, text, layer), xaxis=hidden,
                          yaxis=dict(hidden, autorange="reversed"), height=220 + 52 * rows,
                          margin=dict(l=20, r=20, t=100, b=100))
    return go.Figure(data=[heat], layout=layout)


def _per_line(tokens: list[str]) -> int:
    """Cells per line: 14 words, or 40 characters for a character model (single-char tokens)."""
    return 40 if all(len(t) == 1 for t in tokens) else 14


def token_html(tr: Trace, layer: int, unit: int, quantity: str = "c") -> str:
    """The text as <span>s with the unit's value as background; every token is HTML-escaped."""
    x = analysis.values(tr.layers[layer], quantity)[:, unit]
    colours = _colours(x, THEME.scale(quantity, x))
    sep = "" if any(t.isspace() for t in tr.tokens) else " "  # character models carry their own spaces
    pad = "0" if sep == "" else "3px"
    spans = [f'<span title="step {t}: {quantity} = {v:.3f}" style="background:{bg};color:{ink_for(bg)};'
             f'padding:2px {pad};border-radius:3px">{html.escape(tok)}</span>'
             for t, (tok, v, bg) in enumerate(zip(tr.tokens, x, colours))]
    return ('<div style="font-family:DejaVu Sans,Arial,sans-serif;font-size:18px;line-height:2.1;'
            f'white-space:pre-wrap">{sep.join(spans)}</div>')


def _colours(x: np.ndarray, scale: dict) -> list[str]:
    """'rgb(r, g, b)' for each value of x (T,), on the theme scale's colours and range."""
    lo, hi = scale["zmin"], scale["zmax"]
    where = np.clip((np.asarray(x, dtype=np.float64) - lo) / (hi - lo), 0.0, 1.0)
    return sample_colorscale(scale["colorscale"], where.tolist(), colortype="rgb")


def ink_for(rgb: str) -> str:
    """White text on dark backgrounds, dark text on light ones (relative luminance, sRGB-ish)."""
    r, g, b = unlabel_rgb(rgb)
    return "#ffffff" if (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5 else THEME.ink
