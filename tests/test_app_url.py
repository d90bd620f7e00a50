"""The app's URL: every control is a query parameter, and the share link reopens the same view."""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from explorer import views
from apphelp import (MODELS, CARDS, MULTI_LAYER, SENTENCE, open_app, assert_clean, figures,
                     title, overview, tick_labels, texts, shown, share_link, tokens_of)


# --- the URL ---------------------------------------------------------------------------------

def test_url_sets_text_step_unit_and_tab():
    at = open_app(text=SENTENCE, step=3, unit=5, tab=views.VIEWS["overview"])
    assert_clean(at)
    ss = at.session_state
    assert (ss["text"], ss["step"], ss["unit"], ss["tab"]) == (SENTENCE, 3, 5, views.VIEWS["overview"])
    assert re.search(r"\bstep 3\b", shown(at), re.IGNORECASE), shown(at)
    fig = overview(at)
    outline = {s["name"]: s for s in fig["layout"]["shapes"] if s.get("xref") == "x"}
    assert outline["step"]["x0"] + 0.5 == 3  # the chosen column (category index = step)
    assert outline["unit"]["y0"] + 0.5 == 5  # the chosen row (units in index order)
    assert tick_labels(fig, bold=True) == [tokens_of(ss["model"], SENTENCE)[3]]


def test_url_step_zero_is_kept():
    at = open_app(text=SENTENCE, step=0)
    assert_clean(at)
    assert at.session_state["step"] == 0


@pytest.mark.parametrize("model", MODELS)
def test_url_model_by_name(model):
    at = open_app(model=model)
    assert_clean(at)
    assert at.session_state["model"] == model
    assert model in "\n".join(texts(at.sidebar.code))


def test_url_layer():
    if not MULTI_LAYER:
        pytest.skip("no model with more than one layer")
    model = MULTI_LAYER[0]
    at = open_app(model=model, layer=1, tab=views.VIEWS["overview"], text=SENTENCE)
    assert_clean(at)
    assert (at.session_state["model"], at.session_state["layer"]) == (model, 1)
    assert "layer 1" in title(overview(at))


@pytest.mark.parametrize("params", [
    {"step": 999, "unit": 10**6, "layer": 9},
    {"step": -3, "unit": -1, "layer": -1},
    {"step": "abc", "unit": "2.5x", "layer": "top"},
])
def test_url_out_of_range_does_not_crash(params):
    at = open_app(text=SENTENCE, **params)
    assert_clean(at)
    model = at.session_state["model"]
    T, card = len(tokens_of(model, SENTENCE)), CARDS[model]
    assert 0 <= at.session_state["step"] < T
    assert 0 <= at.session_state["unit"] < card["hidden_size"]
    assert 0 <= at.session_state["layer"] < card["layers"]
    assert figures(at)


def test_share_link_holds_the_text_url_encoded():
    text = 'the boy & the girl said " yes ?'
    at = open_app(text=text)
    assert_clean(at)
    link = share_link(at)
    assert urlencode({"text": text}) in link
    assert " " not in link and "&the" not in link
    assert parse_qs(urlsplit(link).query)["text"] == [text]


def test_share_link_reopens_the_same_view():
    model = MULTI_LAYER[0] if MULTI_LAYER else MODELS[0]
    at = open_app(model, text=SENTENCE, tab=views.VIEWS["units"])
    if MULTI_LAYER:
        at.selectbox(key="layer").select(1).run()
    at.slider(key="step").set_value(0).run()
    at.number_input(key="unit").set_value(7).run()
    assert_clean(at)
    keys = ("model", "text", "layer", "step", "unit", "tab")
    before = {k: at.session_state[k] for k in keys}
    query = {k: v[0] for k, v in parse_qs(urlsplit(share_link(at)).query).items()}
    assert set(query) == set(keys)
    again = open_app(**query)
    assert_clean(again)
    assert {k: again.session_state[k] for k in keys} == before
