"""LSTM vs GRU vs RNN on one sentence: which of a contrast pair ('his' or 'her') each model picks.

Left panel: the pair's two next-word probabilities at the chosen step, grouped per model, the
model's choice (the larger) in bold with a check mark. Right panel: the first word's share
p(a) / (p(a) + p(b)) at every step, one line per model, so one sees where each model makes up its
mind and whether it keeps the agreement over distance. One figure, two axes placed by domain.
Rows come from explorer.views.compare_rows: {"model", "cell", "p": (p_a, p_b), "series": (T,)}.
"""
from __future__ import annotations

import html
import math

import numpy as np
import plotly.graph_objects as go

from explorer.figures.heatmaps import tick_subset, token_label
from explorer.figures.theme import PALETTE, THEME

LEFT, RIGHT = (0.0, 0.42), (0.53, 1.0)  # x domains of the two panels
WIDTH_PX, BARGAP, VALUE_PX = 1200 - 80 - 30, 0.15, 14  # plot area width, gap between models, value font
HEIGHT, LEGEND_Y = 580, 92  # px: the figure, and the middle of the legend row from its top
HEAD_Y = 1.1  # panel headings, in y domain fractions: about 30 px above the panels
PROB_TICKS = ".3~p"  # percentages to 3 significant figures, zeros trimmed: "0.025%", "12.5%", "50%"
LINES = {"lstm": (PALETTE[2], "solid", "circle"), "gru": (PALETTE[3], "dash", "square"),
         "rnn": (PALETTE[7], "dot", "triangle-up")}  # colour, dash, marker per cell type


def choice(p: tuple[float, float]) -> int:
    """Index (0 or 1) of the word the model prefers; ties go to the first word."""
    return 0 if p[0] >= p[1] else 1


def percent(p: float, digits: int = 2) -> str:
    """A probability as a percentage to `digits` significant figures: "51%", "5.6%", "0.35%";
    below 0.1% just "<0.1%" (the axis has the detail; the label stays short enough for its bar)."""
    if p < 0.001:
        return "<0.1%"
    pct = p * 100
    decimals = max(0, digits - 1 - math.floor(math.log10(pct)))
    return f"{pct:.{decimals}f}%"


def pair_text(p: tuple[float, float]) -> tuple[str, str]:
    """Both probabilities as percentages, with just enough figures (2 to 4) to tell them apart."""
    for digits in (2, 3, 4):
        a, b = percent(p[0], digits), percent(p[1], digits)
        if a != b:
            break
    return a, b


def _bar_px(n_models: int) -> float:
    """Width in px of one bar in the left panel (two bars per model)."""
    return WIDTH_PX * (LEFT[1] - LEFT[0]) / max(n_models, 1) * (1 - BARGAP) / 2


def _bars(rows: list[dict], pair: tuple[str, str]) -> list[go.Bar]:
    """Two bar series (one per word) over the models; the chosen bar's value is bold under a ✓.

    Values stand upright above their bars when the widest fits a bar's width, else turned a quarter."""
    x = [f"{html.escape(r['model'], quote=False)}<br>({r['cell'].upper()})" for r in rows]
    texts = [pair_text(r["p"]) for r in rows]
    upright = max(len(t) for pt in texts for t in pt) * 0.75 * VALUE_PX <= _bar_px(len(rows)) - 8  # bold ≈ 0.75 em
    out = []
    for j, word in enumerate(pair):
        y = np.array([r["p"][j] for r in rows], dtype=np.float32)
        text = [f"<b>✓<br>{t[j]}</b>" if choice(r["p"]) == j else t[j] for t, r in zip(texts, rows)]
        if not upright:
            text = [t.replace("<br>", " ") for t in text]
        w = html.escape(word, quote=False)
        out.append(go.Bar(x=x, y=y, name=f"“{w}”", marker_color=PALETTE[j], text=text, offsetgroup=j,
                          textposition="outside", textfont=dict(size=VALUE_PX), constraintext="none",
                          textangle=0 if upright else -90, cliponaxis=False, xaxis="x", yaxis="y",
                          legend="legend", hovertemplate=f"%{{x}}<br>p({w}) = %{{y:.3~p}}<extra></extra>"))
    return out


