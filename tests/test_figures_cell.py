"""The cell diagram, its equations, kept/written, saturation and comparison figures: the numbers
they show are the trace's numbers, and their arithmetic holds. Structure and invariants, not pixels."""

import math
import re

import numpy as np
import pytest

from explorer.figures import cell, cell_numbers, compare, saturation
from explorer.trace import trace

TEXT = "the boy took his sir , the girl took her ma'am ."
NUM = re.compile(r"-?\d+\.\d{3}")


def labels(fig) -> str:
    return " | ".join(a.text or "" for a in fig.layout.annotations)


def prev(a: np.ndarray, step: int, unit: int) -> float:
    return float(a[step - 1, unit]) if step > 0 else 0.0


@pytest.mark.parametrize("step", [0, 3])
def test_lstm_diagram_labels_every_path_with_the_units_values(tiny, step):
    tr = trace(tiny(cell="lstm"), TEXT)
    lt, u = tr.layers[1], 5
    i, f, g, o = (float(lt.gates[k][step, u]) for k in "ifgo")
    c, c_prev, h, h_prev = float(lt.c[step, u]), prev(lt.c, step, u), float(lt.h[step, u]), prev(lt.h, step, u)
    text = labels(cell.cell_diagram(tr, 1, step, u, model="m", text=TEXT))
    for k, v in zip("ifgo", (i, f, g, o)):
        assert f"{k} = {cell.fmt(v)}" in text
    assert f"c<sub>t−1</sub><br>{cell.fmt(c_prev)}" in text
    assert f"c<sub>t</sub><br>{cell.fmt(c)}" in text
    assert text.count(f"h<sub>t</sub><br>{cell.fmt(h)}") == 2  # out to the right and up to the next layer
    assert f"h<sub>t−1</sub><br>{cell.fmt(h_prev)}" in text
    assert f"f·c<sub>t−1</sub> = {cell.fmt(f * c_prev)}" in text
    assert f"i·g = {cell.fmt(i * g)}" in text
    assert f"tanh c<sub>t</sub> = {cell.fmt(math.tanh(c))}" in text
    assert f"“{tr.tokens[step]}”" in text


def test_gru_and_rnn_diagrams_show_their_own_quantities(tiny):
    tr = trace(tiny(cell="gru"), TEXT)
    lt, s, u = tr.layers[0], 4, 7
    r, z, n = (float(lt.gates[k][s, u]) for k in "rzn")
    text = labels(cell.cell_diagram(tr, 0, s, u))
    for k, v in zip("rzn", (r, z, n)):
        assert f"{k} = {cell.fmt(v)}" in text
    assert f"1−z = {cell.fmt(1 - z)}" in text
    assert f"(1−z)·n = {cell.fmt((1 - z) * n)}" in text
    assert f"z·h<sub>t−1</sub> = {cell.fmt(z * prev(lt.h, s, u))}" in text
    assert f"h<sub>t</sub><br>{cell.fmt(lt.h[s, u])}" in text
    rnn = trace(tiny(cell="rnn"), TEXT)
    h = float(rnn.layers[1].h[2, 3])
    text = labels(cell.cell_diagram(rnn, 1, 2, 3))
    assert f"h<sub>t</sub><br>{cell.fmt(h)}" in text and f"+ b = {cell.fmt(math.atanh(h))}" in text
    assert "σ" not in text


def test_node_fill_follows_the_sign_of_c_and_text_stays_legible(tiny):
    tr = trace(tiny(cell="lstm"), TEXT)
    lt = tr.layers[0]
    top = float(np.abs(lt.c).max())
    fills = {}
    for sign in (1, -1):
        lt.c[3, 2] = sign * top
        fig = cell.cell_diagram(tr, 0, 3, 2)
        shape = next(s for s in fig.layout.shapes if s.name == "node:c")
        fills[sign] = [int(x) for x in re.findall(r"\d+", shape.fillcolor)]
    assert fills[1] != fills[-1]
    assert fills[1][0] > fills[1][2] and fills[-1][2] > fills[-1][0]  # red for positive, blue for negative
    assert cell.ink_on(cell.fill(-top, ("div", top))) == "white" and cell.ink_on(cell.fill(0.0, ("div", 1))) != "white"
    assert cell.ink_on(cell.fill(0.0, ("seq", 1))) == "white" and cell.ink_on(cell.fill(1.0, ("seq", 1))) != "white"


