"""Text -> tokens -> ids, for word-level and character-level models.

Word: lowercase; the punctuation . , ? ! " (and any other symbol) is a token of its own; words keep
inner apostrophes ("ma'am", "don't"); digit runs are tokens. Words outside the vocabulary map to
`<unk>` and their positions are reported, so the app can flag them.
Character: any Unicode text, one token per character; unseen characters map to the unknown symbol.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from explorer.errors import EmptyTextError

UNK = "<unk>"
MAX_TOKENS = 5000  # longer input is truncated to this many tokens, and the trace says so
_WORD = re.compile(r"\d+|[^\W\d_]+(?:['’][^\W\d_]+)*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Encoded:
    """A tokenized text. ids: (T,) int64; unknown: positions mapped to the unknown symbol."""

    tokens: list[str]
    ids: np.ndarray
    unknown: list[int]
    truncated: int  # how many tokens past MAX_TOKENS were dropped (0 if none)


class Tokenizer:
    """Maps text to ids with a fixed vocabulary; `vocab[0]` is the unknown symbol."""

    kind = ""

    def __init__(self, vocab: list[str]):
        self.vocab = list(vocab)
        self.index = {t: k for k, t in enumerate(self.vocab)}

    def split(self, text: str) -> list[str]:
        raise NotImplementedError

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> Encoded:
        tokens = self.split(text)
        if not tokens:
            raise EmptyTextError("Please type some text: the input is empty.")
        truncated = max(0, len(tokens) - max_tokens)
        tokens = tokens[:max_tokens]
        ids = np.array([self.index.get(t, 0) for t in tokens], dtype=np.int64)
        unknown = [k for k, t in enumerate(tokens) if t not in self.index]
        return Encoded(tokens, ids, unknown, truncated)


class WordTokenizer(Tokenizer):
    kind = "word"

    def split(self, text: str) -> list[str]:
        return [t.replace("’", "'") for t in _WORD.findall(text.lower())]


class CharTokenizer(Tokenizer):
    kind = "char"

    def split(self, text: str) -> list[str]:
        return [] if not text.strip() else list(text)


def make_tokenizer(kind: str, vocab: list[str]) -> Tokenizer:
    """The tokenizer named in a model card ("word" or "char")."""
    classes = {"word": WordTokenizer, "char": CharTokenizer}
    if kind not in classes:
        raise ValueError(f"Unknown tokenizer kind {kind!r}: expected 'word' or 'char'.")
    return classes[kind](vocab)
