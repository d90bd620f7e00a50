"""The cell at step t: Olah's diagram with one unit's real numbers, the equations, and c split.

`cell_diagram` draws one cell the way Olah's "Understanding LSTM Networks" (2015) does: the cell
state runs along the top, the gates sit at the bottom fed by h_{t-1} and x_t, and every path carries
the chosen unit's value at the chosen step. Nodes are filled with the theme's colours (diverging for
c, h, g, n; 0..1 for the sigmoid gates). GRU and plain RNN cells get their own drawings.
The equations with the same numbers, and c_t split per unit, are in cell_numbers.py.
Pre-activations are recovered from the trace by inverting σ or tanh (the trace holds no weights).
"""
from __future__ import annotations

import math
import re
from typing import NamedTuple

import plotly.colors as pc
import plotly.graph_objects as go

from explorer.figures.heatmaps import token_label
from explorer.figures.theme import DIVERGING, SEQUENTIAL, THEME, title
from explorer.trace import Trace

X_RANGE, Y_RANGE = (0.0, 24.0), (-0.75, 10.35)  # data units; 1100x600 px with the margins below
PX = (1100 - 40) / (X_RANGE[1] - X_RANGE[0])  # pixels per data unit on both axes (y is scale-anchored)
INK, LINE, FONT = "#333333", 2.5, 17  # FONT: px of the text inside boxes and pills
# DejaVu Sans advance widths in em (the theme's first font and one of the widest; others fit too).
EM = {**dict.fromkeys("0123456789σgnhcxa", 0.64), **dict.fromkeys(".,·: ", 0.32), **dict.fromkeys("−=+×", 0.84),
      **dict.fromkeys("iljtf", 0.4), "m": 0.98}


def text_width(text: str, size: float = FONT) -> float:
    """Estimated px width of `text` (Plotly's <br>, <sub>, <b> markup understood): its widest line."""
    def line(s: str) -> float:
        subs = "".join(re.findall(r"<sub>(.*?)</sub>", s))
        plain = re.sub(r"<[^>]+>", "", re.sub(r"<sub>.*?</sub>", "", s))
        return size * (sum(EM.get(ch, 0.66) for ch in plain) + 0.7 * sum(EM.get(ch, 0.66) for ch in subs))
    return max(line(s) for s in text.split("<br>"))


def fit(text: str, pad: float = 0.22) -> float:
    """Half-width in data units of a box that holds `text` with `pad` units to spare on each side."""
    return text_width(text) / PX / 2 + pad


LONGEST = "tanh<br>g = −0.999"  # the widest a gate box ever has to hold (values lie in −1..1)
SIZES = {"box": (fit(LONGEST), 0.62), "op": (0.42, 0.42), "oval": (0.8, 0.4), "pill": (1.15, 0.6)}  # half w, h


class Node(NamedTuple):
    """One drawn node: `scale` is ("div", top) for signed values, ("seq", 1) for gates."""

    name: str
    kind: str
    x: float
    y: float
    text: str
    value: float
    scale: tuple


def fmt(v: float) -> str:
    """How the diagram prints a value: 3 decimals, a true minus sign, never "−0.000"."""
    s = f"{float(v):.3f}"
    return "0.000" if s == "-0.000" else s.replace("-", "−")


def state_at(tr: Trace, layer: int, step: int, unit: int) -> dict[str, float]:
    """The unit's numbers at `step` as floats: h, h_prev, every gate, and for LSTM c, c_prev."""
    lt = tr.layers[layer]
    prev = lambda a: float(a[step - 1, unit]) if step > 0 else 0.0  # noqa: E731 (zero initial state)
    v = {"h": float(lt.h[step, unit]), "h_prev": prev(lt.h)}
    v.update({k: float(a[step, unit]) for k, a in lt.gates.items()})
    if lt.c is not None:
        v.update(c=float(lt.c[step, unit]), c_prev=prev(lt.c))
    return v


