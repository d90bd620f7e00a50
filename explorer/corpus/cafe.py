"""The cafe story: a waiter answers "sir" or "ma'am" to a customer named many tokens earlier.

    a boy walked into a cafe and said " can i get 2 burgers and 1 french fries ? "
    the waiter said " certainly | sir "

The customer (the cue) may be far back: the order in between has any length and may name people of
either gender ("a cake for my sister"), so the nearest person is no cue. Short templates
("the waiter called the girl | ma'am .") make every distance bucket reachable. The waiter himself
is never gendered, and the request uses "get"/"like", never "have" (a number slot form).
"""
from __future__ import annotations

import random

from explorer.corpus import lexicon as lx
from explorer.corpus.grammar import Built, assemble, choose, gendered_np
from explorer.corpus.phrases import article, build, chain, fixed, np, pick, postmod

MODIFIERS = chain(postmod(("person", "person", "thing", "place"), "who"))
POST = (0, 16, MODIFIERS)      # short templates: up to 21 tokens, past the longest order's minimum
ORDER_POST = (0, 8, MODIFIERS)
INTROS = ([], ["came", "in", "and"], ["walked", "into", "the", "cafe", "and"],
          ["walked", "into", "a", "cafe", "and"], ["sat", "at", "a", "table", "and"],
          ["looked", "at", "the", "waiter", "and"], ["came", "into", "the", "small", "cafe", "and"])
REQUESTS = (('"', "can", "i", "get"), ("?", '"')), (('"', "i", "would", "like"), (",", "please", '"')), \
           (('"',), (",", "please", '"')), (('"', "please", "bring", "me"), ("!", '"')), \
           (('"', "can", "we", "get"), ("?", '"')), (('"', "we", "would", "like"), ('"',)), \
           (('"', "please", "bring", "us"), ("!", '"'))
WAITER_SAID = (["the", "waiter", "said", '"'], ["and", "the", "waiter", "said", '"'])


def number(rng: random.Random, plural: bool) -> str:
    """A count for an order: digits or words, 1 for singular."""
    k = rng.randrange(2, 11) if plural else 1
    return str(k) if rng.random() < 0.5 else lx.NUMBER_WORDS[k - 1]


def dish(rng: random.Random, size: int) -> list:
    """One dish of 1 to 3 tokens: "tea", "2 burgers", "an ice cream", "3 french fries"."""
    if size == 1:
        return [pick(rng, lx.FOOD_MASS)]
    r = rng.random()
    if size == 2:
        if r < 0.3:
            return list(pick(rng, lx.FOOD_PAIR))
        food = pick(rng, lx.FOOD_COUNT)
        plural = r < 0.65
        first = number(rng, plural) if plural or r < 0.75 else article(food[0])
        return [first, food[plural]]
    if r < 0.5:
        pair = pick(rng, lx.FOOD_PAIR)
        return [number(rng, rng.random() < 0.5) if pair[0] == "french" else article(pair[0])] + list(pair)
    food, adj = pick(rng, lx.FOOD_COUNT), pick(rng, ("big", "small", "hot", "cold", "good"))
    plural = r < 0.75
    return [number(rng, True) if plural else article(adj), adj, food[plural]]


def item(rng: random.Random, size: int) -> list:
    """A dish, possibly "for" someone of either gender, of exactly `size` (1 to 5) tokens."""
    if size <= 3 and (size < 3 or rng.random() < 0.5):
        return dish(rng, size)
    who = rng.randrange(1, min(3, size - 2) + 1)
    return dish(rng, size - 1 - who) + ["for"] + np(rng, who, "person")


def order_unit(rng: random.Random, size: int, first: bool) -> list:
    """The first dish, or a separator and the next dish."""
    if first:
        return item(rng, size)
    return [pick(rng, (",", "and", ",", "or"))] + item(rng, size - 1)


ORDER = chain(order_unit, (1, 2, 3, 4, 5), (2, 3, 4, 5, 6))


def greeting(rng: random.Random, n: int) -> list:
    """0 to 2 words of the waiter's answer before the address."""
    if n == 0:
        return []
    if n == 1:
        return [pick(rng, ("yes", "certainly", "thanks", "hello", "yes"))]
    return list(pick(rng, (("thank", "you"), ("good", "morning"), ("good", "evening"),
                           ("yes", ","), ("certainly", ","), ("of", "course"))))


def answer_tail(rng: random.Random) -> list:
    """The rest of the waiter's answer, closing the quote."""
    return list(pick(rng, (('"',), ('"',), ('"', "."), (",", "please", "sit", "down", '"'),
                           (",", "your", "order", "will", "be", "here", "soon", '"'),
                           (",", "thank", "you", '"'), (",", "it", "will", "be", "ten", "minutes", '"'),
                           (",", "what", "do", "you", "want", "?", '"'))))


def templates(rng: random.Random, customer: list) -> list:
    """(head, segments, tail) for each way the customer and the address can be spaced."""
    food = pick(rng, ("coffee", "tea", "cake", "pizza", "burger", "sandwich"))
    question = [",", "can", "i", "get", "you", article(food), food, "?", '"']
    opening, closing = pick(rng, REQUESTS)
    intro = pick(rng, INTROS)
    walk_up = ["went", "to", "the", "waiter", "and", "said"]
    said = intro + ["said"] if intro or rng.random() < 0.5 else walk_up
    return [
        (["the", "waiter", "called"] + customer, [POST], pick(rng, (["."], ["and", "left", "."]))),
        (["the", "waiter", pick(rng, ("asked", "told"))] + customer, [POST, fixed(['"'])],
         pick(rng, (question, [",", "please", "sit", "down", '"'],
                   [",", "where", "do", "you", "want", "to", "sit", "?", '"']))),
        (["the", "waiter", pick(rng, ("saw", "met"))] + customer,
         [POST, fixed(["and", "said", '"']), (0, 2, greeting)], answer_tail(rng)),
        (customer, [ORDER_POST, fixed(said + list(opening)), (1, 40, ORDER),
                    fixed(list(closing) + pick(rng, WAITER_SAID)), (0, 2, greeting)], answer_tail(rng)),
    ]


def make_cafe(rng: random.Random, d: int, cls: int | None = None) -> Built:
    """a girl walked into a cafe and said " ... " the waiter said " yes | ma'am " """
    gender = rng.randrange(2) if cls is None else cls
    customer = gendered_np(rng, gender)
    head, segs, tail = choose(rng, d, templates(rng, customer))
    return assemble(head, build(rng, d, segs), lx.ADDRESS[gender], lx.ADDRESS[1 - gender], tail)
