"""How quickly the app answers: in-process reruns, the real browser, and many sessions at once.

(a) server-side rerun time per tab, with AppTest in this process: set a new text, run, time it
    (a new text each repeat, so the trace is computed, not read from the cache);
(b) in Debian's Chromium: typing a new 20-token sentence (Ctrl+Enter) until every visible chart
    has repainted with its words, and server start until the first chart is drawn;
(c) N simulated sessions (N = 1, 5, 10, 20) on one server, each speaking Streamlit's own protocol
    over /_stcore/stream: a rerun_script BackMsg carrying the text widget's new state, timed
    until the script_finished ForwardMsg.
Prints tables; no pass/fail. Loopback only, bounded loops. One server at a time.
Run: python benchmarks/app_latency.py [--quick] [--skip a,b,c]
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import explorer
from benchmarks import browser
from explorer import corpus, views

APP = str(browser.ROOT / "app.py")
TOKEN_TICKS = {views.VIEWS[v] for v in ("overview", "units", "predictions")}  # tabs whose axes name tokens
MODEL = "lstm-teach"


def texts(n_tokens: int, count: int) -> list[str]:
    """`count` different texts of exactly n_tokens tokens of the teaching corpus (known words)."""
    tok = explorer.load_model(MODEL).tokenizer
    out = []
    for seed in range(100, 100 + count):
        words: list[str] = []
        while len(words) < n_tokens:
            words += tok.encode(" ".join(corpus.generate(seed + len(words), 50))).tokens
        out.append(" ".join(words[:n_tokens]))
    return out


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def row(first: str, *cells: str) -> None:
    print(f"{first:<30}" + "".join(f"{c:>12}" for c in cells))


def ms(x: float) -> str:
    return f"{1000 * x:.0f} ms"


# --- (a) AppTest in this process --------------------------------------------------------------

def apptest_runs(label: str, samples: list[str]) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update({"model": MODEL, "tab": label})
    at.run()  # warm-up: the session's first run
    times = []
    for text in samples:
        at.text_area(key="text").set_value(text)
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, [e.value for e in at.exception]
    return times


def part_a(repeats: int) -> None:
    print(f"\n(a) Server-side rerun after a new text, AppTest in-process, {MODEL}, p50 / p95 over the repeats")
    row("tab", "20 tok p50", "20 tok p95", "2000 p50", "2000 p95")
    short, long = texts(20, repeats), texts(2000, max(3, repeats // 2))
    for label in views.VIEWS.values():
        a, b = apptest_runs(label, short), apptest_runs(label, long)
        row(label, ms(pct(a, .5)), ms(pct(a, .95)), ms(pct(b, .5)), ms(pct(b, .95)))


# --- (b) the real browser ---------------------------------------------------------------------

def part_b(tries: int) -> None:
    from playwright.sync_api import sync_playwright

    if not browser.chromium_path():
        print("\n(b) skipped: no Chromium")
        return
    print(f"\n(b) Real Chromium ({browser.VIEWPORT['width']}x{browser.VIEWPORT['height']}), {MODEL}")
    samples = texts(20, tries + 1)
    t0 = time.perf_counter()
    with browser.serve() as url, sync_playwright() as p:
        healthy = time.perf_counter() - t0
        br = browser.launch(p)
        try:
            page = br.new_page(viewport=browser.VIEWPORT)
            runs = browser.Runs(page)
            t1 = time.perf_counter()
            browser.open_link(page, runs, browser.link(url, model=MODEL, text=samples[0]), 120)
            first = time.perf_counter() - t0
            load = time.perf_counter() - t1
            row("server start -> health", ms(healthy))
            row("page load -> charts drawn", ms(load))
            row("server start -> 1st chart", ms(first))
            row("after Ctrl+Enter, p50 of", "finished", "repainted", "max")
            for label in views.VIEWS.values():
                browser.open_tab(page, runs, label, 60)
                ticks = label in TOKEN_TICKS
                done, drawn = zip(*[_typed(page, runs, text, ticks) for text in samples[1:]])
                row(f"  {label}", ms(pct(done, .5)), ms(pct(drawn, .5)), ms(max(drawn)))
        finally:
            br.close()


def _typed(page, runs, text: str, token_ticks: bool) -> tuple[float, float]:
    """Seconds from Ctrl+Enter to the script's end (script_finished), and to every chart redrawn."""
    box = page.locator('[data-testid="stSidebar"] textarea').first
    box.fill(text)
    seen, t0 = runs.finished, time.perf_counter()
    box.press("Control+Enter")
    runs.wait_after(seen, 60)
    done = time.perf_counter() - t0
    if token_ticks:  # these charts label an axis with the tokens: wait for the new ones
        browser.wait_for_ticks(page, [text.split()[-1]], 60)
    assert not browser.wait_drawn(page, 60)
    return done, time.perf_counter() - t0


