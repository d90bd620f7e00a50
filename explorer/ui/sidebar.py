"""The sidebar: model, sentence, teaching presets, layer; unknown words; the shareable link."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

import explorer
from explorer import presets
from explorer.ui import common

DEFAULT_TEXT = presets.BY_KEY["cafe-boy"].text
MAX_CHARS = 20_000


def models() -> list[str]:
    return explorer.list_models()


def _describe(name: str) -> str:
    card = common.model(name).card
    return f"{name} — {card.get('description', '')}"


def apply_preset(key: str) -> None:
    """Button callback: load a preset's sentence, step, layer and unit (found from the model)."""
    preset = presets.BY_KEY[key]
    name = st.session_state.get("model") or models()[0]
    try:
        chosen = presets.resolve(common.model(name), preset)
    except explorer.ExplorerError as err:
        st.session_state["preset_error"] = str(err)
        return
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


def render() -> tuple[str, str]:
    """Draw the sidebar; returns (model name, text)."""
    names = models()
    st.session_state.setdefault("text", DEFAULT_TEXT)
    if st.session_state.get("model") not in names:
        st.session_state["model"] = "lstm-teach" if "lstm-teach" in names else names[0]
    with st.sidebar:
        st.title("LSTM Explorer")
        name = st.selectbox("Model", names, key="model", bind="query-params", format_func=_describe)
        text = st.text_area("Sentence", key="text", bind="query-params", max_chars=MAX_CHARS, height=130,
                            help="Type anything: every token's states and gates are shown on the right.")
        st.caption("Teaching presets")
        for p in presets.PRESETS:
            st.button(p.label, key=f"preset-{p.key}", on_click=apply_preset, args=(p.key,), width="stretch")
    return name, text


def flag_unknown(name: str, tr: explorer.Trace) -> None:
    """Unknown words, beside the input, with a pointer to the character model."""
    if not tr.unknown:
        return
    words = sorted({tr.tokens[k] for k in tr.unknown})
    shown = ", ".join(f"“{w}”" for w in words[:12]) + (" …" if len(words) > 12 else "")
    hint = " Try lstm-char, which reads any text." if "lstm-char" in models() and name != "lstm-char" else ""
    st.sidebar.warning(f"Not in {name}'s vocabulary, read as <unk>: {shown}.{hint}")


def layer_picker(layers: int) -> int:
    if st.session_state.get("layer", 0) >= layers:
        st.session_state["layer"] = 0
    options = list(range(layers))
    return st.sidebar.selectbox("Layer", options, key="layer", bind="query-params",
                                format_func=lambda k: f"layer {k}", disabled=layers == 1)


def share_link(params: dict) -> None:
    """The view's URL, in a code box whose copy button puts it on the clipboard."""
    base = st.context.url or ""
    st.sidebar.caption("Share this view (copy the link)")
    st.sidebar.code(f"{base}?{urlencode(params)}", language=None, wrap_lines=True)
