"""The Streamlit app through AppTest: every tab for every model, links, presets and bad input.

Each test opens the app as a fresh session (the model and trace caches are shared, so only the
first run pays for loading) and asserts on what is on screen: the session's widget values, the
messages, and the Plotly figures' JSON (decoded from Plotly's base64 arrays).
"""

import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import explorer
from explorer import presets, views
from explorer.tokenizers import MAX_TOKENS
from explorer.ui.sidebar import MAX_CHARS
from apphelp import (MODELS, CARDS, WORD_MODELS, PANELS, SENTENCE, open_app, assert_clean,
                     figures, title, overview, tick_labels, texts, shown, tokens_of)



@pytest.mark.parametrize("label", list(views.VIEWS.values()))
@pytest.mark.parametrize("model", MODELS)
def test_every_tab_renders_for_every_model(model, label):
    at = open_app(model=model, tab=label, text=SENTENCE)
    assert_clean(at)
    assert (at.session_state["model"], at.session_state["tab"]) == (model, label)
    charts = figures(at)
    if label == views.VIEWS["saturation"] and CARDS[model]["cell"] == "rnn":
        assert not charts and any("no gates" in m for m in texts(at.info)), texts(at.info)
        return
    assert charts, f"{label} for {model} shows no chart"
    if label != views.VIEWS["compare"]:  # the comparison is of the teaching models, not this one
        assert any(model in title(f) for f in charts), [title(f) for f in charts]


@pytest.mark.parametrize("model", MODELS)
def test_overview_heatmaps_are_units_by_the_users_tokens(model):
    at = open_app(model=model, tab=views.VIEWS["overview"], text=SENTENCE)
    assert_clean(at)
    card, tokens = CARDS[model], tokens_of(model, SENTENCE)
    fig = overview(at)
    heatmaps = fig["data"]
    assert len(heatmaps) == PANELS[card["cell"]]
    for panel in heatmaps:
        assert np.asarray(panel["z"]).shape == (card["hidden_size"], len(tokens))
        assert len(panel["x"]) == len(tokens)
    labels = tick_labels(fig)
    for token in tokens:
        if token.strip():
            assert token in labels, (token, labels)
    # the h panel is the trace itself, units as rows (units in index order by default)
    tr = explorer.load_model(model).trace(SENTENCE)
    np.testing.assert_allclose(np.asarray(heatmaps[0]["z"]), tr.layers[0].h.T, rtol=1e-6)


def test_compare_tab_shows_the_teaching_models():
    present = [n for n in views.TEACHING if n in MODELS]
    if not present:
        pytest.skip(f"none of {views.TEACHING} is trained yet")
    at = open_app(model=present[0], tab=views.VIEWS["compare"])
    at.button(key="preset-grammar").click().run()
    assert_clean(at)
    (fig,) = figures(at)
    lines = [d["name"] for d in fig["data"] if d.get("type") == "scatter"]
    bars = [d for d in fig["data"] if d.get("type") == "bar"]
    assert sorted(lines) == sorted(present)
    assert len(bars) == 2 and all(len(b["x"]) == len(present) for b in bars)
    assert "takes" in title(fig)  # the preset's step: the word before 'his'
    if len(present) < len(views.TEACHING):
        pytest.skip(f"the three-way comparison needs all of {views.TEACHING}; have {present}")
    assert sorted(lines) == sorted(views.TEACHING)
    cells = {re.sub(r".*\((\w+)\)$", r"\1", x) for x in bars[0]["x"]}
    assert cells == {"LSTM", "GRU", "RNN"}


def test_compare_tab_explains_itself_for_the_char_model():
    if "lstm-char" not in MODELS:
        pytest.skip("no lstm-char")
    at = open_app(model="lstm-char", tab=views.VIEWS["compare"], text=SENTENCE)
    assert_clean(at)
    assert any("word-level" in m for m in texts(at.info)), texts(at.info)


# --- presets ---------------------------------------------------------------------------------

def assert_lesson(at: AppTest, model: str, preset) -> None:
    """The session shows `preset`: its text, the step before its slot, a unit and layer, its note."""
    ss, card = at.session_state, CARDS[model]
    assert ss["text"] == preset.text
    assert ss["step"] == len(tokens_of(model, preset.prefix)) - 1, f"{preset.key}: step {ss['step']}"
    assert isinstance(ss["unit"], int) and 0 <= ss["unit"] < card["hidden_size"]
    assert 0 <= ss["layer"] < card["layers"]
    assert any(preset.label in m for m in texts(at.info)), texts(at.info)


@pytest.mark.parametrize("key", [p.key for p in presets.PRESETS])
@pytest.mark.parametrize("model", MODELS)
def test_every_preset_button_loads_its_lesson(model, key):
    at = open_app(model=model)
    at.button(key=f"preset-{key}").click().run()
    assert_clean(at)
    assert_lesson(at, model, presets.BY_KEY[key])
    assert re.search(rf"\bstep {at.session_state['step']}\b", shown(at), re.IGNORECASE)


