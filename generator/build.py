"""Stage 6: build the site atomically — into a temporary folder, swapped in on success.

A failed build (bad data, a broken link under `strict`) leaves the previous
site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from .validate import Dataset, load_dataset_cached

PROJECT = Path(__file__).resolve().parent.parent


def build_site(root: Path, site_dir: Path, config_file: Path | None = None) -> Dataset:
    """Validate, build into a sibling temp folder, then swap it into place."""
    dataset = load_dataset_cached(root)  # raises DataErrors before anything is written; the hooks reuse it
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # A sibling folder: same filesystem, so the final rename is atomic.
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        config = load_config(str(config_file or PROJECT / "mkdocs.yml"), site_dir=str(staging))
        config.extra["data_root"] = str(root)
        mkdocs_build(config)
        _swap(staging, site_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return dataset


def _swap(new: Path, target: Path) -> None:
    if not target.exists():
        os.replace(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.replace(target, old / "site")
    try:
        os.replace(new, target)
    except OSError:
        os.replace(old / "site", target)  # put the previous site back
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
