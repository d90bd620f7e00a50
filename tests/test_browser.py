"""The app in a real browser: a shared link draws its charts, typing repaints them, every tab draws.

One Streamlit server (a free loopback port) and Debian's Chromium through Playwright; the
machinery is benchmarks/browser.py, shared with the screenshot and latency scripts. Skipped when
no Chromium is installed, except on CI (CI=true), where a missing browser is a failure.
Assertions are about what is drawn (tick labels, SVGs, no exception box), never about timing.
"""
import os
from types import SimpleNamespace

import pytest

import explorer
from benchmarks import browser
from explorer import views

SHARED = "the boy took his"  # in the link
TYPED = "the girl took her bag to the park"  # typed into the text box afterwards
WAIT = 60.0  # seconds for any one run to draw (the first pays for loading torch and the model)


def _missing(why: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why}: the browser test must run on CI (install Debian's chromium package).")
    pytest.skip(why)


@pytest.fixture(scope="module")
def app():
    """The page of a browser on a fresh server: .page, .url and .runs (finished script runs)."""
    if not browser.chromium_path():
        _missing("no Chromium at /usr/bin/chromium or on PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    with browser.serve() as url, sync_playwright() as p:
        br = browser.launch(p)
        try:
            page = br.new_page(viewport=browser.VIEWPORT)
            page.set_default_timeout(WAIT * 1000)
            yield SimpleNamespace(page=page, url=url, runs=browser.Runs(page))
        finally:
            br.close()


def word_model() -> str:
    names = [n for n in explorer.list_models() if explorer.load_model(n).card["tokenizer"] == "word"]
    if not names:
        pytest.skip("no word-level model installed")
    return "lstm-teach" if "lstm-teach" in names else names[0]


def assert_drawn(page, where: str) -> None:
    undrawn = browser.wait_drawn(page, WAIT)
    assert not undrawn, f"{where}: {undrawn}"
    errors = browser.exceptions(page)
    assert not errors, f"{where}: {errors}"


def test_shared_link_then_typing_then_every_tab(app, tmp_path):
    page, runs = app.page, app.runs
    link = browser.link(app.url, model=word_model(), text=SHARED, tab=views.VIEWS["predictions"])
    browser.open_link(page, runs, link, WAIT)
    assert_drawn(page, "the shared link")
    ticks = {t.strip() for t in browser.tick_labels(page)}
    assert set(SHARED.split()) <= ticks, sorted(ticks)

    browser.type_text(page, runs, TYPED, WAIT)
    browser.wait_for_ticks(page, TYPED.split(), WAIT)  # the charts now read the new sentence
    assert_drawn(page, "after typing")

    assert browser.tab_labels(page) == list(views.VIEWS.values())
    for name, label in views.VIEWS.items():
        browser.open_tab(page, runs, label, WAIT)
        assert_drawn(page, f"tab {label!r}")
        # The comparison may rightly say "no contrast pair after this word" instead of drawing.
        assert page.locator(browser.PLOT).count() or name == "compare", f"tab {label!r} drew no chart"
        page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert len(list(tmp_path.glob("*.png"))) == len(views.VIEWS)
