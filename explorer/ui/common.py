"""Shared by the views: cached models and traces, the chart helper, and the page's selection."""
from __future__ import annotations

import re
from dataclasses import dataclass

import streamlit as st
import torch

import explorer
from explorer import export, views
from explorer.figures.theme import CHART_CONFIG

torch.set_num_threads(1)  # sessions share the machine's cores; one each keeps latency even


@dataclass(frozen=True)
class Selection:
    """What the sidebar and the scrubbers chose."""

    name: str
    text: str
    focus: views.Focus


@st.cache_resource(show_spinner=False)
def model(name: str) -> explorer.Model:
    return explorer.load_model(name)


@st.cache_data(max_entries=256, show_spinner=False)
def trace(name: str, text: str) -> explorer.Trace:
    return model(name).trace(text)


@st.cache_resource(show_spinner=False)
def baseline(name: str):
    return views.baseline(name)


def chart(fig, key: str, note: str = "") -> None:
    """A Plotly chart in the teaching theme, with an SVG download beside the mode bar's PNG."""
    st.plotly_chart(fig, key=key, theme=None, config=CHART_CONFIG)
    row = st.container(horizontal=True, horizontal_alignment="right", vertical_alignment="top", gap="medium",
                       wrap=False)
    if note:
        row.caption(note, width="stretch")
    row.download_button("Download SVG", data=lambda: _svg(fig), file_name=f"{_slug(key)}.svg", mime="image/svg+xml",
                        key=f"{key}-svg", on_click="ignore", icon=":material/download:", type="tertiary",
                        help="This figure as a vector file, for slides and papers (PNG: the camera above it).")


def _svg(fig) -> bytes:
    try:
        return export.figure_bytes(fig, "svg")
    except explorer.ExplorerError as err:  # no browser on this server: say so inside the file
        return _message_svg(str(err))


def _message_svg(text: str) -> bytes:
    from html import escape

    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="60"><text x="10" y="35" '
            f'font-family="sans-serif" font-size="16">{escape(text)}</text></svg>').encode()


def plain(token: str) -> str:
    """A token shown in Markdown, with Markdown's special characters escaped (a space shows as ␣)."""
    if token.isspace():
        return token.replace(" ", "␣").replace("\n", "↵").replace("\t", "⇥")
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~$\"" else ch for ch in token).replace("\n", "↵")


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "figure"


def trace_downloads(name: str, text: str) -> None:
    """CSV (long format) and NPZ of the whole trace, made when clicked."""
    a, b = st.columns(2)
    a.download_button("Trace as CSV (step, token, layer, quantity, unit, value)",
                      data=lambda: export.trace_csv(trace(name, text)), file_name=f"trace-{name}.csv",
                      mime="text/csv", key="dl-csv", on_click="ignore")
    b.download_button("Trace as NPZ (NumPy arrays)", data=lambda: export.trace_npz(trace(name, text)),
                      file_name=f"trace-{name}.npz", mime="application/octet-stream", key="dl-npz", on_click="ignore")
