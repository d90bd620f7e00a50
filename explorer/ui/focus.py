"""The one step scrubber and the one unit picker that drive every view.

The step is written to the URL by hand (?step=) rather than with bind="query-params": Streamlit
takes a slider whose range changed (a text of another length) for a new widget and re-reads a
bound value from the URL, which undoes a step set by code (a preset, following the last token)
and leaves the address bar behind. Here the session's first run reads the link; after that the
session decides and the URL follows.
"""
from __future__ import annotations

import streamlit as st

import explorer
from explorer.ui.common import plain
from explorer.views import Focus


def _url_int(key: str) -> int | None:
    value = st.query_params.get(key, "")
    return int(value) if value.lstrip("-").isdigit() else None


def _wanted_step(T: int) -> int | None:
    """The step to set before the slider is drawn, or None to keep the slider's own value."""
    ss, before = st.session_state, st.session_state.get("_tokens")
    ss["_tokens"] = T
    if "_preset_step" in ss:
        return ss.pop("_preset_step")
    if before is None:  # the session's first run: a shared link's step, else the last token
        url = _url_int("step")
        return T - 1 if url is None else url
    if before != T:  # a new text: on the last token, stay on the last token; else keep the index
        return T - 1 if ss.get("step", before - 1) == before - 1 else ss.get("step", T - 1)
    return None


def _step(T: int) -> int:
    wanted = _wanted_step(T)
    if wanted is not None or "step" not in st.session_state:
        st.session_state["step"] = min(max(T - 1 if wanted is None else wanted, 0), T - 1)
    if T > 1:
        st.slider("Step", 0, T - 1, key="step", format="%d",
                  help="The token whose states every view shows (0 is the first token).")
    step = st.session_state["step"]
    if st.query_params.get("step") != str(step):
        st.query_params["step"] = str(step)
    return step


def _clamp(key: str, hi: int) -> None:
    """Keep a value from an earlier model in range (none yet: the widget's default holds, so a
    link's value, even one equal to the default, is read from the URL)."""
    if key in st.session_state and not 0 <= st.session_state[key] <= hi:
        st.session_state[key] = min(max(int(st.session_state[key]), 0), hi)


def render(tr: explorer.Trace, layer: int) -> Focus:
    T, H = len(tr.tokens), tr.layers[0].h.shape[1]
    _clamp("unit", H - 1)
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    with left:
        step = _step(T)
    with right:
        unit = st.number_input("Unit", 0, H - 1, key="unit", bind="query-params", step=1,
                               help=f"One of the layer's {H} units (0 to {H - 1}); highlighted in every view.")
    where = f"step {step} of {T - 1}" if T > 1 else "the only token, so there is no step to choose"
    st.markdown(f"**After reading “{plain(tr.tokens[step])}”** ({where}), unit {unit}, layer {layer}")
    return Focus(layer, step, unit)
