"""Shared sentence machinery, and the makers of the number and fact phenomena.

A maker (here, in pronouns.py and in cafe.py) takes (rng, d, cls) and returns a `Built`: the
tokens, where the cue and the slot are, and the right and wrong forms at the slot. `cls` picks the
right answer's class (0 male / singular / first fact, 1 female / plural, ...) so evaluation sets
can be balanced; None draws it. The rules that make every slot decidable:

- a pronoun refers to the subject of the current sentence (the latest subject after "." / "then");
- fillers between cue and slot hold no gendered pronoun, no sir/ma'am, no is/are/was/were/has/have;
- every person, noun and number in a filler is drawn independently of the cue.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from explorer.corpus import lexicon as lx
from explorer.corpus.phrases import NAME_DETS, NAMES, build, chain, det, fixed, np, pick, postmod, span

FACT_ADVERBS = ("very", "always", "really")


@dataclass(frozen=True)
class Built:
    """One sentence with its slot: tokens[cue] decides tokens[slot] == right (not wrong)."""
    tokens: list
    cue: int
    slot: int
    right: str
    wrong: str

    @property
    def distance(self) -> int:
        """Tokens strictly between cue and slot."""
        return self.slot - self.cue - 1


def assemble(head: list, filler: list, right: str, wrong: str, tail: list) -> Built:
    """A Built from its parts; the cue is the last token of `head`."""
    return Built(head + filler + [right] + tail, len(head) - 1, len(head) + len(filler), right, wrong)


def choose(rng: random.Random, d: int, templates: list) -> tuple:
    """A random template, a tuple whose [1] is its segments, that can span exactly `d` tokens."""
    fits = [t for t in templates if fits_in(t[1], d)]
    if not fits:
        raise ValueError(f"no template spans distance {d}")
    return pick(rng, fits)


def fits_in(segs: list, d: int) -> bool:
    """Whether a template's segments can add up to exactly `d` tokens."""
    lo, hi = span(segs)
    return lo <= d <= hi


def gendered_np(rng: random.Random, gender: int) -> list:
    """A singular person of the given gender (0 male, 1 female) whose last token is the cue."""
    r = rng.random()
    if r < 0.45:
        word = pick(rng, (lx.MALE, lx.FEMALE)[gender])[0]
        if rng.random() < 0.3:
            adj = pick(rng, lx.PERSON_ADJ)
            return [det(rng, False, adj), adj, word]
        return [det(rng, False, word), word]
    name = pick(rng, NAMES[gender])
    if r < 0.75:
        return [name]
    return [pick(rng, NAME_DETS), pick(rng, lx.TITLES), name]


def verb(name: str, past: bool) -> str:
    """The finite form of a verb for a singular subject."""
    return lx.VERBS[name][2 if past else 1]


def number_head(rng: random.Random, plural: bool) -> tuple:
    """(tokens, kind) of an agreement subject; its head noun (the cue) comes last."""
    kind = pick(rng, ("thing", "thing", "person"))
    word = pick(rng, lx.THINGS if kind == "thing" else lx.MALE + lx.FEMALE + lx.NEUTRAL)[plural]
    adj = [pick(rng, lx.THING_ADJ if kind == "thing" else lx.PERSON_ADJ)] if rng.random() < 0.3 else []
    extra = lx.NUMBER_WORDS[1:] if plural else ("every", "each")
    first = pick(rng, extra) if rng.random() < 0.15 else det(rng, plural, (adj + [word])[0])
    return [first] + adj + [word], kind


def number_tail(rng: random.Random, pair: tuple, kind: str, plural: bool) -> list:
    """After is/are, was/were, has/have: an adjective, a place, or what it has (its/their box)."""
    r = rng.random()
    been = ["been"] if pair[0] == "has" else []
    if r < 0.15 and kind == "thing":
        owner = "their" if plural else "its"
        return been + [pick(rng, ("in", "on", "near")), owner, pick(rng, ("box", "cabinet", "bag")), "."]
    if r < 0.25 and kind == "person" and plural and not been:
        return [pick(rng, lx.STATE_ADJ), "so", "they", verb(pick(rng, lx.MOTION_VERBS), True), "home", "."]
    if r < 0.4 and been:
        return ["no", pick(rng, lx.THINGS)[1], "."]
    if r < 0.7:
        adverb = [pick(rng, ("very", "not", "really"))] if r < 0.45 else []
        return been + adverb + [pick(rng, lx.THING_ADJ + lx.STATE_ADJ), "."]
    where = np(rng, 2, pick(rng, ("place", "thing")))
    return been + [pick(rng, ("in", "on", "at", "near", "under"))] + where + ["."]


def make_number(rng: random.Random, d: int, cls: int | None = None) -> Built:
    """the keys to the cabinet near the door | are"""
    plural = rng.randrange(2) if cls is None else cls
    pair = pick(rng, lx.COPULAS)
    segs = [(0, 60, chain(postmod(("person", "thing", "thing", "place"), "that")))]
    head, kind = number_head(rng, bool(plural))
    tail = number_tail(rng, pair, kind, bool(plural))
    return assemble(head, build(rng, d, segs), pair[plural], pair[1 - plural], tail)


def make_fact(rng: random.Random, d: int, cls: int | None = None) -> Built:
    """the sky over the old city is | blue"""
    index = rng.randrange(len(lx.FACTS)) if cls is None else cls % len(lx.FACTS)
    subject, plural, adj = lx.FACTS[index]
    post = (0, 60, chain(postmod(("place", "place", "thing"), None)))
    adverb = (0, 1, lambda r, n: [pick(r, FACT_ADVERBS)] * n)
    segs = [post, fixed(["are" if plural else "is"]), adverb]
    wrong = pick(rng, [f[2] for f in lx.FACTS if f[2] != adj])
    tail = pick(rng, (["."], ["."], ["."], ["today", "."], ["too", "."]))
    return assemble(list(subject), build(rng, d, segs), adj, wrong, tail)
