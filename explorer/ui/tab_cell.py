"""The cell at step t: the diagram with the unit's real values, the equations, and c split."""
import streamlit as st

from explorer.figures import cell
from explorer.ui import common


def render(sel, tr) -> None:
    f = sel.focus
    left, right = st.columns([3, 2])
    with left:
        common.chart(cell.cell_diagram(tr, f.layer, f.step, f.unit, model=sel.name, text=sel.text), "cell")
    with right:
        st.markdown(f"**Unit {f.unit}, layer {f.layer}, step {f.step}**, with the real numbers:")
        for line in cell.equations(tr, f.layer, f.step, f.unit):
            st.latex(line)
    if tr.cell == "lstm":
        st.markdown("**What c_t kept and what it wrote**: f·c<sub>t−1</sub> is carried over, i·g is new.",
                    unsafe_allow_html=True)
        fig = cell.kept_written(tr, f.layer, f.step, model=sel.name, text=sel.text)
        common.chart(fig, "kept-written")
