"""Gate saturation (Karpathy, Johnson & Fei-Fei 2015): this sentence over the corpus baseline."""
import streamlit as st

from explorer import analysis, views
from explorer.figures import saturation
from explorer.ui import common


def render(sel, tr) -> None:
    if tr.cell == "rnn":
        st.info("A plain RNN has no gates, so nothing can saturate: pick an LSTM or GRU model.")
        return
    layer = sel.focus.layer
    base = analysis.saturation(list(common.baseline(sel.name)[layer]))
    fig = saturation.saturation_figure(analysis.saturation([tr.layers[layer]]), base,
                                       model=sel.name, text=sel.text, layer=layer)
    common.chart(fig, "saturation", f"Each dot is a unit: how often the gate is below 0.1 (x) or above 0.9 (y); "
                                    f"{views.baseline_note(sel.name)}.")