def _after(line: str, lead: str) -> list[float]:
    """The numbers substituted into `line` (the part after its symbolic form)."""
    assert line.startswith(lead), line
    return [float(x) for x in NUM.findall(line.split(" = ", 2)[2])]


def _close(a: float, b: float, *operands: float) -> bool:
    """Equal up to the rounding of 3-decimal operands."""
    return abs(a - b) <= 5e-4 * (1 + sum(abs(x) for x in operands)) + 1e-9


@pytest.mark.parametrize("step, unit", [(0, 0), (3, 5), (11, 11)])
def test_lstm_equations_recompute_from_their_printed_numbers(tiny, step, unit):
    tr = trace(tiny(cell="lstm"), TEXT)
    lt = tr.layers[1]
    lines = cell_numbers.equations(tr, 1, step, unit)
    gates = {ln[0]: ln for ln in lines[1:5]}
    assert list(gates) == ["i", "f", "g", "o"]
    for k, ln in gates.items():
        a, v = _after(ln, f"{k}_t = ")
        fn = math.tanh if k == "g" else (lambda x: 1 / (1 + math.exp(-x)))
        assert _close(fn(a), v, 1) and abs(v - lt.gates[k][step, unit]) <= 5e-4
    f, c_prev, i, g, c = _after(lines[5], r"c_t = f_t \odot c_{t-1} + i_t \odot g_t")
    assert _close(f * c_prev + i * g, c, f, c_prev, i, g)
    assert abs(c - lt.c[step, unit]) <= 5e-4 and abs(c_prev - prev(lt.c, step, unit)) <= 5e-4
    o, c2, o2, tc, h = _after(lines[6], r"h_t = o_t \odot \tanh(c_t)")
    assert c2 == c and o2 == o and _close(math.tanh(c), tc, 1) and _close(o * tc, h, o, tc)
    assert abs(h - lt.h[step, unit]) <= 5e-4


def test_gru_and_rnn_equations_recompute(tiny):
    tr = trace(tiny(cell="gru"), TEXT)
    for step in range(len(tr.tokens)):
        *_, last = cell_numbers.equations(tr, 0, step, 4)
        z, n, z2, h_prev, h = _after(last, r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}")
        assert z == z2 and _close((1 - z) * n + z * h_prev, h, z, n, h_prev)
        assert abs(h - tr.layers[0].h[step, 4]) <= 5e-4
    rnn = trace(tiny(cell="rnn"), TEXT)
    head, line = cell_numbers.equations(rnn, 0, 2, 1)
    a, h = _after(line, r"h_t = \tanh(")
    assert _close(math.tanh(a), h, 1) and abs(h - rnn.layers[0].h[2, 1]) <= 5e-4


def test_equations_escape_the_token_for_latex(tiny):
    tr = trace(tiny(cell="lstm"), TEXT)
    tr.tokens[2] = "a_b{c}%$&#"
    assert r"x_t = \text{a\_b\{c\}\%\$\&\#}" in cell_numbers.equations(tr, 0, 2, 0)[0]
    assert cell_numbers.tex_text("~^\\") == r"\text{\textasciitilde{}\textasciicircum{}\textbackslash{}}"


@pytest.mark.parametrize("step", [0, 6])
def test_kept_plus_written_is_c(tiny, step):
    tr = trace(tiny(cell="lstm", hidden=16), TEXT)
    lt = tr.layers[1]
    fig = cell_numbers.kept_written(tr, 1, step, top=None)
    kept, written, c = (np.asarray(d.y, dtype=np.float64) for d in fig.data)
    units = [int(u) for u in fig.data[0].x]
    assert sorted(units) == list(range(16))
    np.testing.assert_allclose(kept + written, c, atol=1e-5)
    np.testing.assert_allclose(c, lt.c[step, units], atol=1e-7)
    c_prev = lt.c[step - 1, units] if step else 0.0
    np.testing.assert_allclose(kept, lt.gates["f"][step, units] * c_prev, atol=1e-6)
    assert list(c) == sorted(c, reverse=True)  # order="value"


