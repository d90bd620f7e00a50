"""pretrained/<name>/ on disk <-> a ready model. Every file read is validated; no pickle, ever.

A model folder holds exactly `card.json` (what the model is, its vocabulary, how it was made and
how well it does) and `model.safetensors` (PyTorch's own parameter names).
"""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save_file

from explorer.errors import ModelFileError, UnknownModelError
from explorer.models import CELLS, ModelConfig, RecurrentLM
from explorer.tokenizers import Tokenizer, make_tokenizer
from explorer.trace import Trace, Tracer, trace, trace_batch

PRETRAINED = Path(__file__).resolve().parent.parent / "pretrained"
CARD_KEYS = ("name", "cell", "tokenizer", "embedding_size", "hidden_size", "layers", "vocab")
MAX_VOCAB = 100_000
MAX_SIZE = 4096  # largest embedding or hidden size accepted


@dataclass
class Model:
    """A loaded model: its name, card (dict), vocabulary (id -> token) and torch module."""

    name: str
    card: dict
    module: RecurrentLM
    tokenizer: Tokenizer
    tracer: Tracer = field(repr=False)

    @property
    def vocab(self) -> list[str]:
        return self.tokenizer.vocab

    @property
    def config(self) -> ModelConfig:
        return self.module.config

    def trace(self, text: str, interventions=()) -> Trace:
        return trace(self, text, interventions)

    def trace_batch(self, texts: list[str]) -> list[Trace]:
        return trace_batch(self, texts)


def list_models(root: Path = PRETRAINED) -> list[str]:
    """Names of the model folders under pretrained/, sorted."""
    return sorted(p.name for p in Path(root).iterdir() if (p / "card.json").is_file()) if Path(root).is_dir() else []


@functools.lru_cache(maxsize=None)
def load_model(name: str) -> Model:
    """The pretrained model `name` (cached per process)."""
    names = list_models()
    if name not in names:
        raise UnknownModelError(f"There is no model named {name!r}; the models are: {', '.join(names)}.")
    return load_dir(PRETRAINED / name)


def load_dir(folder: Path) -> Model:
    """Load and validate a model folder (card.json + model.safetensors)."""
    folder = Path(folder)
    card = read_card(folder / "card.json")
    config = config_from_card(card)
    module = RecurrentLM(config)
    module.load_state_dict(read_weights(folder / "model.safetensors", expected_shapes(module)))
    module.eval()
    tokenizer = make_tokenizer(card["tokenizer"], card["vocab"])
    return Model(card["name"], card, module, tokenizer, Tracer(module))


def read_card(path: Path) -> dict:
    try:
        card = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelFileError(f"The model card {path.name} cannot be read as JSON ({err}).") from None
    missing = [k for k in CARD_KEYS if not isinstance(card, dict) or k not in card]
    if missing:
        raise ModelFileError(f"The model card lacks {', '.join(missing)}.")
    _check_card(card)
    return card


def _check_card(card: dict) -> None:
    if card["cell"] not in CELLS or card["tokenizer"] not in ("word", "char"):
        raise ModelFileError("The model card's cell must be lstm, gru or rnn and its tokenizer word or char.")
    sizes = [card[k] for k in ("embedding_size", "hidden_size", "layers")]
    if not all(isinstance(s, int) and 0 < s <= MAX_SIZE for s in sizes) or card["layers"] > 16:
        raise ModelFileError("The model card's sizes must be positive whole numbers of sensible size.")
    vocab = card["vocab"]
    if not (isinstance(vocab, list) and 1 < len(vocab) <= MAX_VOCAB and all(isinstance(t, str) for t in vocab)):
        raise ModelFileError("The model card's vocab must be a list of token strings.")
    if len(set(vocab)) != len(vocab):
        raise ModelFileError("The model card's vocab repeats a token.")


def config_from_card(card: dict) -> ModelConfig:
    return ModelConfig(card["cell"], len(card["vocab"]), card["embedding_size"], card["hidden_size"], card["layers"])


def expected_shapes(module: torch.nn.Module) -> dict[str, tuple[int, ...]]:
    return {k: tuple(v.shape) for k, v in module.state_dict().items()}


def read_weights(path: Path, shapes: dict[str, tuple[int, ...]]) -> dict[str, torch.Tensor]:
    """Read a safetensors file, refusing any missing, extra, misshapen, non-float32 or non-finite tensor."""
    try:
        with safe_open(str(path), framework="pt") as f:
            names = set(f.keys())
            if names != set(shapes):
                extra, missing = sorted(names - set(shapes)), sorted(set(shapes) - names)
                raise ModelFileError(f"The weights do not match the card (missing {missing}, unexpected {extra}).")
            for name in sorted(names):
                sl = f.get_slice(name)
                if sl.get_dtype() != "F32" or tuple(sl.get_shape()) != shapes[name]:
                    raise ModelFileError(f"The tensor {name} should be float32 of shape {shapes[name]}.")
            tensors = {name: f.get_tensor(name) for name in names}
    except (SafetensorError, OSError) as err:
        raise ModelFileError(f"The weights file {Path(path).name} cannot be read ({err}).") from None
    bad = [k for k, v in tensors.items() if not torch.isfinite(v).all()]
    if bad:
        raise ModelFileError(f"The tensor {bad[0]} holds values that are not finite.")
    return tensors


def save_dir(folder: Path, module: RecurrentLM, card: dict) -> None:
    """Write a model folder; the card's shape fields are taken from the module's config."""
    cfg = module.config
    card = {**card, "cell": cfg.cell, "embedding_size": cfg.embedding_size,
            "hidden_size": cfg.hidden_size, "layers": cfg.layers}
    if len(card["vocab"]) != cfg.vocab_size:
        raise ValueError("The card's vocab does not match the model's vocabulary size.")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().float().contiguous() for k, v in module.state_dict().items()}
    save_file(state, str(folder / "model.safetensors"))
    text = json.dumps(card, indent=1, ensure_ascii=False, allow_nan=False, default=_jsonable)
    (folder / "card.json").write_text(text + "\n", encoding="utf-8")


def _jsonable(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return float(x) if hasattr(x, "__float__") else str(x)
