"""Pure functions: Trace (+ options) -> plotly Figure. Nothing here runs a model or draws widgets."""
