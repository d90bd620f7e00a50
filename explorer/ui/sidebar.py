"""The sidebar: model, sentence, teaching presets, layer; unknown words; the shareable link.

Selectboxes bound to the URL take the option's displayed string as the query value, so the
model and layer boxes show the bare name and number (a link says ?model=lstm-char&layer=1)
and the model's description goes in a caption below.
"""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

import explorer
from explorer import presets
from explorer.ui import common

DEFAULT_TEXT = presets.BY_KEY["cafe-boy"].text
MAX_CHARS = 30_000  # room for MAX_TOKENS short words; the text also travels in the URL


def models() -> list[str]:
    return explorer.list_models()


def apply_preset(key: str) -> None:
    """Button callback: load a preset's sentence, step, layer and unit (found from the model)."""
    preset = presets.BY_KEY[key]
    name = st.session_state.get("model") or models()[0]
    try:
        chosen = presets.resolve(common.model(name), preset)
    except explorer.ExplorerError as err:
        st.session_state["preset_error"] = str(err)
        return
    st.session_state["_preset_step"] = chosen.pop("step")  # focus.render sets it (and the URL)
    st.session_state.update(chosen)
    st.session_state["preset_note"] = (preset.label, preset.note, preset.text)


def preset_note() -> None:
    """The chosen preset's "what to notice", while its sentence is still the one shown."""
    note = st.session_state.get("preset_note")
    if note and st.session_state.get("text") == note[2]:
        st.info(f"**{note[0]}.** {note[1]}")
    error = st.session_state.pop("preset_error", None)
    if error:
        st.error(error)


def render():
    """Draw the sidebar; returns (model name, text, a slot under the text box for notes on it)."""
    names = models()
    st.session_state.setdefault("text", DEFAULT_TEXT)
    if "model" in st.session_state and st.session_state["model"] not in names:
        del st.session_state["model"]  # its files went away: back to the default
    # The default is the widget's index, not a session-state value: a link naming the default's
    # neighbour would otherwise lose to it (the URL only seeds values that differ from the default).
    default = names.index("lstm-teach") if "lstm-teach" in names else 0
    with st.sidebar:
        st.title("LSTM Explorer")
        name = st.selectbox("Model", names, index=default, key="model", bind="query-params")
        st.caption(common.model(name).card.get("description", ""))
        text = st.text_area("Sentence", key="text", bind="query-params", max_chars=MAX_CHARS, height=130,
                            help="Type anything, then press Ctrl+Enter (or click outside the box).")
        slot = st.container()
        st.markdown("**Teaching presets**", help="Each loads a sentence, a step and a unit worth watching.")
        for p in presets.PRESETS:
            st.button(p.label, key=f"preset-{p.key}", on_click=apply_preset, args=(p.key,), width="stretch")
    return name, text, slot


def flag_unknown(slot, name: str, tr: explorer.Trace) -> None:
    """Unknown words, right under the text box, with a pointer to the character model."""
    if not tr.unknown:
        return
    words = sorted({tr.tokens[k] for k in tr.unknown})
    shown = ", ".join(f"“{common.plain(w)}”" for w in words[:12]) + (" …" if len(words) > 12 else "")
    hint = " Try lstm-char, which reads any text." if "lstm-char" in models() and name != "lstm-char" else ""
    slot.warning(f"Not in {name}'s vocabulary, read as `<unk>`: {shown}.{hint}", icon=":material/help:")


def layer_picker(layers: int) -> int:
    if st.session_state.get("layer", 0) >= layers:
        st.session_state["layer"] = 0
    help_ = ("Layer 0 reads the tokens; each layer above reads the hidden states of the one below."
             if layers > 1 else "This model has a single layer.")
    return st.sidebar.selectbox("Layer", list(range(layers)), key="layer", bind="query-params",
                                disabled=layers == 1, help=help_)


def share_link(params: dict) -> None:
    """The view's URL, in a code box whose copy button (top right, on hover) puts it on the clipboard."""
    base = (st.context.url or "").split("?")[0]
    with st.sidebar:
        st.markdown("**Share this view**", help="The link opens this model, text, tab, step, unit and layer.")
        link = f"{base}?{urlencode(params)}"
        st.code(link, language=None, wrap_lines=True, height=160 if len(link) > 400 else "content")
