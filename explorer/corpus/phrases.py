"""Phrases of an exact number of tokens, the bricks every phenomenon is built from.

The distance between a cue and its slot is a training target, so fillers are not generated and
then measured: they are built to a length. `allocate` splits a distance over the segments of a
template, `chain` fills one flexible segment with units of 1 to 4 tokens, and the unit functions
below write noun phrases, prepositional phrases, relative clauses and time phrases of exactly the
size asked. Every person, thing and number in them is drawn here, independently of any cue.
"""
from __future__ import annotations

import functools
import random
from typing import Callable

from explorer.corpus import lexicon as lx

Unit = Callable[[random.Random, int, bool], list]  # (rng, size, is_first) -> `size` tokens
Segment = tuple  # (lo, hi, build) where build(rng, n) -> n tokens, lo <= n <= hi

SING_DETS = ("the", "the", "the", "a", "my", "this", "that", "our", "your")
PLUR_DETS = ("the", "the", "the", "my", "these", "those", "some", "our", "their")
NAME_DETS = ("my", "our", "the", "your")
GENDERED = (lx.MALE, lx.FEMALE)
NAMES = (lx.MALE_NAMES, lx.FEMALE_NAMES)


def pick(rng: random.Random, seq):
    """A uniform element of `seq` (one rng.random() call: cheaper than rng.choice)."""
    return seq[int(rng.random() * len(seq))]


def article(word: str) -> str:
    """The indefinite article that goes before `word`."""
    return "an" if word[0] in "aeiou" else "a"


def det(rng: random.Random, plural: bool, nxt: str) -> str:
    """A determiner agreeing in number with the noun phrase that starts with `nxt`."""
    word = pick(rng, PLUR_DETS if plural else SING_DETS)
    return article(nxt) if word == "a" else word


def fixed(tokens: list) -> Segment:
    """A segment of exactly these tokens."""
    return (len(tokens), len(tokens), lambda rng, n: tokens)


def allocate(rng: random.Random, d: int, segs: list) -> list:
    """Random lengths, one per segment within its (lo, hi), summing to `d` (caller checks range)."""
    lens = [s[0] for s in segs]
    extra = d - sum(lens)
    order = list(range(len(segs)))
    rng.shuffle(order)
    rest = sum(segs[i][1] - segs[i][0] for i in order)
    for i in order:
        cap = segs[i][1] - segs[i][0]
        rest -= cap
        low = max(0, extra - rest)
        take = low + int(rng.random() * (min(cap, extra) - low + 1)) if extra else 0
        lens[i] += take
        extra -= take
    return lens


def build(rng: random.Random, d: int, segs: list) -> list:
    """The tokens of a template whose flexible segments add up to exactly `d` tokens."""
    out: list = []
    for (lo, hi, make), n in zip(segs, allocate(rng, d, segs)):
        out += make(rng, n)
    return out


def span(segs: list) -> tuple:
    """The (min, max) total length a template can take."""
    return sum(s[0] for s in segs), sum(s[1] for s in segs)


@functools.cache
def sizes_for(n: int, allowed: tuple) -> tuple:
    """The sizes in `allowed` that leave 0 or at least 2 of `n` (so no 1 is stranded)."""
    return tuple(s for s in allowed if s == n or n - s >= 2)


def partition(rng: random.Random, n: int, first=(1, 2, 3, 4), rest=(2, 3, 4)) -> list:
    """Sizes summing to `n`: the first from `first`, the others from `rest` (no stranded 1)."""
    sizes, allowed = [], first
    while n > 0:
        size = pick(rng, sizes_for(n, allowed))
        sizes.append(size)
        n -= size
        allowed = rest
    return sizes


def chain(unit: Unit, first=(1, 2, 3, 4), rest=(2, 3, 4)) -> Callable:
    """A segment builder that strings units of `unit` together to exactly n tokens."""
    def make(rng: random.Random, n: int) -> list:
        out: list = []
        for i, size in enumerate(partition(rng, n, first, rest)):
            out += unit(rng, size, i == 0)
        return out
    return make


def person_noun(rng: random.Random, plural: bool) -> str:
    """A person noun of either gender (or none), drawn independently of everything else."""
    r = rng.random()
    pool = lx.NEUTRAL if r < 0.2 else GENDERED[r < 0.6]
    return pick(rng, pool)[plural]


def noun(rng: random.Random, kind: str, plural: bool) -> str:
    """A noun of kind 'person', 'thing' or 'place' in the given number."""
    if kind == "person":
        return person_noun(rng, plural)
    return pick(rng, lx.THINGS if kind == "thing" else lx.PLACES)[plural]


