"""Single units over the text: LSTMVis-style lines and Karpathy-style coloured tokens.

`unit_lines` follows LSTMVis (Strobelt et al. 2018): a few units' values across the tokens, with a
threshold to read "on" stretches. `token_strip` and `token_html` follow Karpathy, Johnson &
Fei-Fei (2015): the text itself, each token's background coloured by one unit's value.
Values are shown as they are (c is not squashed with tanh), on the theme's scales.
"""
from __future__ import annotations

import html
import unicodedata

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale, unlabel_rgb

from explorer import analysis
from explorer.figures.heatmaps import tick_subset, token_label
from explorer.figures.theme import NAMES, SIGNED, THEME, title
from explorer.trace import Trace

STRIP_TOKENS = 600  # the coloured strip shows at most this many tokens (the title says so)
STRIP_WIDTH = 76  # a strip line holds this many character widths (about 780 px at STRIP_FONT)
STRIP_FONT = 17  # px; a narrower chart shrinks a word inside its cell rather than let it overflow
WORD_GAP = 0.4  # character widths between two words' cells
CHAR_TICKS = 72  # a character model's text up to this long labels every character on the x axis
WORD_TICKS = 40  # ... a longer one labels at most this many words
MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace"  # known widths: cells sized to their text
LINE_COLOURS = [c for c in THEME.palette if c != "#F0E442"] + ["#F0E442"]  # Okabe-Ito, yellow last: faint on white


def unit_lines(tr: Trace, layer: int, units: list[int], quantity: str = "c", threshold: float | None = None,
               step: int | None = None, model: str = "", text: str = "") -> go.Figure:
    """One line per unit of `quantity` (T,) across the tokens; a dashed threshold; the step marked."""
    x, T = analysis.values(tr.layers[layer], quantity), len(tr.tokens)
    labels = [token_label(t) for t in tr.tokens]
    data = [_line(x[:, u], u, k, labels, quantity) for k, u in enumerate(units)]
    if threshold is not None:
        data.append(go.Scatter(x=np.array([-0.5, T - 0.5], dtype=np.float32), y=np.full(2, threshold, np.float32),
                               name=f"threshold {threshold:g}", mode="lines", hoverinfo="skip",
                               line=dict(color="#555555", width=2, dash="dash")))
    ticks, ticktext = _char_ticks(tr.tokens, step) if _is_chars(tr.tokens) else _word_ticks(labels, step)
    turned = len(ticks) * max(len(_plain(t)) for t in ticktext) * 10 >= 900
    xaxis = THEME.axis("", tickvals=ticks, ticktext=ticktext, tickangle=-90 if turned else 0,
                       range=[-0.5, T - 0.5], showgrid=False)
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


def _plain(label: str) -> str:
    """Tick text as it reads on screen: no bold tags, no HTML escapes."""
    return html.unescape(label.replace("<b>", "").replace("</b>", ""))


def _is_chars(tokens: list[str]) -> bool:
    """A character model's text: every token one character (the tokenizer's kind is not in a Trace)."""
    return all(len(t) == 1 for t in tokens)


def _word_ticks(labels: list[str], step: int | None) -> tuple[np.ndarray, list[str]]:
    """Word models: every token, or every m-th for long texts; the step always, in bold."""
    T = len(labels)
    ticks = tick_subset(T) if step is None else np.union1d(tick_subset(T), [step])
    return ticks, [_bold(labels[t], t == step) for t in ticks]


