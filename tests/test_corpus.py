"""Tests of the teaching corpus, checked against tables kept here rather than the generator's own.

The checker finds each cue by the corpus rule (the first gendered person of the current sentence,
the first noun for agreement, the fact's subject), measures the distance itself and decides the
right form itself, so a generator bug cannot hide behind a shared helper.
"""
import dataclasses

import pytest

from explorer.corpus import BUCKETS, PHENOMENA, EvalItem, bucket_of, eval_items, generate, vocabulary

REQUIRED = """a an the this that these those every each some my your his her their its our no i you he
she it we they him me us them himself herself boy boys girl girls man men woman women king kings queen
queens father fathers mother mothers brother brothers sister sisters son sons daughter daughters uncle
uncles aunt aunts husband wife prince princess gentleman lady grandfather grandmother john david james
peter tom mary sarah anna emma lucy waiter waiters doctor doctors teacher teachers friend friends
driver drivers student students neighbor neighbors child children person people sir ma'am key keys book
books car cars dog dogs cat cats pen pens refill bag bags phone phones cabinet cabinets table tables door
doors box boxes picture pictures letter letters cafe office school park market station library
restaurant shop house city garden kitchen burger burgers french fries ice cream coffee tea cake pizza
sandwich apple apples tasty sweet cold hot red blue green big small happy tired old young new good bad
late early long short kind sky walked went said asked ran came sat looked saw took bought ate drank goes
takes likes loves wants needs is are was were has have had can will would did does do be been called
told gave found left and but or then because when while after before so if who which where monday
tuesday wednesday thursday friday saturday sunday morning evening night day week year yesterday today
tomorrow 1 2 3 4 5 6 7 8 9 10 one two three four five into in on at to with for of from near under over
behind by about certainly yes not please thank thanks trip meeting marriage very too also really just
out . , ? ! \"""".split()

MALE = set("""boy boys man men king kings father fathers brother brothers son sons uncle uncles husband
husbands prince princes gentleman gentlemen grandfather grandfathers john david james peter tom""".split())
FEMALE = set("""girl girls woman women queen queens mother mothers sister sisters daughter daughters
aunt aunts wife wives princess princesses lady ladies grandmother grandmothers mary sarah anna emma
lucy""".split())
FORMS = {"sir": 0, "ma'am": 1, "his": 0, "her": 1, "he": 0, "she": 1, "himself": 0, "herself": 1}
SINGULAR_NOUNS = set("""key book car dog cat pen bag phone cabinet table door box picture letter boy man
king father brother son uncle husband prince gentleman grandfather girl woman queen mother sister
daughter aunt wife princess lady grandmother friend doctor teacher driver student neighbor child person
waiter cafe office school park market station library restaurant shop house city garden kitchen""".split())
PLURAL_NOUNS = set("""keys books cars dogs cats pens bags phones cabinets tables doors boxes pictures
letters boys men kings fathers brothers sons uncles husbands princes gentlemen grandfathers girls women
queens mothers sisters daughters aunts wives princesses ladies grandmothers friends doctors teachers
drivers students neighbors children people waiters cafes offices schools parks markets stations
libraries restaurants shops houses cities gardens kitchens""".split())
VERB_NUMBER = {"is": 0, "was": 0, "has": 0, "are": 1, "were": 1, "have": 1}
FACT_ADJ = {"sky": "blue", "grass": "green", "cream": "tasty", "coffee": "hot", "apples": "sweet",
            "snow": "cold", "cherries": "red", "night": "dark", "lemons": "sour", "elephants": "big",
            "mice": "small", "sun": "bright"}
FACT_PLURAL = {"apples", "cherries", "lemons", "elephants", "mice"}
FORBIDDEN_IN_FILLER = {"he", "she", "his", "her", "him", "himself", "herself", "sir", "ma'am",
                       "is", "are", "was", "were", "has", "have"}
PER_BUCKET = 60


