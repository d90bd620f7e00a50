"""What the model expects next: a grid of top-k tokens per step, and bars for one step.

`Trace.probs[t]` is the distribution after reading token t, so column t of the grid answers
"having read up to here, what comes next?". Probabilities use the sequential 0..1 scale.
"""
from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from explorer import analysis
from explorer.figures.heatmaps import tick_subset, token_label
from explorer.figures.theme import SEQUENTIAL, THEME, title
from explorer.figures.units import ink_for
from explorer.trace import Trace

UPRIGHT_CHARS = 1200 // 9  # characters of cell text that fit across a slide-wide grid at 16 px
NOTE_BELOW = 70  # px from the bars' x axis down to the colour note: below the ticks and the axis title


def window(T: int, step: int, size: int) -> tuple[int, int]:
    """[start, stop) of at most `size` steps centred on `step`, kept inside 0..T."""
    if T <= size:
        return 0, T
    start = min(max(step - size // 2, 0), T - size)
    return start, start + size


def topk_grid(tr: Trace, vocab: list[str], k: int = 5, step: int | None = None, model: str = "", text: str = "",
              max_steps: int = 60) -> go.Figure:
    """Columns = steps (the token just read), rows = rank 1..k; z (k, n) probabilities, text the tokens."""
    T = len(tr.tokens)
    step = T - 1 if step is None else min(max(step, 0), T - 1)
    a, b = window(T, step, max_steps)
    top = analysis.topk(tr.probs[a:b], vocab, k)
    k = len(top[0])
    z = np.array([[p for _, p in col] for col in top], dtype=np.float32).T  # (k, n)
    cells = [[token_label(col[r][0], 12) for col in top] for r in range(k)]
    hover = [[f"after “{token_label(tr.tokens[a + j], 40)}” (step {a + j})<br>#{r + 1}: "
              f"{token_label(col[r][0], 40)} · {col[r][1]:.1%}" for j, col in enumerate(top)] for r in range(k)]
    upright = (b - a) * max(len(html.unescape(c)) + 1 for row in cells for c in row) <= UPRIGHT_CHARS
    heat = go.Heatmap(z=z, x=np.arange(a, b), y=np.arange(1, k + 1), text=cells, hovertext=hover,
                      texttemplate="%{text}" if upright else None, textfont=dict(size=16), xgap=2, ygap=2,
                      colorscale=SEQUENTIAL, zmin=0.0, zmax=1.0, hovertemplate="%{hovertext}<extra></extra>",
                      colorbar=dict(title=dict(text="p", side="top"), tickformat=".0%", thickness=16))
    view = f"Top-{k} next tokens" + ("" if b - a == T else f" (steps {a}–{b - 1} of {T})")
    layout = THEME.layout(title(view, model, text), height=230 + k * (48 if upright else 90),
                          xaxis=_step_axis(tr.tokens, a, b, step), yaxis=THEME.axis(
                              "rank", autorange="reversed", tickvals=list(range(1, k + 1)), showgrid=False),
                          shapes=[_column(step, k)], annotations=[] if upright else _rotated(z, cells, a),
                          margin=dict(l=80, r=30, t=100, b=40))
    return go.Figure(data=[heat], layout=layout)


def _step_axis(tokens: list[str], a: int, b: int, step: int) -> dict:
    """x ticks: the token read at each step (a subset when many), the chosen one in bold."""
    ticks = a + np.union1d(tick_subset(b - a), [step - a])
    labels = [token_label(tokens[t]) for t in ticks]
    turned = len(ticks) * max(len(s) for s in labels) * 10 >= 900
    return THEME.axis("token just read", tickvals=ticks, tickangle=-90 if turned else 0, showgrid=False,
                      ticktext=[f"<b>{s}</b>" if t == step else s for s, t in zip(labels, ticks)],
                      range=[a - 0.5, b - 0.5])


def _column(step: int, k: int) -> dict:
    return dict(type="rect", x0=step - 0.5, x1=step + 0.5, y0=0.5, y1=k + 0.5, xref="x", yref="y", name="step",
                line=dict(color=THEME.highlight, width=3), fillcolor="rgba(0,0,0,0)")


def _rotated(z: np.ndarray, cells: list[list[str]], a: int) -> list[dict]:
    """Cell text turned upright (for narrow columns), white on dark cells and dark on light ones."""
    inks = [ink_for(c) for c in sample_colorscale(SEQUENTIAL, np.clip(z.ravel(), 0, 1).tolist())]
    k, n = z.shape
    return [dict(x=a + j, y=r + 1, xref="x", yref="y", text=cells[r][j], textangle=-90, showarrow=False,
                 font=dict(size=13, color=inks[r * n + j])) for r in range(k) for j in range(n)]


def bars_range(pct: np.ndarray) -> float:
    """Right end of the probability axis (in %): room for the labels, but never past 100%."""
    return min(float(pct.max()) * 1.2 + 1, 100.0)


def topk_bars(tr: Trace, vocab: list[str], step: int, k: int = 10, model: str = "", text: str = "") -> go.Figure:
    """The k most probable next tokens after `step`, best at the top, as percentages.
    The token that really comes next in the text (if any) is drawn in a second colour. Values sit
    beside their bars, or inside near the right end where the axis (capped at 100%) leaves no room."""
    step = min(max(step, 0), len(tr.tokens) - 1)
    top = analysis.topk(tr.probs[step : step + 1], vocab, k)[0]
    actual = tr.tokens[step + 1] if step + 1 < len(tr.tokens) else None
    names = _unique([_bar_label(t) for t, _ in top])
    pct = np.array([p * 100 for _, p in top], dtype=np.float32)
    hi = bars_range(pct)
    labels = [f"{p:.1f}%" if p >= 0.05 else "<0.1%" for p in pct]
    bar = go.Bar(x=pct, y=names, orientation="h", text=labels, cliponaxis=False,
                 textposition=["inside" if p > 0.85 * hi else "outside" for p in pct], insidetextanchor="end",
                 insidetextfont=dict(color="white"), constraintext="none",
                 marker=dict(color=[THEME.palette[1] if t == actual else THEME.palette[0] for t, _ in top]),
                 hovertemplate="%{y}: %{x:.2f}%<extra></extra>")
    view = f"Next token after '{token_label(tr.tokens[step], 40)}' (step {step})"
    note = [] if actual not in [t for t, _ in top] else [dict(
        text=f"orange: the token that comes next in the text (“{token_label(actual, 20)}”)", x=0, y=0,
        xref="paper", yref="paper", xanchor="left", yanchor="top", yshift=-NOTE_BELOW, showarrow=False,
        font=dict(size=14))]
    below = NOTE_BELOW + 40 if note else 70
    layout = THEME.layout(title(view, model, text), height=100 + below + 40 * len(top), annotations=note,
                          xaxis=THEME.axis("probability", ticksuffix="%", range=[0, hi]),
                          yaxis=THEME.axis("", type="category", autorange="reversed", showgrid=False),
                          margin=dict(l=120, r=40, t=100, b=below))
    return go.Figure(data=[bar], layout=layout)


def _bar_label(token: str) -> str:
    """Punctuation is quoted so a lone '.' or ',' is visible beside its bar."""
    shown = token_label(token, 20)
    return shown if any(ch.isalnum() for ch in token) else f"“{shown}”"


def _unique(labels: list[str]) -> list[str]:
    """Shortened labels can collide; zero-width spaces keep Plotly's categories apart."""
    seen: dict[str, int] = {}
    out = []
    for s in labels:
        out.append(s + "\u200b" * seen.get(s, 0))
        seen[s] = seen.get(s, 0) + 1
    return out
