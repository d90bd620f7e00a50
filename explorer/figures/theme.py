"""One theme for every figure, made once: the teaching look (white, large type, colour-blind-safe).

Figures are built in one call as go.Figure(data=..., layout=THEME.layout(...)); no named template
is applied per figure (that costs real time on the hot path). Colour scales: diverging and centred
on 0 for h, c and g (ColorBrewer RdBu, reversed so positive is red); sequential 0..1 for the gates
i, f, o, r, z (viridis). Both are readable with the common colour-vision deficiencies.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

DIVERGING = [[0.0, "#2166ac"], [0.25, "#92c5de"], [0.5, "#f7f7f7"], [0.75, "#f4a582"], [1.0, "#b2182b"]]
SEQUENTIAL = "Viridis"
SIGNED = ("h", "c", "g", "n")  # quantities with values in (-inf, inf) or (-1, 1)
NAMES = {"h": "hidden state h", "c": "cell state c", "i": "input gate i", "f": "forget gate f",
         "g": "candidate g", "o": "output gate o", "r": "reset gate r", "z": "update gate z", "n": "candidate n"}
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]  # Okabe-Ito


@dataclass(frozen=True)
class Theme:
    font: str = "DejaVu Sans, Arial, sans-serif"
    size: int = 16
    title_size: int = 20
    ink: str = "#222222"
    grid: str = "#e5e5e5"
    highlight: str = "#000000"
    palette: tuple = tuple(PALETTE)
    margin: dict = field(default_factory=lambda: dict(l=70, r=30, t=80, b=60))

    def layout(self, title: str = "", **extra) -> dict:
        """A complete layout dict; `extra` keys override (e.g. height, xaxis)."""
        base = dict(
            title=dict(text=title, font=dict(size=self.title_size), x=0.01, xanchor="left"),
            font=dict(family=self.font, size=self.size, color=self.ink),
            paper_bgcolor="white", plot_bgcolor="white", margin=self.margin,
            hoverlabel=dict(font=dict(family=self.font, size=self.size - 2)),
            legend=dict(font=dict(size=self.size - 2)),
        )
        base.update(extra)
        return base

    def axis(self, title: str = "", **extra) -> dict:
        return dict(title=dict(text=title), gridcolor=self.grid, zeroline=False, linecolor="#888888",
                    automargin=True, **extra)

    def scale(self, quantity: str, values: np.ndarray | None = None) -> dict:
        """Heatmap colour settings for a quantity: signed ones centred on 0, gates fixed to 0..1."""
        if quantity in SIGNED:
            top = 1.0
            if quantity not in ("g", "n") and values is not None and values.size:
                top = float(np.abs(values).max())
            return dict(colorscale=DIVERGING, zmid=0.0, zmin=-max(top, 1e-6), zmax=max(top, 1e-6))
        return dict(colorscale=SEQUENTIAL, zmin=0.0, zmax=1.0)


THEME = Theme()

# Streamlit / Plotly config for every chart: the camera button saves a 2x PNG for slides.
CHART_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2, "width": 1400, "height": None},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def title(view: str, model: str, text: str, layer: int | None = None, limit: int = 60) -> str:
    """'<view> · <model> · layer k<br>"<sentence>"', the sentence shortened to `limit` characters."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    where = f" · layer {layer}" if layer is not None else ""
    return f"{view} · {model}{where}<br><sup>“{_escape(short)}”</sup>"


def _escape(s: str) -> str:
    """Plotly titles accept a little HTML: never let the user's text be markup."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
