"""Teaching presets: a sentence, the step to look at, and the unit to watch, with a note.

No unit number is written down: each preset names a contrasting sentence, and the unit is found
at run time as the one whose state differs most between the two at the chosen step (so presets
survive retraining and work for any model). The step is the last token before the slot, where
the model must already know the answer.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.analysis import contrast_unit, default_quantity


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    prefix: str  # the sentence up to the slot; the chosen step is its last token
    rest: str  # the slot and the rest of the sentence
    contrast: str  # the same prefix with the cue flipped
    note: str

    @property
    def text(self) -> str:
        return f"{self.prefix} {self.rest}".strip()


_CAFE = 'walked into a cafe and said " can i have 2 burgers and 1 french fries ? " the waiter said " certainly'
PRESETS = [
    Preset("cafe-boy", "The cafe: a boy", f"a boy {_CAFE}", 'sir " .', f"a girl {_CAFE}",
           "The customer's gender is read at 'boy' and has to survive the whole order. Watch the chosen "
           "unit's cell state: it is set at 'boy', holds through the burgers and fries, and at "
           "'certainly' it is what makes 'sir' likelier than 'ma'am'. Try the girl version next."),
    Preset("cafe-girl", "The cafe: a girl", f"a girl {_CAFE}", "ma'am \" .", f"a boy {_CAFE}",
           "The same order, but a girl walked in: the same unit now holds the opposite sign, and the "
           "waiter says 'ma'am'. Compare the two in the Cell tab at the step 'certainly'."),
    Preset("ice-cream", "Ice cream is tasty", "ice cream is", "tasty .", "the sky is",
           "Short range: the fact sits right next to its cue, so every model gets it, the plain RNN "
           "too. See the LSTM vs GRU vs RNN tab: here the three agree."),
    Preset("grammar", "The grammar checker",
           "my friend john goes on a trip every wednesday with the girl from the office and takes", "his bag .",
           "my friend mary goes on a trip every wednesday with the girl from the office and takes",
           "'his' depends on 'john', fourteen words back, with a girl in between as a distractor. "
           "The LSTM keeps the subject's gender in its cell state; the plain RNN tends to forget it."),
    Preset("new-subject", "Person X, then person Y",
           "the boy went to the park . then the girl went to the market with", "her friend .",
           "the girl went to the park . then the boy went to the market with",
           "A new subject replaces the old one. Look at the forget gate f at 'girl' (the second "
           "subject) in the Overview: units that held the boy are let go, and 'her' follows the girl."),
    Preset("number", "Number across an attractor", "the keys to the cabinet", "are on the table .",
           "the key to the cabinets",
           "The verb agrees with 'keys', not with the nearer 'cabinet'. The chosen unit carries "
           "the subject's number past the attractor to the verb."),
]
BY_KEY = {p.key: p for p in PRESETS}


def resolve(model, preset: Preset) -> dict:
    """{"text", "step", "layer", "unit"} for this model: the unit differing most from the contrast."""
    tr, alt = model.trace(preset.text), model.trace(preset.contrast)
    step = len(model.tokenizer.encode(preset.prefix).tokens) - 1
    step_alt = len(alt.tokens) - 1
    best = (-1.0, 0, 0)
    for k, (a, b) in enumerate(zip(tr.layers, alt.layers)):
        q = default_quantity(a)
        unit = contrast_unit(a, b, step, step_alt, quantity=q)
        gap = float(np.abs(getattr(a, q)[step, unit] - getattr(b, q)[step_alt, unit]))
        best = max(best, (gap, k, unit))
    return {"text": preset.text, "step": step, "layer": best[1], "unit": best[2]}
