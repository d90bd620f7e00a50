"""explorer.analysis on hand-made layer traces, where every answer can be worked out by hand."""
import numpy as np
import pytest

from explorer import analysis
from explorer.trace import LayerTrace


def layer(h, c=None, **gates):
    f32 = lambda a: np.asarray(a, dtype=np.float32)
    return LayerTrace(f32(h), None if c is None else f32(c), {k: f32(v) for k, v in gates.items()})


def test_order_units_is_a_permutation_and_variance_puts_the_busiest_unit_first():
    c = np.zeros((5, 4), np.float32)
    c[:, 2] = [0, 3, -3, 3, -3]  # by far the most variable
    c[:, 0] = [0, 1, 0, 1, 0]
    c[3, 1] = -4  # the largest |value| at step 3, yet less variable than unit 2
    lt = layer(np.zeros((5, 4)), c)
    for how in analysis.ORDERS:
        assert sorted(analysis.order_units(lt, how, 3).tolist()) == [0, 1, 2, 3]
    assert analysis.order_units(lt, "index", 3).tolist() == [0, 1, 2, 3]
    assert analysis.order_units(lt, "variance", 0)[0] == 2
    assert analysis.order_units(lt, "activity", 3)[0] == 1
    assert analysis.order_units(lt, "activity", 3, quantity="h").tolist() == [0, 1, 2, 3]  # ties: index order


def test_order_units_defaults_to_h_without_a_cell_state():
    h = np.zeros((3, 3), np.float32)
    h[:, 1] = [1, -1, 1]
    assert analysis.order_units(layer(h), "variance", 0)[0] == 1
    with pytest.raises(ValueError):
        analysis.order_units(layer(h), "sideways", 0)


def test_topk_is_sorted_and_matches_argsort():
    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(9), size=6).astype(np.float32)  # (T=6, V=9)
    vocab = [f"w{j}" for j in range(9)]
    top = analysis.topk(probs, vocab, 4)
    assert len(top) == 6 and all(len(row) == 4 for row in top)
    for t, row in enumerate(top):
        assert [w for w, _ in row] == [vocab[j] for j in np.argsort(-probs[t])[:4]]
        ps = [p for _, p in row]
        assert ps == sorted(ps, reverse=True) and ps[0] == pytest.approx(probs[t].max())
    assert len(analysis.topk(probs, vocab, 50)[0]) == 9  # k larger than V is capped


def test_saturation_fractions_equal_hand_counts_pooled_over_traces():
    f1 = np.array([[0.05, 0.5], [0.95, 0.5], [0.05, 0.99]])  # (T=3, H=2)
    f2 = np.array([[0.5, 0.01]])  # a second sentence, T=1
    g = np.zeros((3, 2))
    a = layer(np.zeros((3, 2)), np.zeros((3, 2)), i=f1, f=f1, g=g, o=f1)
    b = layer(np.zeros((1, 2)), np.zeros((1, 2)), i=f2, f=f2, g=g[:1], o=f2)
    sat = analysis.saturation([a, b])
    assert set(sat) == {"i", "f", "o"}  # g is a tanh candidate, not a gate in (0, 1)
    left, right = sat["f"]
    np.testing.assert_allclose(left, [2 / 4, 1 / 4])
    np.testing.assert_allclose(right, [1 / 4, 1 / 4])
    assert all(((x >= 0) & (x <= 1)).all() for pair in sat.values() for x in pair)


def test_saturation_of_gru_and_rnn():
    z = np.full((2, 3), 0.5)
    gru = layer(np.zeros((2, 3)), r=z, z=z, n=z)
    assert set(analysis.saturation([gru])) == {"r", "z"}
    assert analysis.saturation([layer(np.zeros((2, 3)))]) == {}


def test_choose_pair_picks_the_heavier_pair_present_in_the_vocabulary():
    vocab = ["<unk>", "his", "her", "is", "are", "he"]  # "she" missing: (he, she) cannot be chosen
    probs = np.array([0.1, 0.05, 0.05, 0.3, 0.2, 0.3])
    assert analysis.choose_pair(probs, vocab) == ("is", "are")
    probs = np.array([0.1, 0.4, 0.3, 0.1, 0.05, 0.05])
    assert analysis.choose_pair(probs, vocab) == ("his", "her")
    assert analysis.choose_pair(np.ones(2) / 2, ["<unk>", "dog"]) is None


def test_contrast_unit_finds_a_planted_difference():
    rng = np.random.default_rng(1)
    c = rng.normal(0, 0.1, (4, 8)).astype(np.float32)
    d = c.copy()
    d[2, 5] += 2.0  # "boy" vs "girl": unit 5 at step 2 differs
    a, b = layer(c, c), layer(c, d)
    assert analysis.contrast_unit(a, b, 2, 2) == 5
    assert analysis.contrast_unit(layer(c), layer(d), 2, 2) == 5  # no c: falls back to h


def test_downsample_steps():
    assert analysis.downsample_steps(10, 20).tolist() == list(range(10))
    idx = analysis.downsample_steps(1000, 300)
    assert len(idx) <= 300 and idx[-1] == 999 and (np.diff(idx) == analysis.stride(1000, 300)).all()
    assert analysis.stride(1000, 300) == 4 and analysis.stride(10, 20) == 1
