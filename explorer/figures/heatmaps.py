"""The overview: heatmaps of h, c and every gate of one layer, units (rows) by tokens (columns).

One panel per quantity, laid out two to a row so the figure fits a screen or a slide (LSTM: h, c |
i, f | g, o; GRU: h, r | z, n; RNN: h alone), each with its own colour bar and scale (diverging
around 0 for h, c, g, n; 0..1 for the sigmoid gates). The chosen step is outlined as a column and
the chosen unit as a row in every panel, so the eye can follow one number through the whole cell.
Axes are categorical; x categories are "token·step" so repeated tokens stay separate columns,
while the tick text shows the bare token.
"""
from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from explorer import analysis
from explorer.figures.theme import NAMES, THEME, title
from explorer.trace import Trace

MAX_LABELS = 50  # x tick labels that fit side by side on a slide-wide chart
LABEL_CHARS = 12  # longer tokens are shortened on the axis (hover shows them whole)
MIN_COLUMNS = 12  # a short text still draws narrow columns (the rest of the x range stays empty)
TOP = 110  # pixels above the first panel (the title)


def token_label(token: str, limit: int = LABEL_CHARS) -> str:
    """A token as axis/cell text: whitespace made visible, shortened, HTML-escaped for Plotly."""
    shown = token.replace(" ", "␣").replace("\n", "↵").replace("\t", "⇥") or "∅"
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return html.escape(shown, quote=False)


