"""The trace is exact: parity with torch's own modules, and the equations hold step by step."""
import numpy as np
import pytest
import torch

from explorer import cells
from explorer.models import ModelConfig, RecurrentLM
from explorer.trace import Tracer

CONFIGS = [(cell, layers, hidden, T) for cell in ("lstm", "gru", "rnn")
           for layers, hidden, T in ((1, 7, 1), (2, 16, 37), (3, 33, 130))]


def _model(cell, layers, hidden, seed=0):
    torch.manual_seed(seed)
    return RecurrentLM(ModelConfig(cell, 29, 11, hidden, layers)).eval()


@pytest.mark.parametrize("cell,layers,hidden,T", CONFIGS)
def test_every_step_matches_torch(cell, layers, hidden, T):
    m = _model(cell, layers, hidden, seed=layers * 100 + hidden)
    ids = torch.randint(0, 29, (3, T), generator=torch.Generator().manual_seed(T))
    states = Tracer(m).states(ids)
    with torch.no_grad():
        x = m.embed(ids)
        for k, st in enumerate(states):  # feed torch's own single layer the same input
            ref = getattr(torch.nn, cell.upper())(x.shape[-1], hidden, batch_first=True)
            own = {n: p for n, p in m.rnn.named_parameters() if n.endswith(f"_l{k}")}
            ref.load_state_dict({n.replace(f"_l{k}", "_l0"): p for n, p in own.items()})
            out, hx = ref(x)
            np.testing.assert_allclose(st.h.numpy(), out.numpy(), atol=1e-5)
            if cell == "lstm":
                np.testing.assert_allclose(st.c[:, -1].numpy(), hx[1][0].numpy(), atol=1e-5)
            x = out
        top, _ = m.rnn(m.embed(ids))
        np.testing.assert_allclose(states[-1].h.numpy(), top.numpy(), atol=1e-5)


@pytest.mark.parametrize("T", [1, 9, 64, 333])
def test_lstm_equations_hold(T):
    m = _model("lstm", 2, 24, seed=T)
    ids = torch.randint(0, 29, (2, T), generator=torch.Generator().manual_seed(1))
    for st in Tracer(m).states(ids):
        g = {k: v.numpy() for k, v in st.gates.items()}
        c, h = st.c.numpy(), st.h.numpy()
        c_prev = np.concatenate([np.zeros_like(c[:, :1]), c[:, :-1]], axis=1)
        np.testing.assert_allclose(c, g["f"] * c_prev + g["i"] * g["g"], atol=1e-5)
        np.testing.assert_allclose(h, g["o"] * np.tanh(c), atol=1e-5)
        for k in "ifo":
            assert g[k].min() >= 0 and g[k].max() <= 1
        assert np.abs(g["g"]).max() <= 1


def test_gru_equations_hold():
    m = _model("gru", 2, 20)
    ids = torch.randint(0, 29, (2, 50), generator=torch.Generator().manual_seed(2))
    for st in Tracer(m).states(ids):
        g = {k: v.numpy() for k, v in st.gates.items()}
        h = st.h.numpy()
        h_prev = np.concatenate([np.zeros_like(h[:, :1]), h[:, :-1]], axis=1)
        np.testing.assert_allclose(h, (1 - g["z"]) * g["n"] + g["z"] * h_prev, atol=1e-5)
        assert 0 <= g["r"].min() and g["z"].max() <= 1 and np.abs(g["n"]).max() <= 1


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_slow_path_matches_fast_path(cell):
    m = _model(cell, 2, 16)
    tr = Tracer(m)
    ids = torch.randint(0, 29, (2, 40), generator=torch.Generator().manual_seed(3))
    for fast, slow in zip(tr.states(ids), tr.stepped_states(ids, ())):
        np.testing.assert_allclose(fast.h.numpy(), slow.h.numpy(), atol=1e-5)
        for k in fast.gates:
            np.testing.assert_allclose(fast.gates[k].numpy(), slow.gates[k].numpy(), atol=1e-5)


@pytest.mark.parametrize("B,T,H", [(1, 2000, 8), (1, 37, 5), (3, 100, 4), (64, 9, 300)])
def test_chunked_scan_equals_loop(B, T, H):
    rng = np.random.default_rng(0)
    f = torch.from_numpy(rng.uniform(0, 1, (B, T, H)).astype(np.float32))
    f[:, ::7] = 0.0  # hard resets and saturated gates are where a shortcut would break
    f[:, 3::11] = 1.0
    u = torch.from_numpy(rng.normal(0, 1, (B, T, H)).astype(np.float32))
    ref, c = np.zeros((B, T, H), np.float32), np.zeros((B, H), np.float32)
    for t in range(T):
        c = f[:, t].numpy() * c + u[:, t].numpy()
        ref[:, t] = c
    np.testing.assert_allclose(cells.scan_c(f, u.clone()).numpy(), ref, atol=1e-4, rtol=1e-5)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_wide_batches_take_the_step_loop_and_stay_exact(cell):
    m = _model(cell, 2, 16, seed=5)
    B = cells.WIDE_BATCH + 3
    ids = torch.randint(0, 29, (B, 23), generator=torch.Generator().manual_seed(4))
    states = Tracer(m).states(ids)
    with torch.no_grad():
        top, hx = m.rnn(m.embed(ids))
    np.testing.assert_allclose(states[-1].h.numpy(), top.numpy(), atol=1e-5)
    if cell == "lstm":
        np.testing.assert_allclose(states[-1].c[:, -1].numpy(), hx[1][-1].numpy(), atol=1e-5)
        g = {k: v.numpy() for k, v in states[0].gates.items()}
        np.testing.assert_allclose(states[0].h.numpy(), g["o"] * np.tanh(states[0].c.numpy()), atol=1e-5)
