"""LSTM Explorer: exact per-step states and gates of small recurrent language models.

    import explorer
    m = explorer.load_model("lstm-teach")
    tr = m.trace("the boy took his")
    tr.layers[0].gates["f"]   # (T, H) forget gate after each token
"""
from explorer.errors import EmptyTextError, ExplorerError, InterventionError, ModelFileError, UnknownModelError
from explorer.registry import Model, list_models, load_dir, load_model
from explorer.trace import Intervention, LayerTrace, Trace, trace, trace_batch

__all__ = [
    "EmptyTextError", "ExplorerError", "Intervention", "InterventionError", "LayerTrace", "Model",
    "ModelFileError", "Trace", "UnknownModelError", "list_models", "load_dir", "load_model", "trace", "trace_batch",
]
