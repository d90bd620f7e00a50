"""Teaching presets against every pretrained model: the chosen step is the slot's cue token, the
unit and layer exist, and word models know every word of every preset (no <unk> in a lesson)."""
import pytest

import explorer
from explorer import presets

MODELS = explorer.list_models()
PRESET_KEYS = [p.key for p in presets.PRESETS]


@pytest.fixture(scope="module", params=MODELS)
def model(request):
    return explorer.load_model(request.param)


def test_preset_keys_are_unique_and_indexed():
    assert len(set(PRESET_KEYS)) == len(PRESET_KEYS)
    assert set(presets.BY_KEY) == set(PRESET_KEYS)
    assert {"cafe-boy", "cafe-girl", "ice-cream", "grammar", "new-subject", "number"} <= set(PRESET_KEYS)


def test_preset_text_starts_with_its_prefix():
    for p in presets.PRESETS:
        assert p.text.startswith(p.prefix), p.key
        assert p.rest.strip(), f"{p.key}: nothing after the slot"
        assert p.contrast != p.prefix, f"{p.key}: the contrast sentence is the same as the prefix"


@pytest.mark.parametrize("key", PRESET_KEYS)
def test_resolve_points_at_the_prefix_last_token(model, key):
    preset = presets.BY_KEY[key]
    chosen = presets.resolve(model, preset)
    assert set(chosen) == {"text", "step", "layer", "unit"}
    assert chosen["text"] == preset.text
    tokens = model.tokenizer.encode(preset.text).tokens
    prefix = model.tokenizer.encode(preset.prefix).tokens
    step = chosen["step"]
    assert isinstance(step, int) and 0 <= step < len(tokens)
    assert step == len(prefix) - 1
    assert tokens[: step + 1] == prefix, "the sentence does not begin with the prefix's tokens"
    assert tokens[step] == prefix[-1]
    assert step < len(tokens) - 1, "the slot (the token after the step) is missing"


@pytest.mark.parametrize("key", PRESET_KEYS)
def test_resolve_picks_an_existing_layer_and_unit(model, key):
    chosen = presets.resolve(model, presets.BY_KEY[key])
    assert isinstance(chosen["layer"], int) and 0 <= chosen["layer"] < model.card["layers"]
    assert isinstance(chosen["unit"], int) and 0 <= chosen["unit"] < model.card["hidden_size"]


def test_resolve_is_deterministic(model):
    preset = presets.BY_KEY["cafe-boy"]
    assert presets.resolve(model, preset) == presets.resolve(model, preset)


@pytest.mark.parametrize("key", PRESET_KEYS)
def test_word_models_know_every_preset_word(model, key):
    if model.card["tokenizer"] != "word":
        pytest.skip("character models read any text")
    preset = presets.BY_KEY[key]
    for sentence in (preset.text, preset.contrast):
        enc = model.tokenizer.encode(sentence)
        missing = sorted({enc.tokens[k] for k in enc.unknown})
        assert not missing, f"{model.name} lacks {missing} (preset {key!r}: {sentence!r})"