def np(rng: random.Random, size: int, kind: str) -> list:
    """A noun phrase of 1 to 3 tokens, either number (and either gender for people)."""
    plural = rng.random() < 0.5
    if size == 1:
        if kind == "person" and not plural:
            return [pick(rng, NAMES[rng.random() < 0.5])]
        return [noun(rng, kind, True)]
    if size == 2:
        word = noun(rng, kind, plural)
        return [det(rng, plural, word), word]
    if kind == "person" and not plural and rng.random() < 0.4:
        return [pick(rng, NAME_DETS), pick(rng, lx.TITLES), pick(rng, NAMES[rng.random() < 0.5])]
    adj = pick(rng, lx.PERSON_ADJ if kind == "person" else lx.THING_ADJ)
    return [det(rng, plural, adj), adj, noun(rng, kind, plural)]


def pp(rng: random.Random, size: int, kinds: tuple) -> list:
    """A prepositional phrase of 2 to 4 tokens around a noun phrase of one of `kinds`."""
    kind = pick(rng, kinds)
    preps = lx.PREPS_PERSON if kind == "person" else lx.PREPS_THING if kind == "thing" else lx.PREPS_PLACE
    return [pick(rng, preps)] + np(rng, size - 1, kind)


def relative(rng: random.Random, size: int, rel: str) -> list:
    """A relative clause of 3 or 4 tokens with no pronoun and no is/are/was/were/has/have.

    rel 'who': subject relative ("who met the girls"); rel 'that': object relative
    ("that the boy found"), whose own subject is a fresh person of either number.
    """
    verb = lx.VERBS[pick(rng, lx.OBJECT_VERBS)][2]
    if rel == "who":
        return ["who", verb] + np(rng, size - 2, pick(rng, ("person", "person", "thing")))
    return [pick(rng, ("that", "which"))] + np(rng, size - 2, "person") + [verb]


def postmod(kinds: tuple, rel: str | None) -> Unit:
    """Units that may follow a noun: here/there, prepositional phrases, relative clauses."""
    def unit(rng: random.Random, size: int, first: bool) -> list:
        if size == 1:
            return [pick(rng, ("here", "there"))]
        if rel and size >= 3 and rng.random() < 0.3:
            return relative(rng, size, rel)
        return pp(rng, size, kinds)
    return unit


def time(rng: random.Random, size: int, past: bool) -> list:
    """A time phrase of 1 to 4 tokens that fits the tense."""
    if size == 1:
        return [pick(rng, ("yesterday", "again") if past else ("today", "again"))]
    if size == 2:
        r = rng.random()
        if r < 0.4:
            return [pick(rng, ("every", "on")), pick(rng, lx.DAYS)]
        if r < 0.55:
            return ["every", pick(rng, lx.PERIODS)]
        if r < 0.7:
            return [pick(rng, ("this", "last") if past else ("this", "next")), pick(rng, ("week", "year"))]
        return ["at", "night"]
    if size == 3:
        r = rng.random()
        if r < 0.4:
            return [pick(rng, ("on", "every")), pick(rng, lx.DAYS), pick(rng, lx.DAY_PARTS)]
        if r < 0.7:
            return [pick(rng, ("after", "before")), "the", pick(rng, lx.EVENTS)]
        return ["in", "the", pick(rng, ("morning", "evening"))]
    if rng.random() < 0.5:
        return [pick(rng, ("after", "before")), pick(rng, ("a", "the")), "long", pick(rng, lx.EVENTS)]
    day = rng.randrange(6)
    return ["every", lx.DAYS[day], "or", lx.DAYS[day + 1 + rng.randrange(6 - day)]]


def place(rng: random.Random, size: int) -> list:
    """Where someone goes, 1 to 4 tokens ("home", "to school", "into the cafe", "on a long trip")."""
    if size == 1:
        return [pick(rng, ("home", "out", "out"))]
    if size == 2:
        return [pick(rng, ("to", "from")), pick(rng, ("school", "school", "work"))] if rng.random() < 0.5 \
            else [pick(rng, ("to", "into", "near")), pick(rng, lx.PLACES)[1]]
    if rng.random() < 0.2:
        return ["on", "a", "trip"] if size == 3 else ["on", "a", pick(rng, ("long", "short")), "trip"]
    return [pick(rng, ("to", "into", "to", "near"))] + np(rng, size - 1, "place")


def complement(past: bool, transitive: bool) -> Unit:
    """Units after a main verb: an object or a place first, then phrases and times."""
    def unit(rng: random.Random, size: int, first: bool) -> list:
        if first and transitive:
            return np(rng, size, pick(rng, ("person", "thing")))
        if first:
            return time(rng, 1, past) if size == 1 and rng.random() < 0.3 else place(rng, size)
        r = rng.random()
        if r < 0.35:
            return time(rng, size, past)
        return pp(rng, size, ("person", "person", "thing", "place"))
    return unit
