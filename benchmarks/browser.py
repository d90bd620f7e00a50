"""Drive the real app in a real browser: one Streamlit server, Debian's Chromium through Playwright.

Shared by tests/test_browser.py, benchmarks/screenshots.py and benchmarks/app_latency.py, so the
machinery (free port, health check, launch flags, "every chart is drawn") lives in one place.
Loopback only; the server is always terminated, its whole process group, when the block ends.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1500, "height": 2400}  # Streamlit scrolls inside its own container: be tall
PLOT = ".js-plotly-plot"
RUNNING = '[data-testid="stStatusWidget"]'
EXCEPTION = '[data-testid="stException"]'


def chromium_path() -> str | None:
    """Debian's Chromium, if this machine has one (never downloaded)."""
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def serve(timeout: float = 60.0, log: Path | None = None, script: str = "app.py"):
    """Run `streamlit run app.py` on a free loopback port; yields its base URL; always stops it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true"]
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open(log, "wb")) if log else subprocess.DEVNULL
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_healthy(proc, url, timeout)
            yield url
        finally:
            _stop(proc)


def _wait_healthy(proc: subprocess.Popen, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not _healthy(url):
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode} before answering")
        if time.monotonic() > deadline:
            raise TimeoutError(f"streamlit did not answer /_stcore/health within {timeout:.0f} s")
        time.sleep(0.2)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)  # its own session: this group is exactly the server
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


def launch(playwright):
    """Chromium with the flags this machine needs (no sandbox, no GPU, no network chatter)."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)


def link(url: str, **params) -> str:
    """A shareable view: every widget is bound to the URL."""
    return f"{url}/?{urlencode(params)}" if params else f"{url}/"


class Runs:
    """Counts the script runs the server reports finished to this page (ForwardMsg.script_finished).

    Watching the app's own websocket is exact where the DOM is not: after a click the running
    indicator may not have appeared yet, and a fast rerun may come and go between two polls.
    """

    def __init__(self, page):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.page, self.finished, self._msg = page, 0, ForwardMsg
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            msg = self._msg()
            msg.ParseFromString(bytes(payload))
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished != msg.FINISHED_EARLY_FOR_RERUN:
                self.finished += 1

    def wait_after(self, seen: int, timeout: float = 30.0) -> None:
        """Until a run that finished after `seen` runs had (pumping Playwright's events meanwhile)."""
        deadline = time.monotonic() + timeout
        while self.finished <= seen:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no script run finished within {timeout:.0f} s")
            self.page.wait_for_timeout(20)


def wait_drawn(page, timeout: float = 30.0) -> list[str]:
    """Wait until the script is idle and every chart has drawn; returns what never did.

    Streamlit loads Plotly lazily (a skeleton first), so "drawn" means: the app reports its
    script not running, no skeleton and no stale element is left, and every `.js-plotly-plot`
    holds its `.main-svg`. The problems are returned as short strings (empty when all is well).
    """
    done = f"""() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-testid="stSkeleton"], [data-stale="true"], {RUNNING}')
        && [...document.querySelectorAll('{PLOT}')].every(p => p.querySelector('.main-svg'))"""
    try:
        page.wait_for_function(done, timeout=timeout * 1000, polling=50)
        return []
    except Exception:  # noqa: BLE001 - what never drew is the caller's to report
        return page.evaluate(f"""() => [
            ...[...document.querySelectorAll('{PLOT}')].flatMap((p, k) =>
                p.querySelector('.main-svg') ? [] : [`chart ${{k}} has no .main-svg`]),
            ...[...document.querySelectorAll('[data-testid="stSkeleton"]')].map(() => 'a skeleton never resolved'),
            ...(document.querySelector('{RUNNING}') ? ['the script is still running'] : [])]""")


def tick_labels(page) -> list[str]:
    """The text of every axis tick label of every chart, in page order."""
    return page.evaluate(f"() => [...document.querySelectorAll('{PLOT} .xtick text, {PLOT} .ytick text')]"
                         f".map(t => t.textContent)")


def wait_for_ticks(page, words: list[str], timeout: float = 30.0) -> None:
    """Until every word is among the charts' tick labels (the repaint after new text)."""
    page.wait_for_function(
        f"""words => {{
            const ticks = new Set([...document.querySelectorAll('{PLOT} .xtick text, {PLOT} .ytick text')]
                                  .map(t => t.textContent.trim()));
            return words.every(w => ticks.has(w));
        }}""", arg=words, timeout=timeout * 1000, polling=100)


def open_link(page, runs: Runs, url: str, timeout: float = 60.0) -> list[str]:
    """Load a (shared) link and wait for its first run to draw; returns what never drew."""
    seen = runs.finished
    page.goto(url)
    runs.wait_after(seen, timeout)
    return wait_drawn(page, timeout)


def type_text(page, runs: Runs, text: str, timeout: float = 30.0) -> list[str]:
    """Replace the sentence in the sidebar's text area, submit it (Ctrl+Enter), wait for the repaint."""
    box = page.locator('[data-testid="stSidebar"] textarea').first
    seen = runs.finished
    box.fill(text)
    box.press("Control+Enter")
    runs.wait_after(seen, timeout)
    return wait_drawn(page, timeout)


def tab_labels(page) -> list[str]:
    return [t.strip() for t in page.locator('[role="tab"]').all_inner_texts()]


def open_tab(page, runs: Runs, label: str, timeout: float = 30.0) -> list[str]:
    """Click a tab (a rerun: only the open tab's content is computed); returns what never drew."""
    tab = page.locator('[role="tab"]', has_text=label).first
    if tab.get_attribute("aria-selected") != "true":
        seen = runs.finished
        tab.click()
        runs.wait_after(seen, timeout)
    return wait_drawn(page, timeout)


def exceptions(page) -> list[str]:
    return page.locator(EXCEPTION).all_inner_texts()


def shoot_main(page, path: Path) -> Path:
    """An element screenshot of the main block (the page minus the sidebar, cropped to content)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.add_style_tag(content='[data-testid="stHeader"] { display: none; }')  # the ⋮ menu over the block
    block = page.locator('[data-testid="stMainBlockContainer"]')
    # The main block scrolls inside Streamlit's own container, which clips an element screenshot
    # to the viewport: grow the viewport to the block's height first (the width stays).
    height = int(block.evaluate("b => b.scrollHeight")) + 200
    size = page.viewport_size
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(300)
    block.screenshot(path=str(path), animations="disabled")
    if height > size["height"]:
        page.set_viewport_size(size)
    _trim(path)
    return path


def _trim(path: Path, pad: int = 24) -> None:
    """Crop the white margins (Streamlit's block padding) down to `pad` pixels."""
    from PIL import Image, ImageChops

    img = Image.open(path).convert("RGB")
    img = img.crop((4, 0, img.width, img.height))  # the sidebar's border line at the block's left edge
    ink = ImageChops.difference(img, Image.new("RGB", img.size, "white")).convert("L").point(lambda v: 255 * (v > 8))
    box = ink.getbbox()
    if box:
        l, t, r, b = box
        img.crop((max(l - pad, 0), max(t - pad, 0), min(r + pad, img.width), min(b + pad, img.height))).save(path)