# --- (c) many sessions over Streamlit's websocket ---------------------------------------------

class Session:
    """One simulated browser tab: Streamlit's protobuf messages over /_stcore/stream."""

    def __init__(self, ws):
        self.ws, self.text_id = ws, None

    @classmethod
    async def open(cls, url: str, query: dict) -> Session:
        import websockets

        ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        ws = await websockets.connect(ws_url, subprotocols=["streamlit"], origin=url, max_size=2**26)
        s = cls(ws)
        await s.rerun(query_string=urlencode(query))  # the page load: the text box's id comes back
        return s

    async def rerun(self, query_string: str = "", text: str | None = None, timeout: float = 120) -> float:
        """Send rerun_script (with the text widget's new value); seconds until script_finished."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        msg = BackMsg()
        msg.rerun_script.query_string = query_string
        if text is not None:
            msg.rerun_script.widget_states.widgets.append(WidgetState(id=self.text_id, string_value=text))
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        async with asyncio.timeout(timeout):
            async for frame in self.ws:
                fwd = ForwardMsg()
                fwd.ParseFromString(frame)
                kind = fwd.WhichOneof("type")
                if kind == "delta" and fwd.delta.new_element.WhichOneof("type") == "text_area":
                    self.text_id = fwd.delta.new_element.text_area.id
                elif kind == "script_finished" and fwd.script_finished != fwd.FINISHED_EARLY_FOR_RERUN:
                    if fwd.script_finished != fwd.FINISHED_SUCCESSFULLY:
                        raise RuntimeError(f"script finished with status {fwd.script_finished}")
                    return time.perf_counter() - t0
        raise RuntimeError("the connection closed before the script finished")


async def _load(url: str, n: int, rounds: int, samples: list[str]) -> list[float]:
    query = {"model": MODEL, "tab": views.VIEWS["overview"]}
    sessions = await asyncio.gather(*[Session.open(url, query) for _ in range(n)])
    try:
        async def drive(k: int, s: Session) -> list[float]:
            return [await s.rerun(urlencode(query), samples[(k + r) % len(samples)]) for r in range(rounds)]
        per = await asyncio.gather(*[drive(k, s) for k, s in enumerate(sessions)])
        return [t for ts in per for t in ts]
    finally:
        await asyncio.gather(*[s.ws.close() for s in sessions])


def part_c(ns: list[int], rounds: int) -> None:
    print(f"\n(c) N concurrent sessions over /_stcore/stream, each sending {rounds} reruns with a new "
          f"20-token text (Overview tab); request -> script_finished")
    samples = texts(20, 40)
    with browser.serve() as url:
        asyncio.run(_load(url, 1, 1, samples))  # warm: torch, the model, the first trace
        row("sessions", "p50", "p95", "max", "reruns/s")
        for n in ns:
            t0 = time.perf_counter()
            times = asyncio.run(_load(url, n, rounds, samples))
            wall = time.perf_counter() - t0
            row(f"N = {n}", ms(pct(times, .5)), ms(pct(times, .95)), ms(max(times)), f"{len(times) / wall:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats")
    ap.add_argument("--skip", default="", help="parts to leave out, e.g. b,c")
    args = ap.parse_args()
    skip = set(args.skip.split(","))
    import torch

    torch.set_num_threads(1)  # as the app does (explorer.ui.common)
    print(f"LSTM Explorer app latency; model {MODEL}; {len(__import__('os').sched_getaffinity(0))} cores")
    if "a" not in skip:
        part_a(4 if args.quick else 8)
    if "b" not in skip:
        part_b(3 if args.quick else 7)
    if "c" not in skip:
        part_c([1, 5] if args.quick else [1, 5, 10, 20], 2 if args.quick else 5)


if __name__ == "__main__":
    main()