def gender(word):
    """0 male, 1 female, None for everything else (waiter, friend, doctor, ...)."""
    return 0 if word in MALE else 1 if word in FEMALE else None


def noun_number(word):
    """0 singular, 1 plural, None for a token that is not one of the table's nouns."""
    return 0 if word in SINGULAR_NOUNS else 1 if word in PLURAL_NOUNS else None


def sentence_start(tokens, end):
    """Index where the current sentence begins: after the last "." or "then" before `end`."""
    starts = [i + 1 for i, t in enumerate(tokens[:end]) if t in (".", "then")]
    return starts[-1] if starts else 0


def find_cue(phenomenon, tokens, slot):
    """The cue's index by the corpus rule, found without the generator."""
    if phenomenon == "fact":
        return next(i for i, t in enumerate(tokens) if t in FACT_ADJ)
    if phenomenon == "number":
        return next(i for i, t in enumerate(tokens) if noun_number(t) is not None)
    start = sentence_start(tokens, slot) if phenomenon == "new_subject" else 0
    return next(i for i in range(start, slot) if gender(tokens[i]) is not None)


def expected_right(phenomenon, cue_word):
    """What the checker's own tables say the slot must hold (a class for binary phenomena)."""
    if phenomenon == "fact":
        return FACT_ADJ[cue_word]
    return noun_number(cue_word) if phenomenon == "number" else gender(cue_word)


def right_class(item):
    """The class of item.right in the checker's tables."""
    return VERB_NUMBER[item.right] if item.phenomenon == "number" else FORMS[item.right]


@pytest.fixture(scope="module")
def items():
    return eval_items(0, PER_BUCKET)


@pytest.fixture(scope="module")
def sentences():
    return generate(7, 3000)


def test_constants_and_buckets():
    assert PHENOMENA == ("cafe", "pronoun", "new_subject", "number", "fact")
    assert BUCKETS == ((0, 5), (6, 10), (11, 20), (21, 30), (31, 50))
    assert [bucket_of(d) for d in (0, 5, 6, 10, 11, 20, 21, 30, 31, 50)] == \
        [b for b in BUCKETS for _ in range(2)]
    for bad in (-1, 51):
        with pytest.raises(ValueError):
            bucket_of(bad)


def test_vocabulary_is_sorted_unique_and_complete():
    vocab = vocabulary()
    assert vocab == sorted(set(vocab))
    assert not [w for w in REQUIRED if w not in vocab]
    assert len(vocab) < 600
    assert all(w and " " not in w and not w.startswith("<") for w in vocab)


def test_generate_is_deterministic_and_in_vocabulary(sentences):
    assert generate(7, 3000) == sentences
    assert generate(8, 50) != sentences[:50]
    assert generate(7, 0) == [] and len(generate(1, 17)) == 17
    vocab = set(vocabulary())
    for s in sentences:
        assert s == s.strip() and "  " not in s
        assert set(s.split()) <= vocab, s


def test_generated_pronouns_and_address_follow_the_rule(sentences):
    """Every gendered pronoun agrees with its sentence's subject, every sir/ma'am with the customer."""
    checked = 0
    for s in sentences:
        tokens = s.split()
        for k, t in enumerate(tokens):
            if t not in FORMS:
                continue
            start = 0 if t in ("sir", "ma'am") else sentence_start(tokens, k)
            cue = next(gender(w) for w in tokens[start:k] if gender(w) is not None)
            assert cue == FORMS[t], s
            checked += 1
    assert checked > 1500


def test_generated_lengths_spread(sentences):
    lengths = [len(s.split()) for s in sentences]
    assert min(lengths) <= 6 and max(lengths) >= 55
    assert sum(n > 40 for n in lengths) > len(lengths) / 5


