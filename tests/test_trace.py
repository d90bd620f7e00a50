import numpy as np
import pytest

from explorer.errors import InterventionError
from explorer.trace import Intervention, trace, trace_batch


@pytest.mark.parametrize("cell,gates", [("lstm", "ifgo"), ("gru", "rzn"), ("rnn", "")])
def test_trace_shapes_and_probabilities(tiny, cell, gates):
    m = tiny(cell)
    tr = trace(m, "the boy took his")
    assert tr.tokens == ["the", "boy", "took", "his"] and tr.cell == cell and len(tr.layers) == 2
    for layer in tr.layers:
        assert layer.h.shape == (4, 12) and layer.h.dtype == np.float32
        assert sorted(layer.gates) == sorted(gates)
        assert (layer.c is not None) == (cell == "lstm")
    assert tr.probs.shape == (4, len(m.tokenizer.vocab))
    np.testing.assert_allclose(tr.probs.sum(axis=1), 1.0, atol=1e-5)


def test_batch_equals_single(tiny):
    m = tiny("lstm")
    texts = ["the boy took his", "the girl", "a girl took her sir ma'am ."]
    for one, many in zip([trace(m, t) for t in texts], trace_batch(m, texts)):
        assert one.tokens == many.tokens
        np.testing.assert_allclose(one.layers[1].c, many.layers[1].c, atol=1e-5)
        np.testing.assert_allclose(one.probs, many.probs, atol=1e-5)


def test_intervention_changes_only_the_future(tiny):
    m = tiny("lstm")
    text = "the boy took his . the girl took her"
    base = trace(m, text)
    edit = Intervention(layer=0, step=3, unit=5, value=4.0, quantity="c")
    tr = trace(m, text, interventions=[edit])
    assert tr.layers[0].c[3, 5] == pytest.approx(4.0)
    np.testing.assert_allclose(tr.layers[0].h[3, 5], tr.layers[0].gates["o"][3, 5] * np.tanh(4.0), rtol=1e-5)
    np.testing.assert_allclose(tr.layers[1].h[:3], base.layers[1].h[:3], atol=1e-6)  # the past is untouched
    assert not np.allclose(tr.probs[4:], base.probs[4:])  # the future is not


def test_bad_interventions_are_refused(tiny):
    with pytest.raises(InterventionError):
        trace(tiny("lstm"), "the boy", interventions=[Intervention(0, 9, 0, 1.0)])
    with pytest.raises(InterventionError):
        trace(tiny("gru"), "the boy", interventions=[Intervention(0, 0, 0, 1.0, quantity="c")])


def test_greedy_continuation_follows_the_probabilities(tiny):
    import torch

    from explorer.sample import continuation

    m = tiny("lstm", seed=3)
    words = continuation(m, trace(m, "the boy took"), n=5, temperature=0)
    ids = list(m.tokenizer.encode("the boy took").ids) + [m.vocab.index(w) for w in words]
    probs = m.tracer.probs(m.tracer.states(torch.tensor([ids]))[-1].h)[0].numpy()  # (T, V)
    assert [m.vocab[k] for k in probs[2:-1].argmax(axis=1)] == words  # each pick is the argmax so far
