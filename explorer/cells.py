"""The recurrence equations: the only place they live.

PyTorch's gate order and equations (W packs the gates row-blocks in this order):
  LSTM  i,f,g,o = σ, σ, tanh, σ of (W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
        c_t = f_t * c_{t-1} + i_t * g_t          h_t = o_t * tanh(c_t)
  GRU   r,z = σ(W_i{r,z} x_t + b_i{r,z} + W_h{r,z} h_{t-1} + b_h{r,z})
        n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))
        h_t = (1 - z_t) * n_t + z_t * h_{t-1}
  RNN   h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)

Fast path (`layer_states`): the layer's own fused kernel gives every h_t; every gate is then a
function of x_t and h_{t-1}, so all of them come from one matrix product, and the LSTM cell state
from a cheap elementwise scan. Exact, not an approximation (tests compare with nn.LSTM/GRU/RNN).
Step path (`stepped_states`, `step`): one step at a time, every gate computed in the loop; for
interventions that change a state mid-sequence, for sampling, and for wide batches (B >= 8), where
the loop's Python overhead is shared by the batch and W_hh h_{t-1} is computed once, not twice.
Shapes: B batch, T steps, D layer input size, H units, G gates per cell (LSTM 4, GRU 3, RNN 1).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import torch

GATES = {"lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n"), "rnn": ()}
FUSED = {"lstm": torch.lstm, "gru": torch.gru, "rnn": torch.rnn_tanh}


@dataclass(frozen=True)
class LayerWeights:
    """One layer's parameters, PyTorch layout: w_ih (G*H, D), w_hh (G*H, H), b_ih, b_hh (G*H,)."""

    w_ih: torch.Tensor
    w_hh: torch.Tensor
    b_ih: torch.Tensor
    b_hh: torch.Tensor

    @classmethod
    def of(cls, rnn: torch.nn.RNNBase, k: int) -> "LayerWeights":
        get = lambda name: getattr(rnn, f"{name}_l{k}").detach().float()  # noqa: E731
        return cls(get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh"))

    @property
    def flat(self) -> list[torch.Tensor]:
        return [self.w_ih, self.w_hh, self.b_ih, self.b_hh]

    @functools.cached_property
    def packed(self) -> "LayerWeights":
        """The form the gate pass uses. For an LSTM both biases sit in b_ih (so the input projection
        carries them and W_hh h adds in place), and the g rows are doubled, so that one sigmoid over
        all four gates serves g too, as tanh(x) = 2 σ(2x) - 1. Other cells: unchanged."""
        H = self.w_hh.shape[1]
        if self.w_hh.shape[0] != 4 * H:
            return self
        scale = torch.ones(4 * H)
        scale[2 * H : 3 * H] = 2.0
        return LayerWeights(self.w_ih * scale[:, None], self.w_hh * scale[:, None],
                            (self.b_ih + self.b_hh) * scale, torch.zeros_like(self.b_hh))


@dataclass
class LayerStates:
    """Every step of one layer: h (B, T, H); c (B, T, H) for LSTM else None; gates name -> (B, T, H)."""

    h: torch.Tensor
    c: torch.Tensor | None
    gates: dict[str, torch.Tensor]


def project_input(x: torch.Tensor, w: LayerWeights) -> torch.Tensor:
    """W_ih x_t + b_ih for every step: (B, T, D) -> (B, T, G*H)."""
    return torch.addmm(w.b_ih, x.reshape(-1, x.shape[-1]), w.w_ih.T).view(*x.shape[:-1], -1)


def fused_h(cell: str, x: torch.Tensor, w: LayerWeights) -> torch.Tensor:
    """The layer's own fused forward from a zero state: x (B, T, D) -> h (B, T, H)."""
    h0 = x.new_zeros(1, x.shape[0], w.w_hh.shape[1])
    hx = (h0, h0) if cell == "lstm" else h0
    return FUSED[cell](x, hx, w.flat, True, 1, 0.0, False, False, True)[0]


BLOCK = 512  # rows (steps across the batch) per block of the gate pass: a block stays in cache


def layer_states(cell: str, x: torch.Tensor, w: LayerWeights, xp: torch.Tensor | None = None) -> LayerStates:
    """Exact states and gates of one layer for every step (fast path).

    x: (B, T, D) the layer's input; xp: optional precomputed input projection (B, T, G*H) made with
    `w.packed`, e.g. from a per-token table for the first layer. It is overwritten: it becomes the gates.
    """
    h = fused_h(cell, x, w)  # (B, T, H)
    if cell == "rnn":
        return LayerStates(h, None, {})
    B, T, H = h.shape
    w = w.packed
    pre = (project_input(x, w) if xp is None else xp).view(B * T, -1)  # (B*T, G*H)
    if cell == "lstm":  # W_hh h_{t-1} added in place, block by block (h_{-1} = 0); biases are in pre
        seqs = pre.view(B, T, -1)
        for b, a in ((b, a) for b in range(B) for a in range(0, T, BLOCK)):
            block, e = seqs[b, a : a + BLOCK], min(a + BLOCK, T)
            (block[1:] if a == 0 else block).addmm_(h[b, max(a - 1, 0) : e - 1], w.w_hh.T)
            _lstm_gates(block, H)
    else:
        hf = h.reshape(B * T, H)
        for a in range(0, B * T, BLOCK):
            e = min(a + BLOCK, B * T)
            _gru_gates(pre[a:e], _h_projection(hf, a, e, T, w), H)
    gates = dict(zip(GATES[cell], pre.view(B, T, -1).split(H, dim=-1)))
    c = scan_c(gates["f"], gates["i"] * gates["g"]) if cell == "lstm" else None
    return LayerStates(h, c, gates)


def _h_projection(hf: torch.Tensor, a: int, e: int, T: int, w: LayerWeights) -> torch.Tensor:
    """W_hh h_{t-1} + b_hh for flat rows a..e-1 of a (B*T, H) h; rows with t = 0 see h_{-1} = 0."""
    if a == 0:
        hp = torch.cat([w.b_hh[None], torch.addmm(w.b_hh, hf[: e - 1], w.w_hh.T)])
    else:
        hp = torch.addmm(w.b_hh, hf[a - 1 : e - 1], w.w_hh.T)
    hp[(-a) % T :: T] = w.b_hh  # first step of each sequence
    return hp


def _lstm_gates(pre: torch.Tensor, H: int) -> None:
    """In place: packed pre-activations (rows, 4H), W_hh h and both biases included -> i, f, g, o."""
    pre.sigmoid_()  # i, f, o; g's block holds 2x its pre-activation
    pre[:, 2 * H : 3 * H].mul_(2.0).sub_(1.0)  # g = tanh(x) = 2 σ(2x) - 1


def _gru_gates(pre: torch.Tensor, hp: torch.Tensor, H: int) -> None:
    """In place: W_ih x + b_ih (rows, 3H) -> r, z, n, given hp = W_hh h_{t-1} + b_hh."""
    pre[:, : 2 * H].add_(hp[:, : 2 * H]).sigmoid_()  # r, z
    pre[:, 2 * H :].addcmul_(pre[:, :H], hp[:, 2 * H :]).tanh_()  # n


SCAN_WIDTH = 16384  # elements per elementwise call in the scan: enough to drown Python's overhead


def scan_c(f: torch.Tensor, u: torch.Tensor) -> torch.Tensor:
    """c_t = f_t * c_{t-1} + u_t from c_{-1} = 0, for (B, T, H) inputs, where u = i * g (overwritten).

    Small batches run the time axis in K chunks side by side (each from a zero state, keeping the
    running product p of its f), then stitch them: c += p * (the true c before the chunk). Only
    products of f in [0, 1] and sums: as stable as the plain loop, to float32 rounding.
    """
    B, T, H = u.shape
    K = min(T // 8, SCAN_WIDTH // (B * H))  # chunks; a large batch is wide enough without them
    K = K if K >= 4 else 1
    S = -(-T // K)  # steps per chunk
    c = _chunked(u.numpy(), K, S, 0.0)  # (B, K, S, H)
    fk = _chunked(f.numpy(), K, S, 1.0)
    p = fk.copy() if K > 1 else None
    tmp = np.empty_like(c[:, :, 0])
    for s in range(1, S):
        np.multiply(fk[:, :, s], c[:, :, s - 1], out=tmp)
        c[:, :, s] += tmp
        if p is not None:
            p[:, :, s] *= p[:, :, s - 1]
    if p is not None:
        ends = c[:, :, -1].copy()  # (B, K, H): the true c at each chunk's end
        for k in range(1, K):
            ends[:, k] += p[:, k, -1] * ends[:, k - 1]
        c[:, 1:] += p[:, 1:] * ends[:, :-1, None]
    return torch.from_numpy(c.reshape(B, K * S, H)[:, :T])


def _chunked(a: np.ndarray, K: int, S: int, fill: float) -> np.ndarray:
    """(B, T, H) -> (B, K, S, H), a view where T = K * S, else a copy padded with `fill`."""
    B, T, H = a.shape
    if K * S == T:
        return a.reshape(B, K, S, H)
    out = np.full((B, K * S, H), fill, dtype=a.dtype)
    out[:, :T] = a
    return out.reshape(B, K, S, H)


WIDE_BATCH = 8  # from this many sequences on, the step loop beats fused kernel + recomputation


def stepped_states(cell: str, xp: torch.Tensor, w: LayerWeights, edit=None) -> LayerStates:
    """One step at a time, every gate computed in the loop, written into preallocated buffers.

    xp: (T, B, G*H) time-major input projections made with `w.packed` (overwritten: it becomes the
    gates). `edit(t, h_t, c_t, gates_t)` may change h_t / c_t in place right after step t (the
    interventions). For wide batches this is also the fastest exact path: the loop's overhead is
    shared by the batch, and it computes W_hh h_{t-1} once instead of twice.
    """
    T, B, _ = xp.shape
    wp, H = w.packed, w.w_hh.shape[1]
    if cell == "rnn":
        xp += wp.b_hh  # an LSTM's packed b_ih holds both biases; a GRU adds b_hh inside the step
    h_out = xp.new_empty(T, B, H)
    c_out = xp.new_empty(T, B, H) if cell == "lstm" else None
    h, c = xp.new_zeros(B, H), xp.new_zeros(B, H)
    for t in range(T):
        h, c = _step_into(cell, xp[t], h, c, wp, h_out[t], None if c_out is None else c_out[t], H)
        if edit is not None:
            edit(t, h, c, xp[t])
    gates = {k: v.transpose(0, 1) for k, v in zip(GATES[cell], xp.split(H, dim=-1))} if cell != "rnn" else {}
    return LayerStates(h_out.transpose(0, 1), None if c_out is None else c_out.transpose(0, 1), gates)


def _step_into(cell, pre, h, c, wp, h_t, c_t, H):
    """Step t in place: pre (B, G*H) = W_ih x_t + b_ih (+ b_hh, not for GRU) becomes the gates."""
    if cell == "lstm":
        _lstm_gates(pre.addmm_(h, wp.w_hh.T), H)
        torch.mul(pre[:, H : 2 * H], c, out=c_t).addcmul_(pre[:, :H], pre[:, 2 * H : 3 * H])
        torch.tanh(c_t, out=h_t).mul_(pre[:, 3 * H :])
        return h_t, c_t
    if cell == "gru":  # b_hh stays out of pre: n needs it inside r * (W_hn h + b_hn)
        _gru_gates(pre, torch.addmm(wp.b_hh, h, wp.w_hh.T), H)
        torch.sub(h, pre[:, 2 * H :], out=h_t).mul_(pre[:, H : 2 * H]).add_(pre[:, 2 * H :])
        return h_t, c
    torch.tanh(pre.addmm_(h, wp.w_hh.T), out=h_t)
    return h_t, c


def step(cell: str, xp_t: torch.Tensor, h: torch.Tensor, c: torch.Tensor | None, w: LayerWeights):
    """One step: xp_t (B, G*H) made with `w.packed`, h and c (B, H) -> (h_t, c_t, gates)."""
    H = w.w_hh.shape[1]
    pre = xp_t + w.packed.b_hh if cell != "gru" else xp_t.clone()
    h_t, c_t = h.new_empty(h.shape), h.new_empty(h.shape) if cell == "lstm" else None
    h_t, c_t = _step_into(cell, pre, h, c, w.packed, h_t, c_t, H)
    return h_t, c_t, dict(zip(GATES[cell], pre.split(H, dim=-1)))