def test_every_phenomenon_and_bucket_has_items(items):
    counts = {}
    for it in items:
        counts[it.phenomenon, it.bucket] = counts.get((it.phenomenon, it.bucket), 0) + 1
    assert counts == {(p, b): PER_BUCKET for p in PHENOMENA for b in BUCKETS}
    assert len({it.sentence for it in items}) == len(items)


def test_items_are_consistent_with_an_independent_checker(items):
    assert dataclasses.is_dataclass(EvalItem) and EvalItem.__dataclass_params__.frozen
    for it in items:
        assert it.sentence.startswith(it.prefix + " " + it.right + " "), it
        assert it.right != it.wrong
        tokens, slot = it.sentence.split(), len(it.prefix.split())
        assert tokens[slot] == it.right
        cue = find_cue(it.phenomenon, tokens, slot)
        assert slot - cue - 1 == it.distance, it
        assert it.bucket[0] <= it.distance <= it.bucket[1] and bucket_of(it.distance) == it.bucket
        want = expected_right(it.phenomenon, tokens[cue])
        assert (it.right if it.phenomenon == "fact" else right_class(it)) == want, it
        if it.phenomenon != "fact":
            assert right_class(dataclasses.replace(it, right=it.wrong)) == 1 - want


def test_fillers_hold_no_cue_words(items):
    for it in items:
        tokens, slot = it.sentence.split(), len(it.prefix.split())
        cue = find_cue(it.phenomenon, tokens, slot)
        filler = tokens[cue + 1: slot]
        if it.phenomenon == "fact":  # the fact's own verb stands between subject and adjective
            verbs = [k for k, t in enumerate(filler) if t in ("is", "are")]
            assert len(verbs) == 1 and verbs[0] >= len(filler) - 2, it
            assert (filler[verbs[0]] == "are") == (tokens[cue] in FACT_PLURAL), it
            del filler[verbs[0]]
        assert not FORBIDDEN_IN_FILLER & set(filler), it
        if it.phenomenon in ("pronoun", "new_subject"):
            assert "." not in filler and "then" not in filler, it


def test_right_forms_are_balanced(items):
    for p in PHENOMENA:
        for b in BUCKETS:
            group = [it for it in items if it.phenomenon == p and it.bucket == b]
            if p == "fact":
                assert len({it.right for it in group}) >= 6
            else:
                assert abs(sum(map(right_class, group)) - len(group) / 2) <= 1


def nearest_agreement(items, phenomenon, value_of):
    """Share of items whose nearest filler word with a value (gender/number) matches the answer."""
    hits = total = 0
    for it in (i for i in items if i.phenomenon == phenomenon):
        tokens, slot = it.sentence.split(), len(it.prefix.split())
        filler = tokens[find_cue(phenomenon, tokens, slot) + 1: slot]
        values = [value_of(w) for w in filler if value_of(w) is not None]
        if values:
            total += 1
            hits += values[-1] == right_class(it)
    return hits / total, total


@pytest.mark.parametrize("phenomenon,value_of", [("cafe", gender), ("pronoun", gender),
                                                 ("new_subject", gender), ("number", noun_number)])
def test_nearest_attractor_is_no_cue(items, phenomenon, value_of):
    share, total = nearest_agreement(items, phenomenon, value_of)
    assert total >= 150
    assert 0.3 <= share <= 0.7, share


def test_exclude_is_honoured(items):
    banned = {it.sentence for it in items[::3]}
    again = eval_items(0, PER_BUCKET, exclude=banned)
    assert not banned & {it.sentence for it in again}
    assert len(again) == len(items)
    assert eval_items(0, 5) == eval_items(0, 5)


def test_eval_stream_differs_from_training():
    """Same seed, different stream: only the shortest sentences can coincide, and exclude drops them."""
    train = set(generate(3, 2000))
    shared = train & {it.sentence for it in eval_items(3, 10)}
    assert len(shared) <= 10 and all(len(s.split()) <= 12 for s in shared)
    assert not train & {it.sentence for it in eval_items(3, 10, exclude=train)}
