import pytest

from explorer.errors import EmptyTextError, ExplorerError
from explorer.tokenizers import MAX_TOKENS, CharTokenizer, WordTokenizer

VOCAB = ["<unk>", "the", "waiter", "said", '"', "certainly", "ma'am", ".", ",", "?", "!", "2", "can", "i", "don't"]


def test_words_punctuation_and_contractions():
    tok = WordTokenizer(VOCAB)
    assert tok.split('The waiter said "Certainly, ma\'am." 2 burgers?!') == [
        "the", "waiter", "said", '"', "certainly", ",", "ma'am", ".", '"', "2", "burgers", "?", "!"]
    assert tok.split("I don’t") == ["i", "don't"]  # typographic apostrophe


def test_unknown_words_are_listed():
    enc = WordTokenizer(VOCAB).encode("the zebra said certainly")
    assert enc.tokens == ["the", "zebra", "said", "certainly"]
    assert enc.unknown == [1] and enc.ids[1] == 0 and enc.ids[0] == 1


def test_characters_of_any_script():
    tok = CharTokenizer(["<unk>", "a", "b", " "])
    enc = tok.encode("ab 日本 🙂")
    assert enc.tokens == list("ab 日本 🙂") and enc.unknown == [3, 4, 6]


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
@pytest.mark.parametrize("cls", [WordTokenizer, CharTokenizer])
def test_empty_text_is_one_clear_error(cls, text):
    with pytest.raises(EmptyTextError) as err:
        cls(VOCAB).encode(text)
    assert isinstance(err.value, (ValueError, ExplorerError)) and str(err.value).endswith(".")


def test_long_input_is_truncated_and_reported():
    enc = WordTokenizer(VOCAB).encode("the " * (MAX_TOKENS + 25))
    assert len(enc.tokens) == MAX_TOKENS and enc.truncated == 25
