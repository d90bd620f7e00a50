"""The overview, unit and prediction figures: structure and invariants, never pixels."""

import html
import re

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
    for k in range(len(panels)):  # every panel labels its columns with the tokens
        axis = fig.layout[_axis("x", k)]
        assert [html.unescape(re.sub(r"</?b>", "", t)) for t in axis.ticktext] == tr.tokens


def _axis(xy: str, k: int) -> str:
    """The layout key of panel k's x or y axis."""
    return f"{xy}axis" if k == 0 else f"{xy}axis{k + 1}"


@pytest.mark.parametrize("cell, grid", [("lstm", (3, 2)), ("gru", (2, 2)), ("rnn", (1, 1))])
def test_overview_lays_panels_out_two_to_a_row_in_a_screen_high_figure(tiny, cell, grid):
    fig = heatmaps.overview(trace(tiny(cell=cell, hidden=128, layers=1), TEXT), 0, 3, 5)
    xs = [tuple(fig.layout[_axis("x", k)].domain) for k in range(len(fig.data))]
    ys = [tuple(fig.layout[_axis("y", k)].domain) for k in range(len(fig.data))]
    assert (len(set(ys)), len(set(xs))) == grid
    assert xs[0][0] == 0 and ys[0][1] == 1  # h top left, the rest in reading order
    assert fig.layout.height <= 1500 and (cell != "lstm" or fig.layout.height >= 1100)
    for d, (left, right) in zip(fig.data, xs):  # each colour bar just right of its own panel...
        assert right < d.colorbar.x < right + 0.03 and d.colorbar.xanchor == "left"
    if grid[1] == 2:  # ...and clear of the right column's panels
        assert max(d.colorbar.x for d, x in zip(fig.data, xs) if x == xs[0]) + 0.1 < xs[1][0]


def test_overview_of_one_token_draws_a_narrow_column(tiny):
    fig = heatmaps.overview(trace(tiny(), "boy"), 0, 0, 0)
    assert np.asarray(fig.data[0].z).shape == (12, 1)
    lo, hi = fig.layout.xaxis.range
    assert hi - lo >= heatmaps.MIN_COLUMNS  # one column takes 1/MIN_COLUMNS of the width, not all of it


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


def _char_model(seed=0):
    """A tiny random character-level LSTM (1 layer, 12 units)."""
    import torch

    from explorer.models import ModelConfig, RecurrentLM
    from explorer.tokenizers import CharTokenizer
    from explorer.trace import tracer_for

    torch.manual_seed(seed)
    vocab = ["<unk>", *" abcdefghijklmnopqrstuvwxyz,.'"]
    return tracer_for(RecurrentLM(ModelConfig("lstm", len(vocab), 8, 12, 1)).eval(), CharTokenizer(vocab))


def _strip_cells(fig):
    bar = fig.data[0]
    return (np.asarray(a, dtype=np.float64) for a in (bar.base, bar.x, bar.y))


def test_token_strip_covers_every_token_in_cells_sized_to_the_text(tiny):
    text = " ".join(["the grandfathers took his extraordinary sir ,"] * 4)
    tr = trace(tiny(), text)
    fig = units.token_strip(tr, 0, 2, "c", model="my-model", text=text)
    bar = fig.data[0]
    assert bar.type == "bar" and bar.orientation == "h" and len(fig.data) == 1
    assert list(bar.text) == [heatmaps.token_label(t, 40) for t in tr.tokens]  # whole words, none cut
    np.testing.assert_allclose(np.asarray(bar.marker.color), tr.layers[0].c[:, 2])
    start, width, line = _strip_cells(fig)
    assert (width >= np.array([len(t) for t in tr.tokens]) + 0.5).all()  # room for each word and padding
    assert (start + width <= units.STRIP_WIDTH).all() and line.max() >= 1  # it wraps
    order = np.lexsort((start, line))  # reading order: line by line, left to right
    assert (order == np.arange(len(tr.tokens))).all()
    same = line[1:] == line[:-1]
    assert (start[1:][same] >= (start + width)[:-1][same]).all()  # no cell overlaps the next
    assert "my-model" in fig.layout.title.text


