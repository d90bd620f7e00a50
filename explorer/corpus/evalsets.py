"""Held-out evaluation items: a prefix, and the right and wrong word for the slot that follows.

Items are grouped by phenomenon and by distance bucket, so a model's accuracy can be read as a
function of how far back the cue is. Within a group the right answer alternates between the classes
(sir/ma'am, his/her, is/are, ...) so that always guessing one form scores 50%.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from explorer.corpus import lexicon as lx
from explorer.corpus.training import MAKERS, PHENOMENA

BUCKETS = ((0, 5), (6, 10), (11, 20), (21, 30), (31, 50))
CLASSES = {"fact": len(lx.FACTS)}  # every other phenomenon has two classes
TRIES_PER_ITEM = 50


@dataclass(frozen=True)
class EvalItem:
    """One forced choice: after `prefix`, `right` is correct and `wrong` is not.

    sentence == prefix + " " + right + the rest; distance counts tokens between cue and slot.
    """
    phenomenon: str
    bucket: tuple
    distance: int
    prefix: str
    right: str
    wrong: str
    sentence: str


def bucket_of(distance: int) -> tuple:
    """The bucket (inclusive range) holding `distance`; ValueError outside 0..50."""
    for lo, hi in BUCKETS:
        if lo <= distance <= hi:
            return (lo, hi)
    raise ValueError(f"distance {distance} is outside 0..{BUCKETS[-1][1]}")


def make_item(rng: random.Random, phenomenon: str, bucket: tuple, cls: int) -> EvalItem:
    """A fresh item of one phenomenon with a distance drawn uniformly inside the bucket."""
    lo = max(bucket[0], 1) if phenomenon == "fact" else bucket[0]  # a fact needs its verb
    built = MAKERS[phenomenon](rng, rng.randint(lo, bucket[1]), cls)
    return EvalItem(phenomenon, bucket, built.distance, " ".join(built.tokens[: built.slot]),
                    built.right, built.wrong, " ".join(built.tokens))


def group(rng: random.Random, phenomenon: str, bucket: tuple, per_bucket: int, exclude) -> list:
    """Up to per_bucket distinct items not in `exclude`; gives up after a fixed number of tries."""
    items: list = []
    seen: set = set()
    classes = CLASSES.get(phenomenon, 2)
    for _ in range(per_bucket * TRIES_PER_ITEM):
        if len(items) == per_bucket:
            break
        item = make_item(rng, phenomenon, bucket, len(items) % classes)
        if item.sentence in exclude or item.sentence in seen:
            continue
        seen.add(item.sentence)
        items.append(item)
    return items


def eval_items(seed: int, per_bucket: int, exclude=frozenset()) -> list:
    """per_bucket items for every (phenomenon, bucket), none of whose sentences is in `exclude`.

    The stream is seeded apart from training (`generate(seed, n)` uses Random(seed)), so the same
    seed never replays training sentences; pass the training set as `exclude` to be sure.
    """
    rng = random.Random(f"explorer.corpus.eval:{seed}")
    return [item for phenomenon in PHENOMENA for bucket in BUCKETS
            for item in group(rng, phenomenon, bucket, per_bucket, exclude)]
