"""LSTM Explorer: type a sentence, watch small pretrained recurrent models read it step by step.

Run: streamlit run app.py. This file only wires the views in explorer/ui together.
"""
import streamlit as st

st.set_page_config(page_title="LSTM Explorer", page_icon=":material/memory:", layout="wide")

import explorer
from explorer import views
from explorer.ui import (
    common,
    focus,
    header,
    sidebar,
    tab_cell,
    tab_compare,
    tab_overview,
    tab_predictions,
    tab_saturation,
    tab_units,
)

TABS = {"overview": tab_overview, "cell": tab_cell, "units": tab_units, "predictions": tab_predictions,
        "saturation": tab_saturation, "compare": tab_compare}


def main() -> None:
    name, text, notes = sidebar.render()
    header.render(name, common.model(name).card)
    try:
        tr = common.trace(name, text)
    except explorer.ExplorerError as err:
        st.info(str(err))
        return
    sidebar.flag_unknown(notes, name, tr)
    layer = sidebar.layer_picker(len(tr.layers))
    if tr.truncated:
        st.warning(f"Only the first {len(tr.tokens):,} tokens are shown; {tr.truncated:,} more were left out.")
    sidebar.preset_note()
    sel = common.Selection(name, text, focus.render(tr, layer))
    tabs = st.tabs(list(views.VIEWS.values()), key="tab", bind="query-params")
    for tab, view in zip(tabs, views.VIEWS):
        if tab.open:
            with tab:
                TABS[view].render(sel, tr)
    with st.expander("Download this trace"):
        common.trace_downloads(name, text)
    sidebar.share_link({"model": name, "text": text, "layer": layer, "step": sel.focus.step,
                        "unit": sel.focus.unit, "tab": st.session_state.get("tab") or views.VIEWS["overview"]})


main()