def _clamp(tr: Trace, layer: int, step: int, unit: int) -> tuple[int, int, int]:
    layer = min(max(layer, 0), len(tr.layers) - 1)
    return layer, min(max(step, 0), len(tr.tokens) - 1), min(max(unit, 0), tr.layers[layer].h.shape[1] - 1)


# ---- colours ---------------------------------------------------------------------------------


def fill(value: float, scale: tuple) -> str:
    """The theme's colour for a value: diverging around 0 up to ±top, or viridis on 0..1."""
    kind, top = scale
    if kind == "div":
        return pc.sample_colorscale(DIVERGING, [min(max(0.5 + value / (2 * top), 0.0), 1.0)])[0]
    return pc.sample_colorscale(SEQUENTIAL, [min(max(value, 0.0), 1.0)])[0]


def ink_on(rgb: str) -> str:
    """White text on dark fills, dark text on light ones (relative luminance, WCAG)."""
    lin = [(c / 255) / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4
           for c in map(float, re.findall(r"[\d.]+", rgb)[:3])]
    return "white" if 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] < 0.18 else INK


# ---- drawing primitives ----------------------------------------------------------------------


def _rounded(x0: float, y0: float, x1: float, y1: float, r: float) -> str:
    """SVG path of a rectangle with rounded corners (Plotly rects have none)."""
    return (f"M{x0 + r},{y0} L{x1 - r},{y0} Q{x1},{y0} {x1},{y0 + r} L{x1},{y1 - r} Q{x1},{y1} {x1 - r},{y1} "
            f"L{x0 + r},{y1} Q{x0},{y1} {x0},{y1 - r} L{x0},{y0 + r} Q{x0},{y0} {x0 + r},{y0} Z")


def size(n: Node) -> tuple[float, float]:
    """Half width and height of a node: boxes and pills grow to hold their text with a margin."""
    w, h = SIZES[n.kind]
    return (max(w, fit(n.text)), h) if n.kind in ("box", "pill") else (w, h)


def _node_shapes(n: Node) -> tuple[dict, dict]:
    """The node's filled shape (named "node:<name>") and its centred text."""
    w, h = size(n)
    colour = fill(n.value, n.scale)
    base = dict(name=f"node:{n.name}", xref="x", yref="y", fillcolor=colour, line=dict(color=INK, width=2))
    if n.kind in ("op", "oval"):
        shape = dict(base, type="circle", x0=n.x - w, x1=n.x + w, y0=n.y - h, y1=n.y + h)
    else:
        corner = 0.18 if n.kind == "box" else 0.3
        shape = dict(base, type="path", path=_rounded(n.x - w, n.y - h, n.x + w, n.y + h, corner))
    px = 24 if n.kind == "op" and len(n.text) == 1 else FONT
    text = dict(x=n.x, y=n.y, text=n.text, showarrow=False, font=dict(size=px, color=ink_on(colour)))
    return shape, text


def _trim(p: tuple, q: tuple, node: Node | None) -> tuple:
    """Move p towards q until it leaves `node`'s outline (segments are horizontal or vertical)."""
    if node is None:
        return p
    w, h = size(node)
    if p[0] == q[0]:
        return p[0], p[1] + math.copysign(h + 0.03, q[1] - p[1])
    return p[0] + math.copysign(w + 0.03, q[0] - p[0]), p[1]


def _path(points: list, nodes: dict, start: str | None, end: str | None, width: float) -> tuple:
    """A polyline between two nodes (either may be None: a junction), ending in an arrowhead."""
    pts = list(points)
    pts[0] = _trim(pts[0], pts[1], nodes.get(start))
    pts[-1] = _trim(pts[-1], pts[-2], nodes.get(end))
    line = dict(type="path", xref="x", yref="y", line=dict(color=INK, width=width),
                path="M" + " L".join(f"{x},{y}" for x, y in pts))
    (ax, ay), (x, y) = pts[-2], pts[-1]
    back = 0.45 / max(math.hypot(x - ax, y - ay), 1e-9)  # the head sits on the segment's last 0.45 units
    head = dict(x=x, y=y, ax=x - (x - ax) * back, ay=y - (y - ay) * back, axref="x", ayref="y", xref="x",
                yref="y", text="", showarrow=True, arrowhead=2, arrowsize=1.3, arrowwidth=LINE, arrowcolor=INK)
    return line, head


