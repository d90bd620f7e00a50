"""Units over time: line plots of chosen units (LSTMVis) and the sentence coloured by one unit."""
import streamlit as st

from explorer import views
from explorer.figures import units
from explorer.ui import common


def render(sel, tr) -> None:
    f = sel.focus
    H = tr.layers[f.layer].h.shape[1]
    quantities = ["c", "h"] if tr.cell == "lstm" else ["h"]
    left, mid, right = st.columns([3, 1, 2])
    chosen = left.multiselect("Units", list(range(H)), default=views.default_units(tr, f), key="units_shown",
                              max_selections=8, help="Up to 8. At first: the chosen unit and the most variable others.")
    q = mid.radio("State", quantities, key="units_q", horizontal=True,
                  help="c: the cell state (memory); h: the hidden state." if len(quantities) > 1 else None)
    threshold = right.slider("Threshold", -2.0, 2.0, 0.5, 0.05, key="threshold",
                             help="The dashed line: where a unit stays above it, read it as “on” (LSTMVis).")
    fig = units.unit_lines(tr, f.layer, chosen or [f.unit], q, threshold=threshold, step=f.step,
                           model=sel.name, text=sel.text)
    common.chart(fig, "unit-lines")
    st.markdown(f"**The sentence coloured by unit {f.unit}** ({q}): red positive, blue negative.")
    common.chart(units.token_strip(tr, f.layer, f.unit, q, model=sel.name, text=sel.text), "token-strip")
    with st.expander("The same colouring as selectable text (HTML)"):
        st.html(units.token_html(tr, f.layer, f.unit, q))
