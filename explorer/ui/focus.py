"""The one step scrubber and the one unit picker that drive every view."""
from __future__ import annotations

import streamlit as st

import explorer
from explorer.views import Focus


def _clamp(key: str, hi: int, default: int) -> None:
    value = st.session_state.get(key, default)
    st.session_state[key] = min(max(int(value), 0), hi)


def render(tr: explorer.Trace, layer: int) -> Focus:
    T, H = len(tr.tokens), tr.layers[0].h.shape[1]
    _clamp("step", T - 1, T - 1)
    _clamp("unit", H - 1, 0)
    left, right = st.columns([4, 1])
    with left:
        if T > 1:
            st.slider("Step", 0, T - 1, key="step", bind="query-params",
                      format="%d", help="The token whose states every view shows.")
        step = st.session_state["step"]
        st.markdown(f"**Step {step}:** after reading “{_plain(tr.tokens[step])}”")
    with right:
        st.number_input("Unit", 0, H - 1, key="unit", bind="query-params", step=1,
                        help=f"One of the layer's {H} units; highlighted in every view.")
    return Focus(layer, st.session_state["step"], st.session_state["unit"])


def _plain(token: str) -> str:
    """A token shown in Markdown, with Markdown's special characters escaped."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~$" else ch for ch in token).replace("\n", "↵")
