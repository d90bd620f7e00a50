"""The training mix: sentences of all five phenomena, long distances as common as short ones."""
from __future__ import annotations

import random

from explorer.corpus.cafe import make_cafe
from explorer.corpus.grammar import make_fact, make_number
from explorer.corpus.pronouns import make_new_subject, make_pronoun

PHENOMENA = ("cafe", "pronoun", "new_subject", "number", "fact")
MAKERS = {"cafe": make_cafe, "pronoun": make_pronoun, "new_subject": make_new_subject,
          "number": make_number, "fact": make_fact}
SHARES = {"cafe": 0.225, "pronoun": 0.225, "new_subject": 0.225, "number": 0.225, "fact": 0.1}
MAX_DISTANCE = 50


def schedule(rng: random.Random, n: int) -> list:
    """n phenomenon names in the proportions of SHARES (exact up to rounding), shuffled."""
    counts = {p: int(n * SHARES[p]) for p in PHENOMENA}
    for p in PHENOMENA[: n - sum(counts.values())]:
        counts[p] += 1
    names = [p for p in PHENOMENA for _ in range(counts[p])]
    rng.shuffle(names)
    return names


def training_distance(rng: random.Random, phenomenon: str) -> int:
    """Uniform over 0..50; facts are mostly short (1..5) because that is what a fact is."""
    if phenomenon == "fact":
        return rng.randint(1, 5) if rng.random() < 0.8 else rng.randint(6, MAX_DISTANCE)
    return rng.randint(0, MAX_DISTANCE)


def generate(seed: int, n: int) -> list[str]:
    """n training sentences (tokens joined by single spaces), deterministic for a seed."""
    rng = random.Random(seed)
    out = []
    for name in schedule(rng, n):
        built = MAKERS[name](rng, training_distance(rng, name))
        out.append(" ".join(built.tokens))
    return out
