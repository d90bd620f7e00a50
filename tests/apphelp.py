"""Shared by the app tests: open the app through AppTest and read what it shows."""
import base64
import html
import json
import re
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

import explorer

APP = str(Path(__file__).resolve().parent.parent / "app.py")
MODELS = explorer.list_models()
CARDS = {n: explorer.load_model(n).card for n in MODELS}
WORD_MODELS = [n for n in MODELS if CARDS[n]["tokenizer"] == "word"]
MULTI_LAYER = [n for n in MODELS if CARDS[n]["layers"] > 1]
PANELS = {"lstm": 6, "gru": 4, "rnn": 1}  # h, c, i, f, g, o | h, r, z, n | h
SENTENCE = "the girl took her bag to the park"  # 8 words, every one in the teaching vocabulary


# --- helpers ---------------------------------------------------------------------------------

def open_app(pick: str | None = None, /, **params) -> AppTest:
    """A fresh session opened at ?params (model=... included); then `pick` chosen in the model box."""
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    if pick is not None and at.session_state["model"] != pick:
        at.selectbox(key="model").select(pick).run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def decode(obj):
    """Plotly figure JSON with its {"dtype", "bdata", "shape"} arrays turned into numpy arrays."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            a = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            shape = obj.get("shape")
            if isinstance(shape, str):
                shape = [int(s) for s in shape.split(",")]
            return a.reshape(shape) if shape else a
        return {k: decode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [decode(v) for v in obj]
    return obj


def figures(at: AppTest) -> list[dict]:
    return [decode(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]


def title(fig: dict) -> str:
    t = fig["layout"].get("title", {})
    return t.get("text", "") if isinstance(t, dict) else str(t)


def overview(at: AppTest) -> dict:
    """The overview figure (the one made of heatmaps)."""
    found = [f for f in figures(at) if f["data"] and all(d.get("type") == "heatmap" for d in f["data"])]
    assert len(found) == 1, [title(f) for f in figures(at)]
    return found[0]


def tick_labels(fig: dict, bold: bool = False) -> list[str]:
    """The first x axis' tick text as plain strings (bold and HTML escapes removed); with bold=True
    only the highlighted (chosen step's) labels."""
    ticks = [t for t in fig["layout"]["xaxis"]["ticktext"] if t.startswith("<b>") or not bold]
    return [html.unescape(re.sub(r"</?b>", "", t)) for t in ticks]


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def shown(at: AppTest) -> str:
    """All Markdown and captions on the page, main area and sidebar, as one string."""
    return "\n".join(texts(at.markdown) + texts(at.caption))


def share_link(at: AppTest) -> str:
    links = [c.value for c in at.sidebar.code if "text=" in c.value]
    assert len(links) == 1, texts(at.sidebar.code)
    return links[0]


def tokens_of(model: str, text: str) -> list[str]:
    return explorer.load_model(model).tokenizer.encode(text).tokens


# --- every tab, every model ------------------------------------------------------------------
