"""The page header: what the page shows, in two sentences that fit the chosen model's cell."""
from __future__ import annotations

import streamlit as st

INSIDE = {
    "lstm": "After each token it updates its **cell state c** (the long-term memory) and its **hidden state h** "
            "(what it passes on and predicts from), through the **input i, forget f and output o gates** and "
            "the **candidate g**.",
    "gru": "After each token it updates its **hidden state h** through the **reset r and update z gates** "
           "and the **candidate n** (a GRU has no separate cell state).",
    "rnn": "After each token it overwrites its **hidden state h** with tanh(W·x + U·h); a plain RNN has no "
           "gates and no cell state.",
}


def render(name: str, card: dict) -> None:
    unit = "character" if card.get("tokenizer") == "char" else "word"
    st.markdown("### Inside a recurrent language model, one token at a time")
    st.markdown(f"**{name}** reads the text on the left one {unit} at a time and predicts the next one. "
                f"{INSIDE.get(card.get('cell'), '')} Pick a step and a unit here; every tab below shows them.")
