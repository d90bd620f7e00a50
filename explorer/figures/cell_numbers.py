"""The cell at step t in numbers: the equations with one unit's values substituted (LaTeX), and
c_t = f_t c_{t-1} + i_t g_t split per unit into what was kept and what was newly written.
"""
from __future__ import annotations

import math
import re

import numpy as np
import plotly.graph_objects as go

from explorer.figures.cell import CP, CT, _clamp, _inverse, state_at
from explorer.figures.heatmaps import token_label
from explorer.figures.theme import PALETTE, THEME, title
from explorer.trace import Trace

# ---- the equations with the numbers in -------------------------------------------------------

TEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
                " ": "␣", "\n": "↵", "\t": "⇥"}


def tex_text(token: str) -> str:
    """A token as LaTeX text: the specials escaped, whitespace made visible, inside \\text{}."""
    return r"\text{" + re.sub(r"[\\{}$&#^_%~ \n\t]", lambda m: TEX_SPECIALS[m.group()], token) + "}"


def _n(v: float, paren: bool = False) -> str:
    """3 decimals for LaTeX; negatives in parentheses where they follow an operator."""
    s = f"{float(v):.3f}"
    s = "0.000" if s == "-0.000" else s
    return f"({s})" if paren and s.startswith("-") else s


def _activation(name: str, fn: str, v: float, inside: str) -> str:
    """`name = fn(inside) = fn(a) = v`, with a recovered by inverting fn (σ or tanh)."""
    a = _inverse("tanh" if fn == r"\tanh" else "sigmoid", v)
    arg = (r"\gg 0" if v > 0 else r"\ll 0") if a is None else _n(a)
    return rf"{name} = {fn}({inside}) = {fn}({arg}) = {_n(v)}"


def equations(tr: Trace, layer: int, step: int, unit: int) -> list[str]:
    """LaTeX lines (for st.latex) of the cell's equations with `unit`'s numbers at `step`."""
    layer, step, unit = _clamp(tr, layer, step, unit)
    v = state_at(tr, layer, step, unit)
    head = rf"t = {step},\quad x_t = {tex_text(tr.tokens[step])},\quad h_{{t-1}} = {_n(v['h_prev'])}"
    if tr.cell == "rnn":
        return [head, _activation("h_t", r"\tanh", v["h"], r"W x_t + U h_{t-1} + b")]
    sig = lambda k: _activation(f"{k}_t", r"\sigma", v[k], rf"W_{k} x_t + U_{k} h_{{t-1}} + b_{k}")  # noqa: E731
    if tr.cell == "gru":
        return [head, sig("r"), sig("z"),
                _activation("n_t", r"\tanh", v["n"], r"W_n x_t + b_n + r_t \odot (U_n h_{t-1} + b'_n)"),
                rf"h_t = (1 - z_t) \odot n_t + z_t \odot h_{{t-1}} = (1 - {_n(v['z'])}) \times {_n(v['n'], True)}"
                rf" + {_n(v['z'])} \times {_n(v['h_prev'], True)} = {_n(v['h'])}"]
    return [head + rf",\quad c_{{t-1}} = {_n(v['c_prev'])}", sig("i"), sig("f"),
            _activation("g_t", r"\tanh", v["g"], r"W_g x_t + U_g h_{t-1} + b_g"), sig("o"),
            rf"c_t = f_t \odot c_{{t-1}} + i_t \odot g_t = {_n(v['f'])} \times {_n(v['c_prev'], True)}"
            rf" + {_n(v['i'])} \times {_n(v['g'], True)} = {_n(v['c'])}",
            rf"h_t = o_t \odot \tanh(c_t) = {_n(v['o'])} \times \tanh({_n(v['c'])})"
            rf" = {_n(v['o'])} \times {_n(math.tanh(v['c']), True)} = {_n(v['h'])}"]


# ---- what c_t kept and what it wrote ---------------------------------------------------------


