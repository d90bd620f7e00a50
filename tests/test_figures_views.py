"""The overview, unit and prediction figures: structure and invariants, never pixels."""

import numpy as np
import pytest

from explorer import analysis
from explorer.figures import heatmaps, predictions, units
from explorer.trace import trace

TEXT = "the boy took his sir , the girl took her ma'am ."


@pytest.mark.parametrize("cell, panels", [("lstm", ["h", "c", "i", "f", "g", "o"]), ("gru", ["h", "r", "z", "n"]),
                                          ("rnn", ["h"])])
def test_overview_has_one_heatmap_per_quantity_with_h_by_t_z(tiny, cell, panels):
    tr = trace(tiny(cell=cell), TEXT)
    fig = heatmaps.overview(tr, 1, 3, 5, model="my-model", text=TEXT)
    T, H = len(tr.tokens), 12
    assert [d.type for d in fig.data] == ["heatmap"] * len(panels)
    assert [d.colorbar.title.text for d in fig.data] == panels
    for d, q in zip(fig.data, panels):
        assert np.asarray(d.z).shape == (H, T)
        np.testing.assert_allclose(np.asarray(d.z)[5], analysis.values(tr.layers[1], q)[:, 5])
    assert "my-model" in fig.layout.title.text
    assert list(fig.data[0].x) == [f"{heatmaps.token_label(t)}·{k}" for k, t in enumerate(tr.tokens)]
    assert fig.layout.height >= 200 * len(panels)


def test_overview_scales_signed_and_gates(tiny):
    fig = heatmaps.overview(trace(tiny(), TEXT), 0, 0, 0)
    by_q = {d.colorbar.title.text: d for d in fig.data}
    assert by_q["c"].zmid == 0 and by_q["c"].zmin == -by_q["c"].zmax
    assert (by_q["f"].zmin, by_q["f"].zmax) == (0, 1)
    assert by_q["g"].zmin == -1 and by_q["g"].zmax == 1


def test_overview_outlines_the_step_and_unit_in_every_panel(tiny):
    tr = trace(tiny(), TEXT)
    fig = heatmaps.overview(tr, 0, 4, 7, order="variance")
    rows = [str(u) for u in fig.data[0].y]
    shapes = fig.layout.shapes
    assert len(shapes) == 2 * 6
    for s in (s for s in shapes if s.name == "step"):
        assert (s.x0 + s.x1) / 2 == 4
    for s in (s for s in shapes if s.name == "unit"):
        assert rows[int((s.y0 + s.y1) / 2)] == "7"
    assert rows == [str(u) for u in analysis.order_units(tr.layers[0], "variance", 4)]
    assert {s.xref for s in shapes} == {"x", "x2", "x3", "x4", "x5", "x6"}


def test_overview_downsamples_long_inputs(tiny):
    text = " ".join(["the boy took his sir ."] * 20)  # 120 tokens
    tr = trace(tiny(), text)
    fig = heatmaps.overview(tr, 0, 5, 0, max_steps=40)
    n = len(fig.data[0].x)
    assert n <= 41 and np.asarray(fig.data[0].z).shape == (12, n)
    assert "every 3rd step of 120 shown" in fig.layout.title.text
    assert any(x.endswith("·5") for x in fig.data[0].x)  # the chosen step stays visible
    assert "every" not in heatmaps.overview(tr, 0, 5, 0).layout.title.text


def test_overview_y_ticks_thin_out_for_many_units(tiny):
    fig = heatmaps.overview(trace(tiny(hidden=128, layers=1), TEXT), 0, 0, 0)
    assert np.asarray(fig.data[0].z).shape[0] == 128
    assert len(fig.layout.yaxis.tickvals) == 8


