"""The export CLI and the trace downloads: view names, HTML/PNG/SVG files, clear errors, CSV and NPZ.

Static images need kaleido's Chromium: without one they are skipped on a laptop, but in CI
(CI=true) a missing browser fails, so the screenshots a lecture depends on are always checked there.
"""
import csv
import io
import os
import shutil
import struct
import warnings

import numpy as np
import pytest

import explorer
from explorer import export, views

MODELS = explorer.list_models()
DEFAULT_MODEL = "lstm-teach" if "lstm-teach" in MODELS else MODELS[0]
SENTENCE = "the boy & <girl> took his bag"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run_cli(args, capsys):
    """export.main(args) -> (exit code, stdout, stderr)."""
    code = export.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def export_args(out, view="overview", model=DEFAULT_MODEL, text=SENTENCE):
    return ["--model", model, "--text", text, "--view", view, "--out", out]


@pytest.fixture(scope="module")
def browser():
    """Skip static-image tests where no Chromium exists, except in CI, where they must run."""
    if shutil.which("chromium") is None and os.environ.get("CI") != "true":
        pytest.skip("no chromium for static export (set CI=true to make this a failure)")
    yield
    if export._server_started:  # the persistent kaleido browser: do not leave it behind
        import kaleido

        try:
            kaleido.stop_sync_server(silence_warnings=True)
        finally:
            export._server_started = False


# --- the CLI ---------------------------------------------------------------------------------

def test_list_views_prints_exactly_the_view_names(capsys):
    code, out, err = run_cli(["--list-views"], capsys)
    assert code == 0
    assert out.splitlines() == list(views.VIEWS)
    assert out.endswith("\n") and not err


@pytest.mark.parametrize("view", list(views.VIEWS))
def test_html_export_is_a_plotly_page_with_the_escaped_sentence(view, tmp_path, capsys):
    out = tmp_path / f"{view}.html"
    code, stdout, err = run_cli(export_args(out, view), capsys)
    assert code == 0, err
    assert str(out) in stdout
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith(("<html", "<!doctype"))
    assert "plotly" in page.lower()
    assert "the boy &amp; &lt;girl&gt; took his bag" in page  # the title shows the sentence, as text
    assert "<girl>" not in page  # and never as markup


def test_png_export_is_a_real_png_wide_enough_for_slides(browser, tmp_path, capsys):
    out = tmp_path / "overview.png"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code, _, err = run_cli(export_args(out), capsys)
    assert code == 0, err
    assert not [str(w.message) for w in caught]  # a clean export prints only "wrote ..."
    data = out.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1200 and height > 0


def test_svg_export_is_svg(browser, tmp_path, capsys):
    out = tmp_path / "cell.svg"
    code, _, err = run_cli(export_args(out, "cell"), capsys)
    assert code == 0, err
    head = out.read_bytes()[:200].lstrip()
    assert head.startswith((b"<svg", b"<?xml"))


def test_figure_bytes_rejects_an_unknown_format():
    m = explorer.load_model(DEFAULT_MODEL)
    fig = views.figure("overview", m, m.trace("the boy"), "the boy", views.Focus())
    with pytest.raises(explorer.ExplorerError, match=r"\.png"):
        export.figure_bytes(fig, "bmp")


@pytest.mark.parametrize("flag, value", [("--view", "no-such-view"), ("--model", "no-such-model")])
def test_unknown_names_exit_2_with_one_sentence(flag, value, tmp_path, capsys):
    args = export_args(tmp_path / "x.html")
    args[args.index(flag) + 1] = value
    code, out, err = run_cli(args, capsys)
    assert code == 2
    assert not (tmp_path / "x.html").exists()
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert value in lines[0] and "Traceback" not in err
    assert not out


def test_empty_text_exits_2_with_one_sentence(tmp_path, capsys):
    code, _, err = run_cli(export_args(tmp_path / "x.html", text="   "), capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_unknown_file_type_exits_2(tmp_path, capsys):
    code, _, err = run_cli(export_args(tmp_path / "x.bmp"), capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and ".png" in err


# --- the trace as CSV and NPZ ----------------------------------------------------------------

TRICKY = {"word": 'the boy , she said " his " bag', "char": 'a, "b"\n c'}


@pytest.fixture(scope="module", params=MODELS)
def tricky_trace(request):
    m = explorer.load_model(request.param)
    return m.trace(TRICKY[m.card["tokenizer"]])


def quantities(layer):
    """name -> (T, H) array, in the order trace_csv writes them."""
    return {"h": layer.h, **({"c": layer.c} if layer.c is not None else {}), **layer.gates}


def test_trace_csv_has_one_row_per_number(tricky_trace):
    tr = tricky_trace
    rows = list(csv.reader(io.StringIO(export.trace_csv(tr).decode("utf-8"), newline="")))
    assert rows[0] == ["step", "token", "layer", "quantity", "unit", "value"]
    expected = sum(a.size for layer in tr.layers for a in quantities(layer).values())
    assert len(rows) - 1 == expected
    assert all(len(r) == 6 for r in rows[1:])


def test_trace_csv_quotes_tokens_and_keeps_the_values(tricky_trace):
    tr = tricky_trace
    assert any("," in t for t in tr.tokens) and any('"' in t for t in tr.tokens)  # the test's premise
    rows = list(csv.reader(io.StringIO(export.trace_csv(tr).decode("utf-8"), newline="")))[1:]
    for step, token, layer, q, unit, value in rows:
        assert token == tr.tokens[int(step)]
    by_key = {(int(r[2]), r[3], int(r[0]), int(r[4])): float(r[5]) for r in rows}
    for k, layer in enumerate(tr.layers):
        for q, a in quantities(layer).items():
            T, H = a.shape
            got = np.array([[by_key[(k, q, t, u)] for u in range(H)] for t in range(T)])
            np.testing.assert_allclose(got, a, rtol=1e-5, atol=1e-30, err_msg=f"layer {k} {q}")


def test_trace_npz_round_trips_every_array(tricky_trace):
    tr = tricky_trace
    with np.load(io.BytesIO(export.trace_npz(tr))) as npz:
        got = {k: npz[k] for k in npz.files}
    expected = {"ids": tr.ids, "probs": tr.probs}
    for k, layer in enumerate(tr.layers):
        expected.update({f"layer{k}_{q}": a for q, a in quantities(layer).items()})
    assert set(got) == set(expected) | {"tokens"}
    assert got["tokens"].tolist() == tr.tokens
    for name, a in expected.items():
        assert got[name].dtype == a.dtype, name
        np.testing.assert_array_equal(got[name], a, err_msg=name)
