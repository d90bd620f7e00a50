"""Overview: heatmaps of h, c and every gate, units by tokens."""
import streamlit as st

from explorer.figures import heatmaps
from explorer.ui import common

ORDERS = {"index": "by index", "variance": "by variance", "activity": "by activity at the step"}


def render(sel, tr) -> None:
    order = st.segmented_control("Order the units", list(ORDERS), key="order", format_func=ORDERS.get,
                                 default="index", required=True)
    f = sel.focus
    fig = heatmaps.overview(tr, f.layer, f.step, f.unit, order=order or "index", model=sel.name, text=sel.text)
    common.chart(fig, "overview", "Red is positive, blue negative (h, c, g); gates run from 0 (dark) to 1 (yellow).")
