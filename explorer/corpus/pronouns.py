"""Pronouns that refer back to the subject: the pronoun and new_subject phenomena.

    my friend john goes on a trip every wednesday with the girl from the office and takes | his
    the boy went to the park . then the girl went to the market with | her

One rule everywhere: a pronoun refers to the subject of the current sentence (the latest subject
after "." or "then"). The subject is the cue; the people named in between (attractors) are drawn
independently of it, so the nearest person predicts the pronoun only half of the time.
"""
from __future__ import annotations

import random

from explorer.corpus import lexicon as lx
from explorer.corpus.grammar import Built, assemble, gendered_np, verb
from explorer.corpus.phrases import (article, build, chain, complement, fixed, np, pick, place, postmod,
                                     span, time)

POST_CAP = 16      # longest run of modifiers right after the subject, in tokens
COMP_CAP = 34      # longest complement of the verb phrase before the pronoun
ADV = (0, 1, lambda rng, n: [pick(rng, lx.ADVERBS)] if n else [])
POST = (0, POST_CAP, chain(postmod(("person", "person", "thing", "place"), "who")))
SNACKS = ("coffee", "tea", "cake", "pizza", "sandwich", "burger", "apple")


def first_vp(rng: random.Random, past: bool) -> list:
    """Segments of a verb phrase before the pronoun's own verb ("went to the park ...")."""
    transitive = rng.random() < 0.5
    name = pick(rng, lx.OBJECT_VERBS if transitive else lx.MOTION_VERBS)
    unit = complement(past, transitive)
    return [fixed([verb(name, past)]), (1, COMP_CAP, chain(unit, (1, 2, 3) if transitive else (1, 2, 3, 4)))]


def poss_direct(rng, past):
    """... takes | his"""
    name = pick(rng, lx.POSS_VERBS)
    return "poss", [POST, ADV, fixed([verb(name, past)])], name


def poss_after_vp(rng, past):
    """... went to the park and takes | his"""
    name = pick(rng, lx.POSS_VERBS)
    return "poss", [POST] + first_vp(rng, past) + [fixed(["and"]), ADV, fixed([verb(name, past)])], name


def poss_with(rng, past):
    """... goes to the market with | her"""
    move = verb(pick(rng, lx.MOTION_VERBS), past)
    comp = (1, COMP_CAP, chain(complement(past, False)))
    return "poss", [POST, ADV, fixed([move]), comp, fixed(["with"])], "with"


def subject(rng, past):
    """... went home because | he"""
    conj = pick(rng, lx.CONJ_PAST if past else lx.CONJ_PRESENT)
    return "subj", [POST] + first_vp(rng, past) + [fixed([conj])], None


def refl_direct(rng, past):
    """... likes | herself"""
    name = pick(rng, lx.REFL_VERBS)
    return "refl", [POST, ADV, fixed([verb(name, past)])], name


def refl_look(rng, past):
    """... looks at | himself"""
    return "refl", [POST, ADV, fixed([verb("look", past), "at"])], "look"


def refl_after_vp(rng, past):
    """... met the boys and told | herself"""
    name = pick(rng, lx.REFL_VERBS)
    return "refl", [POST] + first_vp(rng, past) + [fixed(["and"]), ADV, fixed([verb(name, past)])], name


def emphatic(rng, past):
    """the queen | herself took the book ."""
    return "emph", [], None


SHAPES = (poss_direct, poss_after_vp, poss_with, subject, refl_direct, refl_look, refl_after_vp, emphatic)
# Lengths do not depend on the words drawn, so each shape's (min, max) distance is known up front.
SPANS = tuple(span(shape(random.Random(0), False)[1]) for shape in SHAPES)


def pronoun_tail(rng: random.Random, kind: str, ending: str | None, past: bool) -> list:
    """A short natural ending after the pronoun, with no further pronoun."""
    if kind == "poss":
        pool = lx.DRINKS if ending == "drink" else SNACKS[2:] if ending == "eat" else lx.POSSESSIONS
        word = pick(rng, pool)
        more = place(rng, pick(rng, (1, 2, 3))) if rng.random() < 0.5 else time(rng, 2, past)
        return [word] + (more if rng.random() < 0.6 else []) + ["."]
    if kind == "subj":
        return subject_tail(rng, past)
    if kind == "refl" and ending in ("buy", "give"):
        return ["a", pick(rng, SNACKS[:-1]), "."]
    if kind == "refl":
        return (time(rng, 2, past) if rng.random() < 0.4 else []) + ["."]
    name = pick(rng, lx.OBJECT_VERBS)  # emphatic: "the queen herself took the book ."
    return [verb(name, past)] + np(rng, pick(rng, (1, 2, 3)), pick(rng, ("person", "thing"))) + ["."]


