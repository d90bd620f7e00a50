"""LSTM vs GRU vs RNN on one sentence: which of a contrast pair ('his' or 'her') each model picks.

Left panel: the pair's two next-word probabilities at the chosen step, grouped per model, the
model's choice (the larger) in bold with a check mark. Right panel: the first word's share
p(a) / (p(a) + p(b)) at every step, one line per model, so one sees where each model makes up its
mind and whether it keeps the agreement over distance. One figure, two axes placed by domain.
Rows come from explorer.views.compare_rows: {"model", "cell", "p": (p_a, p_b), "series": (T,)}.
"""
from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from explorer.figures.heatmaps import tick_subset, token_label
from explorer.figures.theme import PALETTE, THEME

LEFT, RIGHT = (0.0, 0.34), (0.45, 1.0)  # x domains of the two panels
LINES = {"lstm": (PALETTE[2], "solid", "circle"), "gru": (PALETTE[3], "dash", "square"),
         "rnn": (PALETTE[7], "dot", "triangle-up")}  # colour, dash, marker per cell type


def choice(p: tuple[float, float]) -> int:
    """Index (0 or 1) of the word the model prefers; ties go to the first word."""
    return 0 if p[0] >= p[1] else 1


def _bars(rows: list[dict], pair: tuple[str, str]) -> list[go.Bar]:
    """Two bar series (one per word) over the models; the chosen bar's text is bold with a ✓."""
    x = [f"{html.escape(r['model'], quote=False)}<br>({r['cell'].upper()})" for r in rows]
    out = []
    for j, word in enumerate(pair):
        y = np.array([r["p"][j] for r in rows], dtype=np.float32)
        text = [f"<b>✓ {p:.2f}</b>" if choice(r["p"]) == j else f"{p:.2f}" for p, r in zip(y, rows)]
        w = html.escape(word, quote=False)
        out.append(go.Bar(x=x, y=y, name=f"“{w}”", marker_color=PALETTE[j], text=text, offsetgroup=j,
                          textposition="outside", textfont=dict(size=16), constraintext="none", cliponaxis=False,
                          xaxis="x", yaxis="y", hovertemplate=f"%{{x}}<br>p({w}) = %{{y:.3f}}<extra></extra>"))
    return out


def _lines(rows: list[dict], word: str) -> list[go.Scatter]:
    """The first word's share across the sentence, one line per model."""
    out = []
    for k, r in enumerate(rows):
        colour, dash, symbol = LINES.get(r["cell"], (PALETTE[k % len(PALETTE)], "solid", "circle"))
        y = np.asarray(r["series"], dtype=np.float32)
        name = html.escape(r["model"], quote=False)
        out.append(go.Scatter(x=np.arange(y.size), y=y, mode="lines+markers", name=name, xaxis="x2", yaxis="y2",
                              line=dict(color=colour, dash=dash, width=3), marker=dict(symbol=symbol, size=8),
                              hovertemplate=f"step %{{x}}<br>share of {html.escape(word, quote=False)} = "
                                            f"%{{y:.3f}}<extra>{name}</extra>"))
    return out


def _right_axis(T: int, tokens: list[str] | None, step: int) -> dict:
    """x axis of the right panel: step numbers, or the tokens (the chosen one in bold) when given."""
    if tokens is None:
        return THEME.axis("step t", domain=list(RIGHT), anchor="y2", range=[-0.5, T - 0.5])
    ticks = np.union1d(tick_subset(T, 30), [step])
    text = [f"<b>{token_label(tokens[t])}</b>" if t == step else token_label(tokens[t]) for t in ticks]
    return THEME.axis("", domain=list(RIGHT), anchor="y2", range=[-0.5, T - 0.5], tickvals=ticks.tolist(),
                      ticktext=text, tickangle=-45 if T > 12 else 0)


def compare_choices(rows: list[dict], pair: tuple[str, str], step: int, token: str, text: str = "",
                    tokens: list[str] | None = None) -> go.Figure:
    """Grouped bars of p(pair) at `step` per model (left) and the first word's share per step (right)."""
    a, b, after = (html.escape(w, quote=False) for w in (*pair, token))
    T = max(len(r["series"]) for r in rows)
    top = max(max(r["p"]) for r in rows)
    short = html.escape(text if len(text) <= 60 else text[:59] + "…", quote=False)
    heading = f"LSTM vs GRU vs RNN · '{a}' or '{b}' after '{after}'<br><sup>“{short}”</sup>"
    marks = [dict(type="line", xref="x2 domain", x0=0, x1=1, yref="y2", y0=0.5, y1=0.5,
                  line=dict(color="#777777", width=1.5, dash="dash")),
             dict(type="line", xref="x2", x0=step, x1=step, yref="y2 domain", y0=0, y1=1,
                  line=dict(color=THEME.highlight, width=2, dash="dot"))]
    heads = [dict(text=f"<b>next word after “{after}” (step {step})</b>", x=0.5, xref="x domain", y=1.03,
                  yref="y domain"),
             dict(text=f"<b>share of “{a}”: p({a}) / (p({a}) + p({b}))</b>", x=0.5, xref="x2 domain", y=1.03,
                  yref="y2 domain")]
    heads = [dict(h, showarrow=False, yanchor="bottom", font=dict(size=16)) for h in heads]
    heads.append(dict(text=f"t = {step}", x=step, xref="x2", y=0.99, yref="y2 domain", xanchor="left", xshift=5,
                      yanchor="top", showarrow=False, font=dict(size=14)))
    layout = THEME.layout(heading, width=1200, height=520, barmode="group", shapes=marks, annotations=heads,
                          margin=dict(l=80, r=30, t=150, b=90), bargap=0.3,
                          legend=dict(orientation="h", x=1, xanchor="right", y=1.17, yanchor="bottom"),
                          xaxis=THEME.axis("", domain=list(LEFT), anchor="y", type="category"),
                          yaxis=THEME.axis("probability of the next word", anchor="x",
                                           range=[0, min(top * 1.25, 1.15) or 1]),
                          xaxis2=_right_axis(T, tokens, step),
                          yaxis2=THEME.axis(f"share of “{a}”", anchor="x2", range=[0, 1], dtick=0.25))
    return go.Figure(data=[*_bars(rows, pair), *_lines(rows, pair[0])], layout=layout)