def _label(x: float, y: float, text: str, anchor: str = "center") -> dict:
    """A value written beside a path, on white so the line behind it never strikes it through."""
    return dict(x=x, y=y, text=text, showarrow=False, xanchor=anchor,
                yanchor="bottom" if anchor == "center" else "middle",
                bgcolor="rgba(255,255,255,0.92)", borderpad=2, font=dict(size=16))


def _dot(x: float, y: float) -> dict:
    """A junction where a line splits."""
    return dict(type="circle", x0=x - 0.1, x1=x + 0.1, y0=y - 0.1, y1=y + 0.1, fillcolor=INK,
                line=dict(width=0), xref="x", yref="y")


# ---- the three cells -------------------------------------------------------------------------

HT, HP, CT, CP = "h<sub>t</sub>", "h<sub>t−1</sub>", "c<sub>t</sub>", "c<sub>t−1</sub>"
LEFT, RIGHT, UP_Y = 1.4, 22.6, 9.6  # where states come in and go out (h_t also leaves at the top)
TOP, MID, GATE, BUS = 7.6, 5.6, 3.6, 1.8  # rows: the belt along the top, products, gates, the h_{t-1} bus
UNIT, GATES01 = ("div", 1.0), ("seq", 1.0)  # scales of tanh outputs (g, n, tanh c) and of sigmoid gates


class Drawing(NamedTuple):
    """A cell as data: paths are (start node, end node, points); the belt is drawn thick, on top."""

    nodes: list
    paths: list
    belt: list
    labels: list
    dots: list
    x_in: float  # where x_t comes in from below


def _pill(name: str, symbol: str, x: float, y: float, v: float, scale: tuple) -> Node:
    return Node(name, "pill", x, y, f"{symbol}<br>{fmt(v)}", v, scale)


def _gate(k: str, x: float, v: float, scale: tuple) -> Node:
    return Node(k, "box", x, GATE, f"{'σ' if scale == GATES01 else 'tanh'}<br>{k} = {fmt(v)}", v, scale)


def _lstm(v: dict, c: tuple, h: tuple) -> Drawing:
    """Olah's LSTM: c along the top (⊗ f, ⊕ i·g), the four gates on the h_{t-1}/x_t bus, h_t = o·tanh c_t."""
    fc, ig, tc = v["f"] * v["c_prev"], v["i"] * v["g"], math.tanh(v["c"])
    F, I, G, O, X, UP = 5.4, 8.5, 11.6, 14.7, 17.4, 20.6  # columns: the gates, o's ⊗, h_t going up
    nodes = [_pill("c_prev", CP, LEFT, TOP, v["c_prev"], c), _pill("c", CT, RIGHT, TOP, v["c"], c),
             _pill("h_prev", HP, LEFT, BUS, v["h_prev"], h), _pill("h", HT, RIGHT, BUS, v["h"], h),
             _pill("h_top", HT, UP, UP_Y, v["h"], h), Node("xf", "op", F, TOP, "×", fc, c),
             Node("add", "op", G, TOP, "+", v["c"], c), Node("xig", "op", G, MID, "×", ig, c),
             Node("tanh", "oval", X, 5.9, "tanh", tc, UNIT), Node("xo", "op", X, GATE, "×", v["h"], h),
             _gate("f", F, v["f"], GATES01), _gate("i", I, v["i"], GATES01), _gate("g", G, v["g"], UNIT),
             _gate("o", O, v["o"], GATES01)]
    paths = [(None, "h_top", [(UP, BUS), (UP, UP_Y)]), (None, "tanh", [(X, TOP), (X, 5.9)]),
             ("tanh", "xo", [(X, 5.9), (X, GATE)]), ("o", "xo", [(O, GATE), (X, GATE)]),
             ("xo", "h", [(X, GATE), (X, BUS), (RIGHT, BUS)]), ("h_prev", "o", [(LEFT, BUS), (O, BUS), (O, GATE)]),
             (None, None, [(3.9, 0.1), (3.9, BUS)]), (None, "f", [(F, BUS), (F, GATE)]),
             (None, "i", [(I, BUS), (I, GATE)]), (None, "g", [(G, BUS), (G, GATE)]), ("f", "xf", [(F, GATE), (F, TOP)]),
             ("i", "xig", [(I, GATE), (I, MID), (G, MID)]), ("g", "xig", [(G, GATE), (G, MID)]),
             ("xig", "add", [(G, MID), (G, TOP)])]
    belt = [("c_prev", "xf", [(LEFT, TOP), (F, TOP)]), ("xf", "add", [(F, TOP), (G, TOP)]),
            ("add", "c", [(G, TOP), (RIGHT, TOP)])]
    labels = [_label((F + G) / 2, TOP + 0.35, f"f·{CP} = {fmt(fc)}"),
              _label(G + 0.25, 6.6, f"i·g = {fmt(ig)}", "left"),
              _label(X - 0.25, 4.75, f"tanh {CT} = {fmt(tc)}", "right")]
    dots = [(3.9, BUS), (F, BUS), (I, BUS), (G, BUS), (X, TOP), (UP, BUS)]
    return Drawing(nodes, paths, belt, labels, dots, 3.9)