def test_kept_written_top_units_and_other_cells(tiny):
    tr = trace(tiny(cell="lstm", hidden=16), TEXT)
    fig = cell_numbers.kept_written(tr, 0, 4, order="index", top=5)
    units = [int(u) for u in fig.data[0].x]
    assert units == sorted(np.argsort(-np.abs(tr.layers[0].c[4]))[:5].tolist())
    for other in ("gru", "rnn"):
        with pytest.raises(ValueError, match="Only an LSTM"):
            cell_numbers.kept_written(trace(tiny(cell=other), TEXT), 0, 1)


def _fractions(rng, gates: str, H: int = 10) -> dict:
    return {g: (rng.random(H), rng.random(H)) for g in gates}


@pytest.mark.parametrize("gates", ["ifo", "rz"])
def test_saturation_has_a_panel_per_gate_and_plots_the_inputs(gates):
    rng = np.random.default_rng(0)
    sentence, baseline = _fractions(rng, gates), _fractions(rng, gates)
    fig = saturation.saturation_figure(sentence, baseline, model="m", text="x", layer=1)
    assert len({d.xaxis for d in fig.data}) == len(gates)
    assert len([s for s in fig.layout.shapes if s.type == "line"]) == len(gates)  # the diagonals
    for d in fig.data:
        source = sentence if d.meta["series"] == "this sentence" else baseline
        np.testing.assert_allclose(d.x, source[d.meta["gate"]][0], atol=1e-6)
        np.testing.assert_allclose(d.y, source[d.meta["gate"]][1], atol=1e-6)
    assert [d.meta["series"] for d in fig.data[:2]] == ["corpus baseline", "this sentence"]  # baseline behind
    for k in range(len(gates)):
        y = fig.layout[f"yaxis{k + 1 if k else ''}"]
        assert tuple(y.range) == (-0.03, 1.03) and y.scaleanchor == f"x{k + 1 if k else ''}"
    only = saturation.saturation_figure(sentence, None)
    assert {d.meta["series"] for d in only.data} == {"this sentence"}


def test_saturation_of_a_plain_rnn_says_so():
    fig = saturation.saturation_figure({}, {})
    assert not fig.data and "plain RNN has no gates" in labels(fig)


def test_compare_marks_each_models_choice_and_draws_the_series():
    T = 6
    rows = [{"model": "lstm-teach", "cell": "lstm", "p": (0.7, 0.2), "series": np.linspace(0.2, 0.9, T)},
            {"model": "gru-teach", "cell": "gru", "p": (0.1, 0.4), "series": np.linspace(0.6, 0.1, T)},
            {"model": "rnn-teach", "cell": "rnn", "p": (0.3, 0.35), "series": np.full(T, 0.5)}]
    fig = compare.compare_choices(rows, ("his", "her"), 3, "<took>", text="the boy took")
    first, second, *lines = fig.data
    assert [("✓" in t, "✓" in u) for t, u in zip(first.text, second.text)] == [(True, False), (False, True),
                                                                                (False, True)]
    assert all(("<b>" in t) == ("✓" in t) for t in [*first.text, *second.text])
    np.testing.assert_allclose(first.y, [0.7, 0.1, 0.3], atol=1e-6)
    for row, line in zip(rows, lines):
        np.testing.assert_allclose(line.y, row["series"], atol=1e-6)
        assert line.name == row["model"] and line.xaxis == "x2"
    assert "LSTM vs GRU vs RNN · 'his' or 'her' after '&lt;took&gt;'" in fig.layout.title.text
    assert any(s.x0 == 3 and s.x1 == 3 for s in fig.layout.shapes)  # the chosen step
    assert any(s.y0 == 0.5 and s.y1 == 0.5 for s in fig.layout.shapes)  # the even split


def _em(line: str) -> float:
    """Width in em of a DejaVu Sans line (the theme's font): its own small table, not the module's."""
    return sum(0.84 if ch in "−=" else 0.32 if ch in ". " else 0.64 for ch in re.sub(r"<[^>]+>", "", line))