@pytest.mark.parametrize("model", MODELS)
def test_presets_clicked_one_after_another(model):
    """A preset whose sentence has another length makes a new step slider, which Streamlit would
    seed from the URL's old ?step=: the preset's step must still win."""
    at = open_app(model=model)
    wrong = []
    for p in presets.PRESETS:
        at.button(key=f"preset-{p.key}").click().run()
        assert_clean(at)
        want = len(tokens_of(model, p.prefix)) - 1
        if at.session_state["step"] != want:
            wrong.append(f"{p.key}: step {at.session_state['step']}, expected {want}")
    assert not wrong, wrong


def test_preset_note_goes_away_when_the_text_changes():
    at = open_app()
    at.button(key="preset-number").click().run()
    assert any(presets.BY_KEY["number"].label in m for m in texts(at.info))
    at.text_area(key="text").input(SENTENCE).run()
    assert_clean(at)
    assert not any(presets.BY_KEY["number"].label in m for m in texts(at.info))


# --- what a user can type --------------------------------------------------------------------

@pytest.mark.parametrize("model", WORD_MODELS)
def test_unknown_words_are_named_with_a_pointer_to_the_char_model(model):
    at = open_app(model=model, text="the boy took his zorblax to the park")
    assert_clean(at)
    warnings = [w for w in texts(at.warning) if "zorblax" in w]
    assert len(warnings) == 1, texts(at.warning)
    assert "park" not in warnings[0]
    if "lstm-char" in MODELS:
        assert "lstm-char" in warnings[0]
    assert figures(at)  # the trace is still shown, with <unk> in the word's place


def test_known_words_raise_no_warning():
    at = open_app(text=SENTENCE)
    assert_clean(at)
    assert not at.warning


@pytest.mark.parametrize("blank", ["", "   ", " \n\t "])
def test_empty_text_is_one_clear_sentence(blank):
    at = open_app()
    at.text_area(key="text").input(blank).run()
    assert not at.exception
    messages = texts(at.info) + texts(at.error)
    assert len(messages) == 1, messages
    assert "text" in messages[0].lower()
    assert not figures(at)


def test_a_very_long_text_is_truncated_with_a_warning():
    words = 6000
    at = open_app(tab=views.VIEWS["overview"])
    at.text_area(key="text").input("a boy " * (words // 2)).run()  # 18,000 characters: under max_chars
    assert_clean(at)
    notes = [w for w in texts(at.warning) if f"{MAX_TOKENS:,}" in w]
    assert len(notes) == 1, texts(at.warning)
    assert f"{words - MAX_TOKENS:,}" in notes[0]  # how many were left out
    assert at.session_state["step"] < MAX_TOKENS
    assert overview(at)["data"]


def test_an_overlong_text_in_the_url_does_not_crash():
    at = open_app(text="the boy " * 4000)  # 32,000 characters, past the text box's limit
    assert_clean(at)
    assert 0 < len(at.session_state["text"]) <= MAX_CHARS
    assert figures(at)


@pytest.mark.parametrize("model", MODELS)
def test_a_one_token_text_has_no_step_slider(model):
    one = "boy" if CARDS[model]["tokenizer"] == "word" else "b"
    at = open_app(model=model, text=one, tab=views.VIEWS["overview"])
    assert_clean(at)
    assert not [s for s in at.get("slider") if getattr(s, "key", None) == "step"]
    assert np.asarray(overview(at)["data"][0]["z"]).shape == (CARDS[model]["hidden_size"], 1)


@pytest.mark.parametrize("model", MODELS)
def test_markup_in_the_text_is_shown_as_text(model):
    text = "<b>the</b> boy ** took _his_ `bag` $x$ [a](b) #"
    at = open_app(model=model, text=text, tab=views.VIEWS["units"])
    assert_clean(at)
    assert at.session_state["text"] == text
    titles = [title(f) for f in figures(at)]
    assert any("&lt;b&gt;the&lt;/b&gt;" in t for t in titles), titles
    assert not any("<b>the</b>" in t for t in titles), titles


def test_char_model_reads_emoji_and_other_scripts():
    if "lstm-char" not in MODELS:
        pytest.skip("no lstm-char")
    text = "héllo 世界 👋 Привет"
    at = open_app("lstm-char", tab=views.VIEWS["overview"])
    at.text_area(key="text").input(text).run()
    assert_clean(at)
    fig = overview(at)
    assert np.asarray(fig["data"][0]["z"]).shape == (CARDS["lstm-char"]["hidden_size"], len(text))
    labels = tick_labels(fig)
    for ch in ("👋", "世", "П", "é"):
        assert ch in labels, labels
