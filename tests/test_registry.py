"""Loading validates every file; nothing but a card and safetensors weights is accepted."""
import json

import numpy as np
import pytest
import torch
from safetensors.torch import load_file, save_file

import explorer
from explorer import registry
from explorer.errors import ModelFileError, UnknownModelError
from explorer.models import ModelConfig, RecurrentLM

VOCAB = ["<unk>", "the", "boy", "his", "her", "."]


@pytest.fixture
def folder(tmp_path):
    torch.manual_seed(0)
    module = RecurrentLM(ModelConfig("gru", len(VOCAB), 6, 10, 2))
    registry.save_dir(tmp_path / "m", module, {"name": "m", "tokenizer": "word", "vocab": VOCAB})
    return tmp_path / "m"


def test_round_trip(folder):
    m = registry.load_dir(folder)
    assert m.name == "m" and m.vocab == VOCAB and m.card["cell"] == "gru" and m.config.layers == 2
    assert sorted(p.name for p in folder.iterdir()) == ["card.json", "model.safetensors"]
    assert "rnn.weight_hh_l1" in load_file(folder / "model.safetensors")  # PyTorch's own names
    tr = m.trace("the boy his")
    np.testing.assert_allclose(tr.probs.sum(1), 1, atol=1e-5)


def _edit_card(folder, **changes):
    card = json.loads((folder / "card.json").read_text())
    card.update(changes)
    (folder / "card.json").write_text(json.dumps(card))


@pytest.mark.parametrize("changes", [{"cell": "transformer"}, {"hidden_size": 11}, {"layers": 0},
                                     {"vocab": VOCAB + ["extra"]}, {"vocab": ["the", "the"]}, {"tokenizer": "bpe"}])
def test_card_mismatch_is_refused(folder, changes):
    _edit_card(folder, **changes)
    with pytest.raises(ModelFileError):
        registry.load_dir(folder)


def test_missing_card_field_and_bad_json(folder):
    card = json.loads((folder / "card.json").read_text())
    del card["vocab"]
    (folder / "card.json").write_text(json.dumps(card))
    with pytest.raises(ModelFileError, match="vocab"):
        registry.load_dir(folder)
    (folder / "card.json").write_text("{not json")
    with pytest.raises(ModelFileError):
        registry.load_dir(folder)


@pytest.mark.parametrize("damage", ["nan", "float64", "extra", "missing", "garbage"])
def test_bad_weights_are_refused(folder, damage):
    path = folder / "model.safetensors"
    state = load_file(path)
    if damage == "nan":
        state["head.bias"][0] = float("nan")
    elif damage == "float64":
        state["head.bias"] = state["head.bias"].double()
    elif damage == "extra":
        state["evil"] = torch.zeros(1)
    elif damage == "missing":
        del state["rnn.bias_hh_l1"]
    save_file(state, str(path))
    if damage == "garbage":
        path.write_bytes(b"\x80\x04pickle-ish bytes")
    with pytest.raises(ModelFileError):
        registry.load_dir(folder)


def test_unknown_model_name():
    with pytest.raises(UnknownModelError, match="no model named"):
        explorer.load_model("no-such-model")