def _bounds(shape) -> tuple[float, float, float, float]:
    """x0, x1, y0, y1 of a node's outline (a rounded path) in data units."""
    pts = [(float(x), float(y)) for x, y in re.findall(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)", shape.path)]
    xs, ys = zip(*pts)
    return min(xs), max(xs), min(ys), max(ys)


@pytest.mark.parametrize("kind, gates", [("lstm", "ifgo"), ("gru", "rzn")])
def test_every_box_holds_its_longest_label_with_a_margin(tiny, kind, gates):
    tr = trace(tiny(cell=kind), TEXT)
    lt = tr.layers[0]
    for k in gates:
        lt.gates[k][3, 2] = -0.9999 if k in "gn" else 0.9999  # the widest values: "−1.000", "1.000"
    lt.h[2, 2] = -123.456  # a state far out of the usual range: its pill grows to hold it
    if lt.c is not None:
        lt.c[3, 2] = -123.456
    fig = cell.cell_diagram(tr, 0, 3, 2)
    lo, hi = fig.layout.xaxis.range
    px = (fig.layout.width - fig.layout.margin.l - fig.layout.margin.r) / (hi - lo)  # per data unit
    shapes = [s for s in fig.layout.shapes if (s.name or "").startswith("node:") and s.type == "path"]
    assert len(shapes) == len(gates) + (5 if kind == "lstm" else 3)  # the gate boxes and the state pills
    for s in shapes:
        x0, x1, y0, y1 = _bounds(s)
        label = next(a.text for a in fig.layout.annotations
                     if abs(a.x - (x0 + x1) / 2) < 1e-6 and abs(a.y - (y0 + y1) / 2) < 1e-6)
        widest = max(_em(line) for line in label.split("<br>")) * cell.FONT
        assert (x1 - x0) * px >= widest + 2 * 8, (s.name, label)
    assert "−123.456" in labels(fig) and "−1.000" in labels(fig)


def _rows(p: list[tuple[float, float]], T: int = 6) -> list[dict]:
    names = [("lstm-teach", "lstm"), ("gru-teach", "gru"), ("rnn-teach", "rnn")]
    return [{"model": m, "cell": c, "p": q, "series": np.full(T, 0.5)} for (m, c), q in zip(names, p)]


def test_compare_values_stay_apart_and_tiny_probabilities_get_no_si_suffix():
    fig = compare.compare_choices(_rows([(0.301, 0.299), (0.3, 0.3001), (2.4e-4, 3e-5)]), ("sir", "ma'am"), 5, ".")
    first, second = fig.data[:2]
    assert first.text[0] != second.text[0] and "30.1%" in first.text[0] and second.text[0] == "29.9%"
    assert second.text[2] == "<0.1%" and "<0.1%" in first.text[2]
    if first.textangle == 0:  # upright labels fit within a bar, so neighbours never run together
        widest = max(_em(t.replace("✓<br>", "")) for t in [*first.text, *second.text]) * compare.VALUE_PX
        assert widest * 1.1 <= compare._bar_px(3)
    for axis in (fig.layout.yaxis, fig.layout.yaxis2):
        assert re.fullmatch(r"\.\d~?[%pf]", axis.tickformat), axis.tickformat  # never d3's "s" (µ, m, k)
    assert "µ" not in " ".join([*first.text, *second.text])
    assert compare.percent(0.513) == "51%" and compare.percent(0.0056) == "0.56%" and compare.percent(1e-5) == "<0.1%"


def test_compare_legends_have_their_own_row_and_the_step_label_stays_inside():
    rows = _rows([(0.7, 0.2), (0.1, 0.4), (0.3, 0.35)], T=28)
    fig = compare.compare_choices(rows, ("his", "her"), 27, "took", text="the boy took " * 10)
    lay = fig.layout
    assert {d.legend for d in fig.data[:2]} == {"legend"} and {d.legend for d in fig.data[2:]} == {"legend2"}
    assert lay.title.yref == lay.legend.yref == lay.legend2.yref == "container"
    gap = (lay.title.y - lay.legend.y) * lay.height  # px between the title block's middle and the legends'
    assert gap >= 40 and lay.legend.y == lay.legend2.y
    plot_top = 1 - lay.margin.t / lay.height
    assert (lay.legend.y - plot_top) * lay.height >= 50  # and well above the panel headings
    label = next(a for a in lay.annotations if a.text == "t = 27")
    assert label.xanchor == "right" and label.yref == "y2 domain" and label.y == 1  # ends at the line, above the plot
    middle = compare.compare_choices(rows, ("his", "her"), 12, "took")
    assert next(a for a in middle.layout.annotations if a.text == "t = 12").xanchor == "center"
