"""Predictions: the top next tokens after each step, and a sampled continuation."""
import streamlit as st

from explorer.figures import predictions
from explorer.sample import continuation
from explorer.ui import common


def render(sel, tr) -> None:
    m, f = common.model(sel.name), sel.focus
    common.chart(predictions.topk_grid(tr, m.vocab, k=5, step=f.step, model=sel.name, text=sel.text), "topk-grid")
    common.chart(predictions.topk_bars(tr, m.vocab, f.step, k=10, model=sel.name, text=sel.text), "topk-bars")
    st.space("small")
    st.markdown("**Let the model go on**: it samples one token at a time after the whole text, feeding each "
                "back in.")
    a, b, c = st.columns(3)
    temperature = a.slider("Temperature", 0.0, 2.0, 0.8, 0.05, key="temperature",
                           help="0 always takes the most probable token; higher is more adventurous.")
    n = b.slider("Tokens", 5, 200, 30 if m.card["tokenizer"] == "word" else 120, key="n_sample")
    seed = c.number_input("Seed", 0, 10_000, 0, key="seed")
    words = continuation(m, tr, n=n, temperature=temperature, seed=int(seed))
    joiner = " " if m.card["tokenizer"] == "word" else ""
    tail = sel.text.strip()[-80:]
    st.caption(f"{sel.name} writes, after “{'…' if len(sel.text.strip()) > 80 else ''}{tail}”:")
    st.code(joiner.join(words), language=None, wrap_lines=True)