def _gru(v: dict, c: tuple, h: tuple) -> Drawing:
    """The GRU: h_{t-1} along the top, h_t = (1 - z)·n + z·h_{t-1}; r feeds the candidate n."""
    zh, nz = v["z"] * v["h_prev"], (1 - v["z"]) * v["n"]
    Z, R, N, DOWN, UP = 6.0, 9.5, 13.2, 3.6, 20.6  # columns: the gates, h_{t-1} going down, h_t going up
    nodes = [_pill("h_prev", HP, LEFT, TOP, v["h_prev"], h), _pill("h", HT, RIGHT, TOP, v["h"], h),
             _pill("h_top", HT, UP, UP_Y, v["h"], h), Node("xz", "op", Z, TOP, "×", zh, h),
             Node("add", "op", N, TOP, "+", v["h"], h), Node("one_minus", "op", 8.4, MID, "1−", 1 - v["z"], GATES01),
             Node("xn", "op", N, MID, "×", nz, h), _gate("z", Z, v["z"], GATES01), _gate("r", R, v["r"], GATES01),
             _gate("n", N, v["n"], UNIT)]
    paths = [(None, "h_top", [(UP, TOP), (UP, UP_Y)]), (None, "n", [(DOWN, TOP), (DOWN, BUS), (N, BUS), (N, GATE)]),
             (None, None, [(4.6, 0.1), (4.6, BUS)]), (None, "z", [(Z, BUS), (Z, GATE)]),
             (None, "r", [(R, BUS), (R, GATE)]), ("z", "xz", [(Z, GATE), (Z, TOP)]),
             (None, "one_minus", [(Z, MID), (8.4, MID)]), ("one_minus", "xn", [(8.4, MID), (N, MID)]),
             ("r", "n", [(R, GATE), (N, GATE)]), ("n", "xn", [(N, GATE), (N, MID)]),
             ("xn", "add", [(N, MID), (N, TOP)])]
    belt = [("h_prev", "xz", [(LEFT, TOP), (Z, TOP)]), ("xz", "add", [(Z, TOP), (N, TOP)]),
            ("add", "h", [(N, TOP), (RIGHT, TOP)])]
    labels = [_label(9.6, TOP + 0.35, f"z·{HP} = {fmt(zh)}"), _label(10.8, MID + 0.35, f"1−z = {fmt(1 - v['z'])}"),
              _label(N + 0.25, 6.6, f"(1−z)·n = {fmt(nz)}", "left")]
    dots = [(DOWN, TOP), (4.6, BUS), (Z, BUS), (R, BUS), (Z, MID), (UP, TOP)]
    return Drawing(nodes, paths, belt, labels, dots, 4.6)


