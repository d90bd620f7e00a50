"""Streamlit views: one module per tab, plus the sidebar and shared helpers. The only package
besides app.py that imports streamlit; it reads widgets and calls pure code, and does no math."""