def _lines(rows: list[dict], word: str) -> list[go.Scatter]:
    """The first word's share across the sentence, one line per model."""
    out = []
    for k, r in enumerate(rows):
        colour, dash, symbol = LINES.get(r["cell"], (PALETTE[k % len(PALETTE)], "solid", "circle"))
        y = np.asarray(r["series"], dtype=np.float32)
        name = html.escape(r["model"], quote=False)
        out.append(go.Scatter(x=np.arange(y.size), y=y, mode="lines+markers", name=name, xaxis="x2", yaxis="y2",
                              legend="legend2",
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


def _marks(T: int, step: int) -> tuple[list[dict], dict]:
    """The even split and the chosen step on the right panel, and the step's "t = …" label, written
    just above the panel (in the band under its heading) so it neither covers a line nor leaves the plot."""
    shapes = [dict(type="line", xref="x2 domain", x0=0, x1=1, yref="y2", y0=0.5, y1=0.5,
                   line=dict(color="#777777", width=1.5, dash="dash")),
              dict(type="line", xref="x2", x0=step, x1=step, yref="y2 domain", y0=0, y1=1,
                   line=dict(color=THEME.highlight, width=2, dash="dot"))]
    label = dict(text=f"t = {step}", x=step, xref="x2", y=1, yref="y2 domain", yanchor="bottom", yshift=2,
                 xanchor="right" if step > 0.9 * (T - 1) else "center", showarrow=False, font=dict(size=14))
    return shapes, label


def _heads(a: str, b: str, after: str, step: int) -> list[dict]:
    """The two panel headings, over each panel (above the band where the step's label goes)."""
    heads = [dict(text=f"<b>next word after “{after}” (step {step})</b>", x=0.5, xref="x domain", y=HEAD_Y,
                  yref="y domain"),
             dict(text=f"<b>share of “{a}”: p({a}) / (p({a}) + p({b}))</b>", x=0.5, xref="x2 domain", y=HEAD_Y,
                  yref="y2 domain")]
    return [dict(h, showarrow=False, yanchor="bottom", font=dict(size=16)) for h in heads]


def _legends() -> dict:
    """One legend over each panel, on a row of their own between the title and the panel headings."""
    row = dict(orientation="h", yref="container", y=1 - LEGEND_Y / HEIGHT, yanchor="middle", xanchor="left",
               font=dict(size=15), title_font=dict(size=15))
    return dict(legend=dict(row, x=LEFT[0], title=dict(text="next word:")),
                legend2=dict(row, x=RIGHT[0], title=dict(text="model:")))


def compare_choices(rows: list[dict], pair: tuple[str, str], step: int, token: str, text: str = "",
                    tokens: list[str] | None = None) -> go.Figure:
    """Grouped bars of p(pair) at `step` per model (left) and the first word's share per step (right)."""
    a, b, after = (html.escape(w, quote=False) for w in (*pair, token))
    T = max(len(r["series"]) for r in rows)
    top = max(max(r["p"]) for r in rows)
    short = html.escape(text if len(text) <= 60 else text[:59] + "…", quote=False)
    heading = f"LSTM vs GRU vs RNN · '{a}' or '{b}' after '{after}'<br><sup>“{short}”</sup>"
    shapes, step_label = _marks(T, step)
    layout = THEME.layout(heading, width=1200, height=HEIGHT, barmode="group", shapes=shapes,
                          annotations=[*_heads(a, b, after, step), step_label], bargap=BARGAP,
                          margin=dict(l=80, r=30, t=180, b=90), **_legends(),
                          xaxis=THEME.axis("", domain=list(LEFT), anchor="y", type="category"),
                          yaxis=THEME.axis("probability of the next word", anchor="x", tickformat=PROB_TICKS,
                                           range=[0, min(top * 1.3, 1.15) or 1]),
                          xaxis2=_right_axis(T, tokens, step),
                          yaxis2=THEME.axis(f"share of “{a}”", anchor="x2", range=[0, 1], dtick=0.25,
                                            tickformat=".2~f"))
    layout["title"].update(y=1 - 40 / HEIGHT, yref="container", yanchor="middle")
    return go.Figure(data=[*_bars(rows, pair), *_lines(rows, pair[0])], layout=layout)