def _rnn(v: dict, c: tuple, h: tuple) -> Drawing:
    """The plain RNN: one tanh layer, h_t = tanh(W x_t + U h_{t-1} + b)."""
    pre = _inverse("tanh", v["h"])
    nodes = [_pill("h_prev", HP, LEFT, GATE, v["h_prev"], h), _pill("h", HT, RIGHT, GATE, v["h"], h),
             _pill("h_top", HT, 18, UP_Y, v["h"], h), Node("tanh", "box", 12, GATE, "tanh", v["h"], h)]
    paths = [(None, None, [(4.6, 0.1), (4.6, GATE)]), (None, "h_top", [(18, GATE), (18, UP_Y)])]
    belt = [("h_prev", "tanh", [(LEFT, GATE), (12, GATE)]), ("tanh", "h", [(12, GATE), (RIGHT, GATE)])]
    labels = [_label(7.7, GATE + 0.35, f"W x<sub>t</sub> + U {HP} + b = {'≫ 0' if pre is None else fmt(pre)}"),
              dict(x=11, y=6.8, text=f"{HT} = tanh(W x<sub>t</sub> + U {HP} + b)", showarrow=False, font=dict(size=24))]
    return Drawing(nodes, paths, belt, labels, [(4.6, GATE), (18, GATE)], 4.6)


def _inverse(kind: str, v: float) -> float | None:
    """The pre-activation a with σ(a) = v or tanh(a) = v; None where v saturated in float32."""
    if kind == "tanh":
        return math.atanh(v) if abs(v) < 1 else None
    return math.log(v / (1 - v)) if 0 < v < 1 else None


def cell_diagram(tr: Trace, layer: int, step: int, unit: int, model: str = "", text: str = "") -> go.Figure:
    """One cell of `layer` at `step`, every path labelled with `unit`'s value (1100x600 px, no traces)."""
    layer, step, unit = _clamp(tr, layer, step, unit)
    lt = tr.layers[layer]
    c, h = (("div", THEME.scale(q, a)["zmax"]) if a is not None else None for q, a in (("c", lt.c), ("h", lt.h)))
    d = {"lstm": _lstm, "gru": _gru, "rnn": _rnn}[tr.cell](state_at(tr, layer, step, unit), c, h)
    by_name = {n.name: n for n in d.nodes}
    lines, heads = zip(*[_path(p, by_name, a, b, LINE) for a, b, p in d.paths] +
                       [_path(p, by_name, a, b, 4) for a, b, p in d.belt])
    drawn = [_node_shapes(n) for n in d.nodes]
    body = dict(type="path", path=_rounded(2.8, 0.9, 19.6, 8.7, 0.5), fillcolor="#f2f2f2",
                line=dict(color="#aaaaaa", width=2), layer="below", xref="x", yref="y")
    token = token_label(tr.tokens[step])
    x_t = dict(x=d.x_in, y=0.1, yanchor="top", showarrow=False, bgcolor="white", bordercolor=INK, borderwidth=2,
               borderpad=4, text=f"x<sub>t</sub> = “{token}”", font=dict(size=17))
    heading = title(f"The cell at step t = {step}, x<sub>t</sub> = “{token}”, unit {unit}", model, text, layer)
    axis = dict(range=list(X_RANGE), visible=False, fixedrange=True)
    layout = THEME.layout(heading, width=1100, height=600, margin=dict(l=20, r=20, t=95, b=15), showlegend=False,
                          xaxis=axis, yaxis=dict(axis, range=list(Y_RANGE), scaleanchor="x"),
                          shapes=[body, *lines, *[_dot(x, y) for x, y in d.dots], *[s[0] for s in drawn]],
                          annotations=[*heads, *[s[1] for s in drawn], *d.labels, x_t])
    return go.Figure(data=[], layout=layout)
