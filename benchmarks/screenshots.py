"""Screenshots of the main views, for the docs and for looking at the app with a teacher's eye.

Runs the real app (one Streamlit server on loopback) in Debian's Chromium and opens the cafe
preset as its button does: the step on "certainly" (where the model must already know "sir") and
the unit whose cell state differs most from the girl's version there. Saves an element screenshot
of the main block per tab, white margins trimmed: docs/screenshots/{overview,cell,units,
predictions,saturation,compare}.png.

Run: python benchmarks/screenshots.py [--model lstm-teach] [--out docs/screenshots] [--full]
                                     [--text TEXT] [--step N] [--unit N] [--layer N]
(--full: whole-page screenshots, sidebar included, as a user sees them.)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import explorer
from benchmarks import browser
from explorer import presets, views

PRESET = presets.BY_KEY["cafe-boy"]  # a boy walked into a cafe ... the waiter said " certainly sir " .


def lesson(model: str) -> dict:
    """The preset as the app's button loads it: text, step, and the layer and unit found for this model."""
    return presets.resolve(explorer.load_model(model), PRESET)


def shoot_all(model: str, out: Path, full: bool = False, **view) -> list[Path]:
    """One screenshot per tab of the view (text, step, layer, unit); raises if a chart never draws
    or a tab shows an exception."""
    from playwright.sync_api import sync_playwright

    paths = []
    with browser.serve() as url, sync_playwright() as p:
        br = browser.launch(p)
        try:
            page = br.new_page(viewport=browser.VIEWPORT)
            runs = browser.Runs(page)
            for name, label in views.VIEWS.items():
                undrawn = browser.open_link(page, runs, browser.link(url, model=model, **view, tab=label))
                errors = browser.exceptions(page)
                if undrawn or errors:
                    raise RuntimeError(f"{label}: {undrawn}; exceptions: {errors}")
                path = out / f"{name}.png"
                if full:
                    page.screenshot(path=str(path), full_page=True)
                else:
                    browser.shoot_main(page, path)
                paths.append(path)
                print(path)
        finally:
            br.close()
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="lstm-teach")
    ap.add_argument("--out", type=Path, default=browser.ROOT / "docs" / "screenshots")
    ap.add_argument("--text", help="another text (default: the cafe preset)")
    for name in ("step", "unit", "layer"):
        ap.add_argument(f"--{name}", type=int)
    ap.add_argument("--full", action="store_true", help="whole page, sidebar included")
    args = ap.parse_args()
    if not browser.chromium_path():
        sys.exit("No Chromium found (/usr/bin/chromium or `chromium` on PATH).")
    view = lesson(args.model) if args.text is None else {"text": args.text}
    view.update({k: getattr(args, k) for k in ("step", "unit", "layer") if getattr(args, k) is not None})
    shoot_all(args.model, args.out, args.full, **view)


if __name__ == "__main__":
    main()