def snack_tail(rng: random.Random, past: bool) -> list:
    """ "ate a cake .", "drinks a tea .", "had an apple ." """
    food = pick(rng, SNACKS)
    name = "drink" if food in lx.DRINKS else "eat"
    words = ["had"] if past and rng.random() < 0.3 else [verb(name, past)]
    return words + [article(food), food, "."]


def refusal_tail(rng: random.Random, past: bool) -> list:
    """ "did not want to go home .", "does not need to wait ." """
    start = ["did" if past else "does", "not", pick(rng, ("want", "need")), "to"]
    if rng.random() < 0.6:
        return start + [pick(rng, lx.MOTION_VERBS)] + place(rng, pick(rng, (1, 2, 3))) + ["."]
    return start + [pick(rng, ("leave", "wait", "sit", "look", "eat", "drink")), "."]


def subject_tail(rng: random.Random, past: bool) -> list:
    """What the subject pronoun does next: "was tired .", "likes it .", "did not see the dogs ."."""
    r = rng.random()
    if r < 0.2:
        return ["was" if past else "is", pick(rng, lx.STATE_ADJ), "."]
    if r < 0.3:
        return [verb(pick(rng, ("like", "love", "want", "need")), past), pick(rng, ("it", "them")), "."]
    if r < 0.4:
        return snack_tail(rng, past)
    if r < 0.5:
        return refusal_tail(rng, past)
    if r < 0.55:
        return [verb("sit", past), "down", "."]
    if r < 0.6:
        return [verb("wait", past), "for"] + np(rng, 2, "person") + ["."]
    obj = np(rng, pick(rng, (1, 2, 3)), pick(rng, ("person", "thing")))
    if r < 0.75:
        return ["did" if past else "does", "not", pick(rng, lx.OBJECT_VERBS)] + obj + ["."]
    if r < 0.85 and not past:
        return ["will", pick(rng, lx.OBJECT_VERBS)] + obj + ["tomorrow", "."]
    return [verb(pick(rng, lx.OBJECT_VERBS), past)] + obj + ["."]


def pronoun_clause(rng: random.Random, d: int, gender: int) -> tuple:
    """(head, filler, right, wrong, tail) of a clause whose pronoun agrees with its subject."""
    past = rng.random() < 0.5
    shapes = [s for s, (lo, hi) in zip(SHAPES, SPANS) if lo <= d <= hi]
    if not shapes:
        raise ValueError(f"no pronoun template spans distance {d}")
    kind, segs, ending = pick(rng, shapes)(rng, past)
    forms = lx.PRONOUNS["refl" if kind == "emph" else kind]
    head = gendered_np(rng, gender)
    return head, build(rng, d, segs), forms[gender], forms[1 - gender], pronoun_tail(rng, kind, ending, past)


def make_pronoun(rng: random.Random, d: int, cls: int | None = None) -> Built:
    """my friend john goes on a trip with the girl from the office and takes | his"""
    gender = rng.randrange(2) if cls is None else cls
    return assemble(*pronoun_clause(rng, d, gender))


def first_clause(rng: random.Random) -> list:
    """An earlier sentence about someone else (either gender), maybe with its own pronoun."""
    gender, past = rng.randrange(2), rng.random() < 0.5
    out = gendered_np(rng, gender) + [verb(pick(rng, lx.MOTION_VERBS), past)]
    out += place(rng, pick(rng, (1, 2, 3, 4)))
    if rng.random() < 0.3:
        out += ["with", lx.PRONOUNS["poss"][gender], pick(rng, lx.POSSESSIONS)]
    return out + pick(rng, ([".", "then"], ["."], ["and", "then"], [",", "then"], [".", "then"]))


def make_new_subject(rng: random.Random, d: int, cls: int | None = None) -> Built:
    """the boy went to the park . then the girl went to the market with | her"""
    gender = rng.randrange(2) if cls is None else cls
    first = first_clause(rng)
    head, filler, right, wrong, tail = pronoun_clause(rng, d, gender)
    return assemble(first + head, filler, right, wrong, tail)