def tick_subset(n: int, most: int = MAX_LABELS) -> np.ndarray:
    """Positions (of n) that get a tick label: all of them, or every m-th ending at the last."""
    return np.arange(n - 1, -1, -max(1, -(-n // most)))[::-1]


def label_budget(tokens: list[str], columns: int = 1) -> int:
    """How many x labels to show on a panel 1/columns of the width: characters pack tighter than words."""
    chars = all(len(t) == 1 for t in tokens)
    if columns == 1:
        return MAX_LABELS + 20 if chars else MAX_LABELS
    return 44 if chars else 30


def quantities(tr: Trace) -> list[str]:
    """Panels in drawing order: h, c (LSTM), then the gates in the cell's own order."""
    layer = tr.layers[0]
    return ["h", *(["c"] if layer.c is not None else []), *layer.gates]


def overview(tr: Trace, layer: int, step: int, unit: int, order: str = "index", model: str = "",
             text: str = "", max_steps: int = 300) -> go.Figure:
    """Heatmaps (H units x T tokens) of every quantity of `layer`, two panels to a row; z of panel k:
    (H, T') float32, T' = T or the downsampled step count when T > max_steps."""
    lt, T = tr.layers[layer], len(tr.tokens)
    step, unit = min(max(step, 0), T - 1), min(max(unit, 0), lt.h.shape[1] - 1)
    steps = np.union1d(analysis.downsample_steps(T, max_steps), [step])  # the chosen step stays visible
    units = analysis.order_units(lt, order, step)
    qs = quantities(tr)
    geo = _geometry(len(qs), lt.h.shape[1], [tr.tokens[t] for t in steps])
    cats = [f"{token_label(tr.tokens[t])}·{t}" for t in steps]
    data = [_panel(analysis.values(lt, q), q, k, steps, units, cats, geo) for k, q in enumerate(qs)]
    col, row = int(np.searchsorted(steps, step)), int(np.flatnonzero(units == unit)[0])
    layout = THEME.layout(_title(tr, model, text, layer, max_steps), height=geo["height"],
                          margin=dict(l=80, r=70, t=TOP, b=geo["label_px"] + 30),
                          shapes=[s for k in range(len(qs)) for s in _outlines(k, col, row, len(steps), len(units))],
                          annotations=[_panel_title(k, q, geo) for k, q in enumerate(qs)],
                          **_axes(len(qs), cats, units, geo, col, order))
    return go.Figure(data=data, layout=layout)


def _title(tr: Trace, model: str, text: str, layer: int, max_steps: int) -> str:
    k, T = analysis.stride(len(tr.tokens), max_steps), len(tr.tokens)
    view = "Overview" if k == 1 else f"Overview (every {_ordinal(k)} step of {T} shown)"
    return title(view, model, text, layer)


def _ordinal(k: int) -> str:
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def _geometry(n: int, H: int, shown: list[str]) -> dict:
    """Pixel layout of a grid of n panels, two to a row (one if n == 1): the panel height grows with H;
    the gap below each row holds its tick labels and the next row's panel titles. x domains leave room
    between the columns for the left panel's colour bar and the right panel's unit numbers."""
    cols = 1 if n == 1 else 2
    rows = -(-n // cols)
    panel = (200 if H <= 64 else 260 if H <= 160 else 280) * (3 if cols == 1 else 2) // 2
    longest = max(len(html.unescape(token_label(t))) for t in shown)
    per_panel = 1000 // cols  # a typical wide-layout chart
    fits = min(len(shown), label_budget(shown, cols)) * (9 * longest + 8) < per_panel
    upright = longest == 1 or fits  # single characters always stand upright
    label_px = 22 if upright else 8 * min(longest, LABEL_CHARS) + 14
    gap = label_px + 40
    paper = rows * panel + (rows - 1) * gap
    ys = [(1 - (r * (panel + gap) + panel) / paper, 1 - r * (panel + gap) / paper) for r in range(rows)]
    xs = [(0.0, 1.0)] if cols == 1 else [(0.0, 0.425), (0.575, 1.0)]
    domains = [(xs[k % cols], ys[k // cols]) for k in range(n)]
    return dict(height=TOP + paper + label_px + 30, label_px=label_px, domains=domains, cols=cols,
                angle=0 if upright else -90)


def _panel(x: np.ndarray, q: str, k: int, steps, units, cats, geo) -> go.Heatmap:
    """One heatmap: z (H, T') float32, rows in `units` order, its own colour bar just right of it."""
    (_, right), (lo, hi) = geo["domains"][k]
    z = np.ascontiguousarray(x[steps][:, units].T, dtype=np.float32)
    return go.Heatmap(
        z=z, x=cats, y=[str(u) for u in units], xaxis=_ref("x", k), yaxis=_ref("y", k),
        **THEME.scale(q, x), hoverongaps=False,
        colorbar=dict(title=dict(text=q, side="top"), y=(lo + hi) / 2, len=hi - lo, yanchor="middle",
                      x=right + 0.008, xanchor="left", xpad=0, thickness=14, tickfont=dict(size=12)),
        hovertemplate=f"token·step %{{x}}<br>unit %{{y}}<br>{q} = %{{z:.3f}}<extra>{NAMES[q]}</extra>")


def _ref(axis: str, k: int) -> str:
    return axis if k == 0 else f"{axis}{k + 1}"


def _axes(n: int, cats: list[str], units: np.ndarray, geo: dict, col: int, order: str) -> dict:
    """Layout entries xaxis.. / yaxis.. for n categorical panels sharing the x range; every panel labels
    its columns with the tokens, the chosen step's always among them, in bold."""
    names = [c.rsplit("·", 1)[0] for c in cats]
    budget = label_budget([html.unescape(s) for s in names], geo["cols"])
    ticks = np.union1d(tick_subset(len(cats), budget), [col])
    text = [f"<b>{names[j]}</b>" if j == col else names[j] for j in ticks]
    rows = np.arange(0, len(units), 1 if len(units) <= 32 else 16 if len(units) <= 160 else 32)
    unit_title = "unit" if order == "index" else f"unit (by {order})"
    out = {}
    for k in range(n):
        (left, right), (lo, hi) = geo["domains"][k]
        out[_ref("xaxis", k)] = THEME.axis(
            "", type="category", anchor=_ref("y", k), domain=[left, right], tickangle=geo["angle"],
            showgrid=False, tickvals=[cats[j] for j in ticks], ticktext=text, tickfont=dict(size=13),
            range=[-0.5, max(len(cats), MIN_COLUMNS) - 0.5], **({} if k == 0 else {"matches": "x"}))
        out[_ref("yaxis", k)] = THEME.axis(
            unit_title if k % geo["cols"] == 0 else "", type="category", anchor=_ref("x", k), domain=[lo, hi],
            autorange="reversed", showgrid=False, tickvals=[str(units[r]) for r in rows], tickfont=dict(size=12))
    return out


def _outlines(k: int, col: int, row: int, cols: int, rows: int) -> list[dict]:
    """The chosen step (a column) and unit (a row) outlined in panel k, in category coordinates."""
    line = dict(color=THEME.highlight, width=2)
    ref = dict(xref=_ref("x", k), yref=_ref("y", k), type="rect", line=line, fillcolor="rgba(0,0,0,0)")
    return [dict(ref, x0=col - 0.5, x1=col + 0.5, y0=-0.5, y1=rows - 0.5, name="step"),
            dict(ref, x0=-0.5, x1=cols - 0.5, y0=row - 0.5, y1=row + 0.5, name="unit")]


def _panel_title(k: int, q: str, geo: dict) -> dict:
    (left, _), (_, hi) = geo["domains"][k]
    return dict(text=f"<b>{NAMES[q]}</b>", x=left, xref="paper", xanchor="left", y=hi, yref="paper",
                yanchor="bottom", showarrow=False, font=dict(size=16))
