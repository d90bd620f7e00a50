"""Overview: heatmaps of h, c and every gate, units by tokens."""
import streamlit as st

from explorer import analysis
from explorer.figures import heatmaps
from explorer.ui import common

ORDERS = {"index": "by index", "variance": "by variance", "activity": "by activity at the step"}
MAX_STEPS = 300  # columns drawn; longer texts are downsampled (the chosen step always stays)


def render(sel, tr) -> None:
    order = st.segmented_control("Order the units", list(ORDERS), key="order", format_func=ORDERS.get,
                                 default="index", required=True,
                                 help="Rows are units; reorder them to bring the busy ones together.")
    f, T = sel.focus, len(tr.tokens)
    k = analysis.stride(T, MAX_STEPS)
    if k > 1:
        st.caption(f"This text has {T:,} tokens: to stay quick, the heatmaps show one step in {k} (the chosen "
                   f"step always among them). Units over time shows every step.")
    fig = heatmaps.overview(tr, f.layer, f.step, f.unit, order=order or "index", model=sel.name, text=sel.text,
                            max_steps=MAX_STEPS)
    common.chart(fig, "overview", "Columns are tokens, rows are units; the black outlines mark the chosen step "
                                  "and unit. h, c, g: red positive, blue negative. Gates: 0 dark to 1 yellow.")