def _char_ticks(tokens: list[str], step: int | None) -> tuple[np.ndarray, list[str]]:
    """Character models: a short text labels every character (spaces as '␣'), so it reads as the
    text; a longer one labels words where they start: all of them, or when there are more than
    WORD_TICKS the longest in each of WORD_TICKS equal stretches of the text (landmarks to find one's
    place); the word being read at the step in bold."""
    T = len(tokens)
    if T <= CHAR_TICKS:
        return np.arange(T), [_bold(token_label(t), k == step) for k, t in enumerate(tokens)]
    starts = [k for k in range(T) if not tokens[k].isspace() and (k == 0 or tokens[k - 1].isspace())] or [0]
    current = max((k for k in starts if step is not None and k <= step), default=None)
    stretch, bins = (T / WORD_TICKS if len(starts) > WORD_TICKS else 1), {}
    for k in starts:  # per stretch, the longest word (the current word wins its stretch)
        b, key = int(k // stretch), (k == current, len(_word_at(tokens, k)))
        if b not in bins or key > bins[b][0]:
            bins[b] = (key, k)
    ticks = np.array(sorted(k for _, k in bins.values()), dtype=int)
    return ticks, [_bold(token_label(_word_at(tokens, k)), k == current) for k in ticks]


def _word_at(tokens: list[str], k: int) -> str:
    """The characters from position k up to the next whitespace."""
    end = next((j for j in range(k, len(tokens)) if tokens[j].isspace()), len(tokens))
    return "".join(tokens[k:end])


def _step_line(step: int | None) -> list[dict]:
    if step is None:
        return []
    return [dict(type="line", x0=step, x1=step, y0=0, y1=1, xref="x", yref="paper", name="step",
                 line=dict(color=THEME.highlight, width=2, dash="dot"))]


def token_strip(tr: Trace, layer: int, unit: int, quantity: str = "c", model: str = "", text: str = "") -> go.Figure:
    """The text itself, wrapped into lines, each token a cell as wide as its text and coloured by the
    unit's value (a horizontal Bar trace: base = where a cell starts, x = its width, y = its line).
    Word models write each word inside its cell (Plotly shrinks it rather than let it overflow) with a
    small gap between words; character models draw their cells side by side, wrap at spaces and put
    each character at its cell's centre (a second, text-only trace), so the strip reads like the text."""
    x = analysis.values(tr.layers[layer], quantity)[:, unit]
    T, name = min(len(tr.tokens), STRIP_TOKENS), NAMES.get(quantity, quantity)
    tokens, scale = tr.tokens[:T], THEME.scale(quantity, x)
    chars = _is_chars(tokens)
    starts, widths, lines = _cells(tokens, chars)
    labels = [_strip_label(t) for t in tokens]
    font = dict(family=MONO, size=STRIP_FONT, color=[ink_for(c) for c in _colours(x[:T], scale)])
    bars = go.Bar(
        orientation="h", base=starts, x=widths, y=lines, width=0.84,
        **({} if chars else dict(text=labels, textposition="inside", insidetextanchor="middle", textangle=0,
                                 constraintext="inside", textfont=font)),
        marker=dict(color=x[:T].astype(np.float32), colorscale=scale["colorscale"], cmin=scale["zmin"],
                    cmax=scale["zmax"], line=dict(width=0), colorbar=_strip_colorbar(name)),
        customdata=np.stack([np.arange(T), x[:T]], axis=1).astype(np.float32),
        hovertext=[token_label(t, 40) for t in tokens],
        hovertemplate=f"%{{hovertext}} (step %{{customdata[0]}})<br>{quantity} = %{{customdata[1]:.3f}}<extra></extra>")
    letters = go.Scatter(x=starts + widths / 2, y=lines, mode="text", text=labels, textfont=font, hoverinfo="skip")
    rows = int(lines.max()) + 1
    hidden = dict(visible=False, showgrid=False, zeroline=False, fixedrange=True)
    cut = f", first {T} of {len(tr.tokens)} tokens" if T < len(tr.tokens) else ""
    layout = THEME.layout(title(f"Unit {unit} ({name}){cut}", model, text, layer), height=200 + 44 * rows,
                          xaxis=dict(hidden, range=[-0.2, STRIP_WIDTH + 0.2]),
                          yaxis=dict(hidden, range=[rows - 0.5, -0.5]), bargap=0, showlegend=False,
                          margin=dict(l=20, r=20, t=100, b=100))
    return go.Figure(data=[bars, letters] if chars else [bars], layout=layout)


def _strip_colorbar(name: str) -> dict:
    return dict(title=dict(text=name, side="bottom"), orientation="h", thickness=16, len=0.5, x=0, xanchor="left",
                y=0, yanchor="top", ypad=12)


def _cells(tokens: list[str], chars: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each token's cell goes: start and width (in character widths of the strip's monospace
    font; a cell is its text plus a little padding) and line, (T,) each. A word (for a character
    model: a run of characters up to and including a space) moves whole to the next line when it
    does not fit; a newline ends its line."""
    widths = np.array([_width(t, chars) for t in tokens], dtype=np.float32)
    gap = 0.0 if chars else WORD_GAP
    starts, lines = np.zeros(len(tokens), np.float32), np.zeros(len(tokens), np.int32)
    at, line = 0.0, 0
    for chunk in _words(tokens, chars):
        if at > 0 and at + widths[chunk].sum() + gap * (len(chunk) - 1) > STRIP_WIDTH:
            at, line = 0.0, line + 1
        for t in chunk:
            if at > 0 and at + widths[t] > STRIP_WIDTH:  # a word longer than a line is cut
                at, line = 0.0, line + 1
            starts[t], lines[t], at = at, line, at + widths[t] + gap
            if tokens[t] == "\n":
                at, line = 0.0, line + 1
    return starts, widths, lines


def _words(tokens: list[str], chars: bool) -> list[list[int]]:
    """Token positions grouped into the pieces that wrap together: one token each for a word model;
    for a character model, runs ending at a whitespace character."""
    if not chars:
        return [[t] for t in range(len(tokens))]
    out, run = [], []
    for t, tok in enumerate(tokens):
        run.append(t)
        if tok.isspace():
            out.append(run)
            run = []
    return out + ([run] if run else [])


def _width(token: str, chars: bool) -> float:
    """A cell's width in monospace character widths: wide (East Asian, emoji) characters take two."""
    shown = html.unescape(_strip_label(token)) or " "
    n = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in shown)
    return float(n) if chars else n + 0.8


def _strip_label(token: str) -> str:
    """Cell text: a character model's space stays blank (the coloured gap reads as a space)."""
    return "" if token == " " else token_label(token, 40)


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
