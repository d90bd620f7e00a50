import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
torch.set_num_threads(1)


@pytest.fixture
def tiny():
    """A small random model of each cell, 2 layers, wrapped for tracing."""
    from explorer.models import ModelConfig, RecurrentLM
    from explorer.tokenizers import WordTokenizer
    from explorer.trace import tracer_for

    def make(cell="lstm", layers=2, hidden=12, seed=0):
        torch.manual_seed(seed)
        vocab = ["<unk>", *"the a boy girl took his her sir ma'am . , ? ! \"".split()]
        module = RecurrentLM(ModelConfig(cell, len(vocab), 8, hidden, layers)).eval()
        return tracer_for(module, WordTokenizer(vocab))

    return make
