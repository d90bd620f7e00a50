"""The teaching corpus: English sentences with long-range dependencies, and their evaluation sets.

    from explorer.corpus import generate, eval_items, vocabulary
    generate(0, 3)          # ['the keys to the old cabinet are on the table .', ...]
    eval_items(0, 10)       # EvalItem(phenomenon='cafe', bucket=(0, 5), prefix=..., right='sir', ...)

Five phenomena (PHENOMENA): cafe (sir/ma'am), pronoun (his/her, he/she, himself/herself),
new_subject (the pronoun follows the latest subject), number (is/are, was/were, has/have across
attractors, Linzen et al. 2016) and fact (the sky is blue). Standard library only.
"""
from explorer.corpus.evalsets import BUCKETS, EvalItem, bucket_of, eval_items
from explorer.corpus.lexicon import vocabulary
from explorer.corpus.training import PHENOMENA, generate

__all__ = ["BUCKETS", "EvalItem", "PHENOMENA", "bucket_of", "eval_items", "generate", "vocabulary"]