def split_c(tr: Trace, layer: int, step: int) -> dict[str, np.ndarray]:
    """c_t = kept + written per unit: kept = f_t c_{t-1}, written = i_t g_t; each (H,) float32."""
    lt = tr.layers[layer]
    c_prev = lt.c[step - 1] if step > 0 else np.zeros_like(lt.c[step])
    return dict(kept=lt.gates["f"][step] * c_prev, written=lt.gates["i"][step] * lt.gates["g"][step],
                c=lt.c[step], f=lt.gates["f"][step], c_prev=c_prev, i=lt.gates["i"][step], g=lt.gates["g"][step])


def _pick(c: np.ndarray, order: str, top: int | None) -> np.ndarray:
    """Units to show: the `top` largest |c_t| (all when None), sorted by value, magnitude or index."""
    keys = {"value": -c, "magnitude": -np.abs(c), "index": np.arange(c.size)}
    if order not in keys:
        raise ValueError(f"Unknown unit order {order!r}: use one of {', '.join(keys)}.")
    units = np.arange(c.size) if top is None else np.argsort(-np.abs(c), kind="stable")[:top]
    return units[np.argsort(keys[order][units], kind="stable")]


def _kept_traces(parts: dict, units: np.ndarray) -> list:
    """Kept and written as relative (stacked, sign-aware) bars, c_t as diamonds; float32 arrays."""
    x = [str(u) for u in units]
    extra = np.stack([parts[k][units] for k in ("kept", "written", "c", "f", "c_prev", "i", "g")], axis=1)
    hover = (f"unit %{{x}}<br>kept f·{CP} = %{{customdata[3]:.3f}} × %{{customdata[4]:.3f}} = %{{customdata[0]:.3f}}"
             "<br>written i·g = %{customdata[5]:.3f} × %{customdata[6]:.3f} = %{customdata[1]:.3f}"
             f"<br>{CT} = %{{customdata[2]:.3f}}<extra></extra>")
    common = dict(x=x, customdata=extra, hovertemplate=hover)
    diamond = dict(symbol="diamond", size=12, color=PALETTE[7], line=dict(color="white", width=1.5))
    return [go.Bar(y=parts["kept"][units], name=f"kept: f·{CP}", marker_color=PALETTE[0], **common),
            go.Bar(y=parts["written"][units], name="written: i·g", marker_color=PALETTE[1], **common),
            go.Scatter(y=parts["c"][units], mode="markers", name=f"{CT} (their sum)", marker=diamond, **common)]


def kept_written(tr: Trace, layer: int, step: int, order: str = "value", top: int | None = 40,
                 model: str = "", text: str = "") -> go.Figure:
    """Per unit, c_t split into what was kept (f_t·c_{t-1}) and newly written (i_t·g_t), c_t as markers.

    Shows the `top` units by |c_t| (all when None), ordered by "value", "magnitude" or "index"."""
    if tr.cell != "lstm":
        raise ValueError(f"Only an LSTM has a cell state to split into kept and written parts; "
                         f"this is a {tr.cell.upper()}.")
    layer, step, _ = _clamp(tr, layer, step, 0)
    parts = split_c(tr, layer, step)
    units = _pick(parts["c"], order, top)
    shown = "all units" if units.size == parts["c"].size else f"the {units.size} with the largest |{CT}|"
    view = f"What {CT} kept and wrote at step {step} (“{token_label(tr.tokens[step])}”)"
    yaxis = {**THEME.axis(f"contribution to {CT}"), "zeroline": True, "zerolinecolor": "#666666", "zerolinewidth": 1.5}
    layout = THEME.layout(title(view, model, text, layer), barmode="relative", width=1100, height=520, bargap=0.25,
                          legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom", font=dict(size=15)),
                          margin=dict(l=80, r=30, t=125, b=70), yaxis=yaxis,
                          xaxis=THEME.axis(f"unit ({shown}, by {order})", type="category", tickfont=dict(size=13),
                                           tickmode="array", tickvals=[str(u) for u in units]))
    return go.Figure(data=_kept_traces(parts, units), layout=layout)
