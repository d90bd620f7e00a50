"""The cell at step t: the diagram with the unit's real values, the equations, and c split."""
import streamlit as st

from explorer.figures import cell, cell_numbers
from explorer.ui import common


def render(sel, tr) -> None:
    f = sel.focus
    # The diagram is drawn 1100 px wide: it gets the full width, the equations go underneath.
    common.chart(cell.cell_diagram(tr, f.layer, f.step, f.unit, model=sel.name, text=sel.text), "cell",
                 f"Every arrow carries unit {f.unit}’s real value at step {f.step}; colours use the Overview’s scales.")
    st.markdown(f"**The equations for unit {f.unit}** (layer {f.layer}, step {f.step}), with the real numbers:")
    for line in cell_numbers.equations(tr, f.layer, f.step, f.unit):
        st.latex(line)
    if tr.cell == "lstm":
        st.space("medium")
        st.markdown("**What c<sub>t</sub> kept and what it wrote**, for the units with the largest |c<sub>t</sub>|: "
                    "f·c<sub>t−1</sub> is carried over from the step before, i·g is new.", unsafe_allow_html=True)
        fig = cell_numbers.kept_written(tr, f.layer, f.step, model=sel.name, text=sel.text)
        common.chart(fig, "kept-written")
