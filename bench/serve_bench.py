"""How long `serve` takes to show a data edit (issue 8: under 2 s for the real site).

Run by `site_build.py bench` in a fresh process (`python -m bench.serve_bench WORK`),
it does what `site_build.py serve` does after an edit (generator/serve.py), on a copy of
data/: a first build (every shard), then a few edits of one service's English title in
its YAML file, each followed by the rebuild `serve` runs (generate again, render the
shards whose files changed, finish). It prints JSON: the time of each rebuild and its
stages, the pages it rewrote, and the median against the target. A title is edited
because every number in the real data must appear in its quote from the plan, so an
amount cannot change without the plan changing too.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
EDITED_FILE = "data/cities/shangrao/items/box-08.yml"
EDITED_TEXT = "en: Radio}"
TARGET_S = 2.0


def page_times(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def measure(work: Path, edits: int = 3, jobs: int | None = None) -> dict:
    from generator.serve import Server

    root = work / "project"
    shutil.copytree(PROJECT / "data", root / "data")
    server = Server(root, work / "serve", jobs=jobs)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        first = server.rebuild()
        first_wall, first_cpu = time.perf_counter() - wall, time.process_time() - cpu
        edited = root / EDITED_FILE
        text = edited.read_text(encoding="utf-8")
        if EDITED_TEXT not in text:
            return {"measured": False, "note": f"{EDITED_FILE} no longer holds {EDITED_TEXT!r}: update bench/serve_bench.py"}
        rebuilds = []
        for n in range(1, edits + 1):
            before = page_times(server.site)
            edited.write_text(text.replace(EDITED_TEXT, f"en: Radio listening (edit {n})}}"), encoding="utf-8")
            report = server.rebuild()
            after = page_times(server.site)
            rebuilt = sorted(p for p in after if after[p] != before.get(p))
            rebuilds.append({"wall_s": report["total_s"], **{k: v for k, v in report.items() if k != "total_s"},
                             "html_files_rewritten": len(rebuilt), "examples": rebuilt[:6]})
        median = statistics.median(r["wall_s"] for r in rebuilds)
        return {
            "measured": True,
            "edit": f"{EDITED_FILE}: one service's English title",
            "html_files": len(page_times(server.site)),
            "first_build_s": round(first_wall, 3), "first_build_parent_cpu_s": round(first_cpu, 3),
            "first_build": first,
            "rebuilds": rebuilds,
            "median_wall_s": round(median, 3),
            "target_s": TARGET_S,
        }
    finally:
        server.close()


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
