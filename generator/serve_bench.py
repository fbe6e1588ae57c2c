"""How long `serve` takes to show a data edit (issue 8: under 2 s for the real site).

Run by `site_build.py bench` in a fresh process (`python -m generator.serve_bench WORK`),
it does what `site_build.py serve` does after an edit, on a copy of data/: a first
dirty build (every page), then a few edits of one service's English title in
its YAML file, each followed by the dirty rebuild `serve` runs. It prints JSON:
the time of each rebuild (wall and CPU: load the configuration, validate, the
hooks, render the pages that changed, search index), the pages it rewrote, and
the median against the target. A title is edited because every number in the
real data must appear in its quote from the plan, so an amount cannot change
without the plan changing too.
"""

from __future__ import annotations

import json
import logging
import shutil
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
EDITED_FILE = "data/cities/shangrao/items/box-08.yml"
EDITED_TEXT = "en: Radio listening}"
TARGET_S = 2.0


def dirty_build(root: Path, site: Path) -> tuple[float, float]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    wall, cpu = time.perf_counter(), time.process_time()
    config = load_config(str(PROJECT / "mkdocs.yml"), site_dir=str(site))
    config.extra["data_root"] = str(root)
    build(config, dirty=True)
    return time.perf_counter() - wall, time.process_time() - cpu


def page_times(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def measure(work: Path, edits: int = 3) -> dict:
    from generator import incremental

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    root, site = work / "project", work / "site"
    shutil.copytree(PROJECT / "data", root / "data")
    incremental.enable(True)  # as `site_build.py serve` (MkDocs's on_startup with dirty=True)
    first_wall, first_cpu = dirty_build(root, site)
    edited = root / EDITED_FILE
    text = edited.read_text(encoding="utf-8")
    if EDITED_TEXT not in text:
        return {"measured": False, "note": f"{EDITED_FILE} no longer holds {EDITED_TEXT!r}: update generator/serve_bench.py"}
    rebuilds = []
    for n in range(1, edits + 1):
        before = page_times(site)
        edited.write_text(text.replace(EDITED_TEXT, f"en: Radio listening (edit {n})}}"), encoding="utf-8")
        wall, cpu = dirty_build(root, site)
        after = page_times(site)
        rebuilt = sorted(p for p in after if after[p] != before.get(p))
        rebuilds.append({"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "html_files_rewritten": len(rebuilt),
                         "examples": rebuilt[:6]})
    median = statistics.median(r["wall_s"] for r in rebuilds)
    return {
        "measured": True,
        "edit": f"{EDITED_FILE}: one service's English title",
        "html_files": len(page_times(site)),
        "first_build_s": round(first_wall, 3), "first_build_cpu_s": round(first_cpu, 3),
        "rebuilds": rebuilds,
        "median_wall_s": round(median, 3),
        "median_cpu_s": round(statistics.median(r["cpu_s"] for r in rebuilds), 3),
        "target_s": TARGET_S,
    }


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT))
    print(json.dumps(measure(Path(sys.argv[1]))))
