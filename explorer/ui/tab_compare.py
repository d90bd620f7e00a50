"""LSTM vs GRU vs RNN: the same sentence through the three teaching models."""
import streamlit as st

import explorer
from explorer import views
from explorer.figures import compare
from explorer.ui import common


def render(sel, tr) -> None:
    name_models = [n for n in views.TEACHING if n in explorer.list_models()]
    if not name_models:
        st.info(f"None of the teaching models ({', '.join(views.TEACHING)}) is installed, so there is nothing to "
                f"compare yet.")
        return
    step = sel.focus.step
    if common.model(sel.name).card["tokenizer"] != "word":
        step = _word_step(name_models[0], "".join(tr.tokens[: step + 1]))
        st.info("The comparison uses the word-level teaching models, at the word the step is in.")
    rows, pair, words, step = views.compare_rows(sel.text, step)
    if not rows:
        st.info(f"After “{common.plain(words[step])}” none of the contrast pairs (his/her, he/she, sir/ma'am, "
                f"is/are, ...) is in play: move the step to the token before such a word.")
        return
    fig = compare.compare_choices(rows, pair, step, words[step], text=sel.text, tokens=words)
    missing = [n for n in views.TEACHING if n not in name_models]
    note = (f"Left: how likely each model finds the two words next. Right: the first word's share at every step "
            f"(0.5: no preference). {', '.join(name_models)}: same size, data and training budget.")
    if missing:
        note += f" Not installed yet: {', '.join(missing)}."
    common.chart(fig, "compare", note)


def _word_step(word_model: str, prefix: str) -> int:
    """The word-model step of the last word in `prefix` (the text up to a character model's step)."""
    try:
        return len(common.model(word_model).tokenizer.encode(prefix).tokens) - 1
    except explorer.ExplorerError:  # only spaces so far: the first word
        return 0
