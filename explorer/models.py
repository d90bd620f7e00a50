"""The recurrent language model: Embedding -> nn.LSTM / nn.GRU / nn.RNN (tanh) -> Linear.

The stack keeps PyTorch's own modules and parameter names (rnn.weight_ih_l0, ...), so a weights
file is readable by any tool; explorer.cells recomputes the states and gates from these weights.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn

CELLS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


@dataclass(frozen=True)
class ModelConfig:
    cell: str  # "lstm" | "gru" | "rnn"
    vocab_size: int  # V
    embedding_size: int  # E
    hidden_size: int  # H
    layers: int  # L
    dropout: float = 0.0  # between layers, training only

    def __post_init__(self):
        if self.cell not in CELLS:
            raise ValueError(f"Unknown cell {self.cell!r}: expected one of {sorted(CELLS)}.")

    def to_dict(self) -> dict:
        return asdict(self)


class RecurrentLM(nn.Module):
    """ids (B, T) -> next-token logits (B, T, V)."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.config = config
        self.embed = nn.Embedding(config.vocab_size, config.embedding_size)
        kwargs = dict(batch_first=True, num_layers=config.layers,
                      dropout=config.dropout if config.layers > 1 else 0.0)
        self.rnn = CELLS[config.cell](config.embedding_size, config.hidden_size, **kwargs)
        self.head = nn.Linear(config.hidden_size, config.vocab_size)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.embed(ids)  # (B, T, E)
        h, _ = self.rnn(x)  # (B, T, H), last layer
        return self.head(h)  # (B, T, V)
