"""Training data for the shipped models: the teaching corpus (word level) and Shakespeare (chars).

Each data object offers what explorer.train needs: `vocab`, `tokenizer`, `card` (the corpus's
part of the model card), `batch(size, generator, seq_len) -> (x, y)` with y = -100 on padding,
and `metrics(module)`, the numbers a card reports.
"""
from __future__ import annotations

import collections
from pathlib import Path

import torch

from explorer import corpus, textdata
from explorer.evaluate import agreement, bits, mean_loss, pad
from explorer.tokenizers import UNK, CharTokenizer, WordTokenizer

TEACH_SEED, TEACH_SENTENCES, VAL_SEED, EVAL_SEED, EVAL_PER_BUCKET = 2026, 200_000, 4051, 8101, 200


class TeachData:
    tokenizer = "word"

    def __init__(self, n: int = TEACH_SENTENCES, seed: int = TEACH_SEED, per_bucket: int = EVAL_PER_BUCKET):
        self.vocab = [UNK, *corpus.vocabulary()]
        self.tok = WordTokenizer(self.vocab)
        train = corpus.generate(seed, n)
        seen = set(train)
        self.seqs = [list(self.tok.encode(s).ids) for s in train]
        self.val = [list(self.tok.encode(s).ids) for s in corpus.generate(VAL_SEED, 2000) if s not in seen]
        self.items = corpus.eval_items(EVAL_SEED, per_bucket, exclude=seen)
        self.card = {
            "source": "explorer.corpus, generated from a seed (no outside data)",
            "sentences": n, "seed": seed, "tokens": sum(len(s) for s in self.seqs),
            "eval": {"seed": EVAL_SEED, "per_bucket": per_bucket, "items": len(self.items),
                     "note": "held out: no evaluation sentence occurs in the training set"},
            "rebuild": f"explorer.corpus.generate({seed}, {n})",
        }

    def batch(self, size: int, gen: torch.Generator, seq_len: int = 0):
        picks = torch.randint(len(self.seqs), (size,), generator=gen).tolist()
        return shift(*pad([self.seqs[k] for k in picks]))

    def metrics(self, module) -> dict:
        val = mean_loss(module, [shift(*pad(self.val[k : k + 256])) for k in range(0, len(self.val), 256)])
        acc = agreement(module, self.tok, self.items)
        worst = {p: min(b["accuracy"] for b in bs.values()) for p, bs in acc.items()}
        return {"val_loss_nats": round(val, 4), "val_perplexity": round(2.718281828 ** val, 3),
                "agreement": acc, "agreement_worst_bucket": worst}


def shift(ids: torch.Tensor, lengths: torch.Tensor):
    """Padded ids (B, T) -> inputs (B, T-1) and next-token targets (B, T-1), -100 past each end."""
    y = ids[:, 1:].clone()
    y[torch.arange(y.shape[1])[None] >= (lengths[:, None] - 1)] = -100
    return ids[:, :-1], y


COMPARISON = (
    "For orientation, not a like-for-like benchmark: Karpathy's char-rnn trains 2-3 layer LSTMs of 512 "
    "units on 1 MB of Shakespeare (tiny-shakespeare) on a GPU; nanoGPT's README reports 1.47 nats "
    "(2.12 bits) per character of validation loss for its character-level Transformer on that set, "
    "and about 1.88 nats (2.71 bits) for a small model trained briefly on a laptop CPU. This model "
    "is smaller, trained on one CPU thread, and validated on whole held-out plays of a larger text.")


class CharData:
    tokenizer = "char"
    MIN_COUNT = 5  # rarer characters map to the unknown symbol

    def __init__(self, cache: Path):
        train, val, val_names = textdata.train_val(cache)
        counts = collections.Counter(train)
        chars = sorted(ch for ch, n in counts.items() if n >= self.MIN_COUNT and (ch.isprintable() or ch == "\n"))
        self.vocab = [UNK, *chars]
        self.tok = CharTokenizer(self.vocab)
        self.train = torch.from_numpy(self.tok.encode(train, max_tokens=len(train)).ids)
        self.val = torch.from_numpy(self.tok.encode(val, max_tokens=len(val)).ids)
        self.card = {"source": textdata.SOURCE, "train_chars": len(train), "val_chars": len(val),
                     "val_plays": val_names, "rebuild": "explorer.textdata.train_val(cache_dir)",
                     "comparison": COMPARISON}

    def batch(self, size: int, gen: torch.Generator, seq_len: int):
        starts = torch.randint(len(self.train) - seq_len - 1, (size,), generator=gen)
        w = torch.stack([self.train[s : s + seq_len + 1] for s in starts.tolist()])
        return w[:, :-1], w[:, 1:]

    def metrics(self, module, window: int = 256) -> dict:
        n = (len(self.val) - 1) // window
        x = self.val[: n * window].view(n, window)
        y = self.val[1 : n * window + 1].view(n, window)
        val = mean_loss(module, [(x[k : k + 64], y[k : k + 64]) for k in range(0, n, 64)])
        return {"val_loss_nats": round(val, 4), "val_bits_per_char": round(bits(val), 4),
                "val_note": f"held-out plays, windows of {window} characters each from a zero state"}


def for_spec(spec, cache: Path):
    return TeachData() if spec.data == "teach" else CharData(cache)