def test_unit_lines_one_trace_per_unit_plus_threshold(tiny):
    tr = trace(tiny(), TEXT)
    fig = units.unit_lines(tr, 1, [3, 0, 7], "c", threshold=0.25, step=2, model="my-model", text=TEXT)
    assert [d.name for d in fig.data] == ["unit 3", "unit 0", "unit 7", "threshold 0.25"]
    np.testing.assert_allclose(np.asarray(fig.data[2].y), tr.layers[1].c[:, 7])
    assert list(fig.data[-1].y) == [0.25, 0.25] and fig.data[-1].line.dash == "dash"
    assert [s.x0 for s in fig.layout.shapes] == [2]
    assert "my-model" in fig.layout.title.text
    assert len(units.unit_lines(tr, 0, [1], "f").data) == 1


def test_token_strip_covers_every_token(tiny):
    tr = trace(tiny(), TEXT)
    fig = units.token_strip(tr, 0, 2, "c", model="my-model", text=TEXT)
    z = np.asarray(fig.data[0].z)
    cells = [t for row in fig.data[0].text for t in row]
    assert cells[: len(tr.tokens)] == [heatmaps.token_label(t) for t in tr.tokens]
    np.testing.assert_allclose(z.ravel()[: len(tr.tokens)], tr.layers[0].c[:, 2])
    assert np.isnan(z.ravel()[len(tr.tokens):]).all()
    assert "my-model" in fig.layout.title.text


def test_token_html_escapes_the_users_text(tiny):
    tr = trace(tiny(), "the boy <b>took</b> <script>")
    assert "<" in tr.tokens and ">" in tr.tokens
    out = units.token_html(tr, 0, 1, "c")
    assert "&lt;" in out and "&gt;" in out
    assert "<b>" not in out and "<script" not in out
    assert out.count("<span") == len(tr.tokens)


def test_token_html_text_turns_white_on_dark_cells():
    assert units.ink_for("rgb(20, 20, 80)") == "#ffffff"
    assert units.ink_for("rgb(250, 240, 230)") != "#ffffff"


def test_topk_grid_text_equals_analysis_topk(tiny):
    m = tiny()
    tr = trace(m, TEXT)
    fig = predictions.topk_grid(tr, m.vocab, k=3, step=4, model="my-model", text=TEXT)
    top = analysis.topk(tr.probs, m.vocab, 3)
    text = fig.data[0].text
    assert len(text) == 3 and len(text[0]) == len(tr.tokens)
    for r in range(3):
        assert list(text[r]) == [heatmaps.token_label(col[r][0], 12) for col in top]
        np.testing.assert_allclose(np.asarray(fig.data[0].z)[r], [col[r][1] for col in top], rtol=1e-6)
    assert [s.name for s in fig.layout.shapes] == ["step"] and fig.layout.shapes[0].x0 == 3.5
    assert "my-model" in fig.layout.title.text


def test_topk_grid_windows_long_inputs(tiny):
    m = tiny()
    tr = trace(m, " ".join(["the boy took his sir ."] * 20))  # 120 tokens
    fig = predictions.topk_grid(tr, m.vocab, step=100, max_steps=60)
    x = np.asarray(fig.data[0].x)
    assert len(x) == 60 and x[0] <= 100 <= x[-1] == 119
    assert "steps 60–119 of 120" in fig.layout.title.text
    assert fig.data[0].texttemplate is None and len(fig.layout.annotations) == 5 * 60  # narrow: turned text
    narrow = predictions.topk_grid(tr, m.vocab, step=3, max_steps=8)
    assert "steps 0–7 of 120" in narrow.layout.title.text and narrow.data[0].texttemplate == "%{text}"


def test_topk_bars_best_at_top_in_percent(tiny):
    m = tiny()
    tr = trace(m, TEXT)
    fig = predictions.topk_bars(tr, m.vocab, 2, k=6, model="my-model", text=TEXT)
    bar = fig.data[0]
    pct = np.asarray(bar.x)
    assert len(pct) == 6 and (np.diff(pct) <= 0).all()
    np.testing.assert_allclose(pct[0], tr.probs[2].max() * 100, rtol=1e-5)
    assert fig.layout.yaxis.autorange == "reversed"
    assert "after 'took' (step 2)" in fig.layout.title.text and "my-model" in fig.layout.title.text