def test_token_strip_of_a_character_model_reads_like_the_text():
    text = "the boy took his bag to the park, and the girl took hers to the old mill by the river."
    tr = trace(_char_model(), text)
    fig = units.token_strip(tr, 0, 3, "c", text=text)
    start, width, line = _strip_cells(fig)
    assert (width == 1).all()
    letters = fig.data[1]  # the characters, centred in their cells (spaces stay blank)
    assert "".join(t or " " for t in letters.text) == text
    np.testing.assert_allclose(np.asarray(letters.x), start + 0.5)
    same = line[1:] == line[:-1]
    assert (start[1:][same] == (start + 1)[:-1][same]).all()  # side by side, no gaps
    firsts = [k for k in range(1, len(text)) if line[k] != line[k - 1]]
    assert firsts and all(text[k - 1] == " " for k in firsts)  # lines break at spaces, never mid-word


def test_unit_lines_of_a_short_char_text_label_every_character():
    tr = trace(_char_model(), "to be, or not")
    ticktext = units.unit_lines(tr, 0, [1], "c", step=4).layout.xaxis.ticktext
    assert list(ticktext) == ["t", "o", "␣", "b", "<b>e</b>", ",", "␣", "o", "r", "␣", "n", "o", "t"]


def test_unit_lines_of_a_long_char_text_label_word_starts_with_whole_words():
    text = " ".join(["the boy took his bag to the park and the girl took hers to the mill"] * 3)  # 200 characters
    tr = trace(_char_model(), text)
    step = text.index("girl") + 2
    axis = units.unit_lines(tr, 0, [1], "c", step=step).layout.xaxis
    ticks, labels = list(axis.tickvals), list(axis.ticktext)
    assert [text[t - 1] for t in ticks if t > 0] == [" "] * (len(ticks) - (ticks[0] == 0))  # word starts
    assert [re.sub(r"</?b>", "", w) for w in labels] == [text[t:].split(" ")[0] for t in ticks]
    assert labels[ticks.index(text.index("girl"))] == "<b>girl</b>"  # the word read at the step, in bold
    assert len(ticks) <= units.WORD_TICKS


def test_unit_lines_of_a_word_model_label_every_token(tiny):
    tr = trace(tiny(), TEXT)
    axis = units.unit_lines(tr, 0, [1], "c", step=2).layout.xaxis
    assert list(axis.tickvals) == list(range(len(tr.tokens)))
    assert axis.ticktext[2] == "<b>took</b>"


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


def _sure(tr, step: int, p: float, token: int = 3) -> None:
    """Make the model all but certain after `step`: `token` gets p, the rest share what is left."""
    V = tr.probs.shape[1]
    tr.probs[step] = (1 - p) / (V - 1)
    tr.probs[step, token] = p


@pytest.mark.parametrize("p", [0.997, 0.85, 0.5, 0.2])
def test_topk_bars_axis_never_passes_100_percent_yet_labels_have_room(tiny, p):
    m = tiny()
    tr = trace(m, TEXT)
    _sure(tr, 2, p)
    fig = predictions.topk_bars(tr, m.vocab, 2, k=6)
    bar, hi = fig.data[0], fig.layout.xaxis.range[1]
    assert hi <= 100 and fig.layout.xaxis.range[0] == 0
    top = float(bar.x[0])
    assert hi >= top  # the whole bar shows
    outside = [pos == "outside" for pos in bar.textposition]
    assert outside[0] == (top <= 0.85 * hi)  # a label outside has 15% of the axis to spare, else it goes inside
    assert all(outside[1:])
    assert "µ" not in "".join(bar.text) and bar.text[0] == f"{top:.1f}%"


def test_topk_bars_colour_note_sits_below_the_axis_title(tiny):
    m = tiny()
    tr = trace(m, TEXT)
    _sure(tr, 2, 0.6, m.vocab.index(tr.tokens[3]))  # the real next token ("his") leads the top k
    fig = predictions.topk_bars(tr, m.vocab, 2, k=6)
    note = next(a for a in fig.layout.annotations if a.text.startswith("orange"))
    assert note.yref == "paper" and note.y == 0 and note.yanchor == "top"
    assert note.yshift <= -60  # under the tick labels (~25 px) and the axis title (~35 px), not beside it
    assert fig.layout.margin.b >= -note.yshift + 25  # and inside the figure
    tr.probs[2, m.vocab.index(tr.tokens[3])] = 0.0  # now it is out of the top k: no note, no room kept for one
    plain = predictions.topk_bars(tr, m.vocab, 2, k=6)
    assert not plain.layout.annotations and plain.layout.margin.b < fig.layout.margin.b
