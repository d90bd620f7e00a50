"""Figures and traces to files: python -m explorer.export --model NAME --text TEXT --view VIEW --out FILE

The file's extension picks the format: .png (2x, at least 2,200 px wide), .svg, .pdf (through
kaleido and the system's Chromium) or .html (self-contained, no browser needed). --list-views
prints the view names, the same views as the app's tabs.
"""
from __future__ import annotations

import argparse
import io
import sys
import warnings
from pathlib import Path

import numpy as np

from explorer.errors import ExplorerError
from explorer.trace import Trace

FORMATS = ("png", "svg", "pdf", "html")
WIDTH = 1400  # px at scale 1 for figures that set no width; PNGs are written at scale 2


class ExportError(ExplorerError):
    """A figure could not be written (no browser for static images, unknown format)."""


_server_started = False


def figure_bytes(fig, fmt: str) -> bytes:
    """The figure as PNG, SVG, PDF or HTML bytes."""
    if fmt not in FORMATS:
        raise ExportError(f"Cannot write .{fmt} files: use one of {', '.join('.' + f for f in FORMATS)}.")
    if fmt == "html":
        return fig.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")
    width, height = fig.layout.width or WIDTH, fig.layout.height or 700  # as the figure was designed
    try:
        _start_kaleido()
        with warnings.catch_warnings():  # plotly warns on every call that the server ignores kopts
            warnings.filterwarnings("ignore", message="The kopts argument is ignored", category=UserWarning)
            return fig.to_image(format=fmt, width=width, height=height, scale=2 if fmt == "png" else 1)
    except Exception as err:  # kaleido raises its own types for a missing or broken browser
        raise ExportError("Static export needs Chromium, and none could be started "
                          f"(install it, e.g. apt-get install chromium): {type(err).__name__}.") from None


def _start_kaleido() -> None:
    """One persistent kaleido browser per process: later exports take ~0.2 s instead of ~2 s."""
    global _server_started
    if not _server_started:
        import kaleido

        try:
            kaleido.start_sync_server(silence_warnings=True)
        except Exception:  # already running, or an older kaleido: plain exports still work
            pass
        _server_started = True


def trace_csv(tr: Trace) -> bytes:
    """Long format: step, token, layer, quantity, unit, value (one row per number)."""
    out = io.StringIO()
    out.write("step,token,layer,quantity,unit,value\n")
    tokens = [_csv_field(t) for t in tr.tokens]
    for k, layer in enumerate(tr.layers):
        arrays = {"h": layer.h, **({"c": layer.c} if layer.c is not None else {}), **layer.gates}
        for q, a in arrays.items():
            T, H = a.shape
            for t in range(T):
                prefix = f"{t},{tokens[t]},{k},{q},"
                out.write("".join(f"{prefix}{u},{v:.6g}\n" for u, v in enumerate(a[t].tolist())))
    return out.getvalue().encode("utf-8")


def _csv_field(s: str) -> str:
    return '"' + s.replace('"', '""') + '"' if any(ch in s for ch in ',"\n\r') or s != s.strip() else s


def trace_npz(tr: Trace) -> bytes:
    """Every array of the trace, named like layer0_h, layer0_f, ...; tokens as a string array."""
    arrays = {"tokens": np.array(tr.tokens, dtype=str), "ids": tr.ids, "probs": tr.probs}
    for k, layer in enumerate(tr.layers):
        arrays[f"layer{k}_h"] = layer.h
        if layer.c is not None:
            arrays[f"layer{k}_c"] = layer.c
        arrays.update({f"layer{k}_{g}": v for g, v in layer.gates.items()})
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def main(argv=None) -> int:
    from explorer import load_model, views  # noqa: PLC0415 (keeps --help fast)

    p = argparse.ArgumentParser(description="Write one view of a sentence's trace to a file.")
    p.add_argument("--list-views", action="store_true", help="print the view names, one per line")
    p.add_argument("--model", default="lstm-teach")
    p.add_argument("--text")
    p.add_argument("--view", default="overview")
    p.add_argument("--out", type=Path)
    p.add_argument("--layer", type=int, default=0)
    p.add_argument("--step", type=int, default=-1, help="token index (default: the last)")
    p.add_argument("--unit", type=int, default=0)
    args = p.parse_args(argv)
    if args.list_views:
        print("\n".join(views.VIEWS))
        return 0
    if not args.text or not args.out:
        p.error("--text and --out are needed (or --list-views)")
    try:
        m = load_model(args.model)
        tr = m.trace(args.text)
        step = args.step if args.step >= 0 else len(tr.tokens) - 1
        fig = views.figure(args.view, m, tr, args.text, views.Focus(args.layer, step, args.unit))
        data = figure_bytes(fig, args.out.suffix.lstrip(".").lower())
    except ExplorerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
