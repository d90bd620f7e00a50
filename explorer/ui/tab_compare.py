"""LSTM vs GRU vs RNN: the same sentence through the three teaching models."""
import streamlit as st

import explorer

from explorer import views
from explorer.figures import compare
from explorer.ui import common


def render(sel, tr) -> None:
    name_models = [n for n in views.TEACHING if n in explorer.list_models()]
    step = sel.focus.step
    if common.model(sel.name).card["tokenizer"] != "word":
        st.info("The comparison uses the three word-level teaching models, at the sentence's last word.")
        step = 10**9  # clamped to the last word
    rows, pair, token = views.compare_rows(sel.text, step)
    if not rows:
        st.info(f"After “{token}” none of the contrast pairs (his/her, he/she, sir/ma'am, is/are, ...) is in play: "
                f"move the step to the token before such a word.")
        return
    fig = compare.compare_choices(rows, pair, min(step, len(rows[0]["series"]) - 1), token, text=sel.text)
    common.chart(fig, "compare", f"Models: {', '.join(name_models)}; same size, data and training budget.")
