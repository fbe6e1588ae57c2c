"""One build context per build (generator/site/context.py): `serve` generates many times in one
process, and nothing one build asked for (charts, images) reaches the next.

Node and libvips are replaced by stand-ins that write what they were asked to draw: the unit
tier draws nothing, and what each build asked for is readable in its output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.generate import generate
from generator.site import chart_images, chart_svg
from generator.site.chart_svg import ChartRequests
from helpers import Project

pytestmark = pytest.mark.unit

INDICATOR = "preschool-enrolment-rate"
RENAMED = "preschool-three-year-enrolment"
IMAGES = "static/downloads/testcity"


@pytest.fixture
def drawn(monkeypatch, tmp_path) -> list[set[str]]:
    """Each Node run's requests (by label and size); SVGs that name what they show. The test's
    own cache folder: every chart is drawn by the build that asks for it."""
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "cache"))
    runs: list[set[str]] = []

    def fake_draw(requests: dict[str, dict]) -> dict[str, str]:
        runs.append({f"{r['label']}@{r['width']}" for r in requests.values()})
        return {key: f'<svg width="{r["width"]}" height="{r["height"]}"><desc>{json.dumps(r["label"])}</desc></svg>'
                for key, r in requests.items()}

    monkeypatch.setattr(chart_svg, "_draw", fake_draw)
    monkeypatch.setattr(chart_images, "_pngs", lambda svgs, cache: {svg: b"PNG" + svg.encode() for svg in svgs})
    return runs


def _charts_named_by_pages(tree: Path) -> set[str]:
    keys = set()
    for page in (tree / "shards").rglob("*.md"):
        keys |= set(re.findall(r"<!--chart-svg:([0-9a-f]{40})-->", page.read_text(encoding="utf-8")))
    return keys


def test_two_builds_in_one_process_ask_for_their_own_charts_and_images(tmp_path, drawn):
    first = Project(tmp_path / "first")
    second = Project(tmp_path / "second")
    # The second build's data: the indicator with another id (other image paths) and English name (other images).
    second.edit("data/cities/testcity/indicators.yml", f"id: {INDICATOR}", f"id: {RENAMED}")
    second.edit("data/cities/testcity/indicators.yml", "en: Three-year enrolment rate", "en: Enrolment rate (three years)")

    generate(first.root, tmp_path / "tree-first")
    generate(second.root, tmp_path / "tree-second")

    tree = tmp_path / "tree-second"
    images = sorted(p.name for p in (tree / IMAGES).glob("*.chart.*"))
    assert images and all(name.startswith(RENAMED + ".") for name in images), images  # none of the first build's
    # Its charts are exactly those its pages show: none left over from the first build.
    assert {p.stem for p in (tree / "charts").glob("*.svg")} == _charts_named_by_pages(tree) != set()
    # The second build's images show its own data.
    image = (tree / IMAGES / f"{RENAMED}.chart.en.svg").read_text(encoding="utf-8")
    assert "Enrolment rate (three years)" in image and "Three-year enrolment rate" not in image
    assert len(drawn) == 2 and drawn[1], "the second build's new charts were drawn in its own run"


def test_a_build_that_fails_leaves_nothing_for_the_next(tmp_path, drawn):
    """A build that stops after its pages asked for charts (Node missing, a data error found late):
    the next build starts with no request of it."""
    project = Project(tmp_path / "project")

    def fail(requests):
        raise chart_svg.ChartDrawingError("no Node here")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chart_svg, "_draw", fail)
        with pytest.raises(chart_svg.ChartDrawingError):
            generate(project.root, tmp_path / "tree")
    project.edit("data/cities/testcity/indicators.yml", f"id: {INDICATOR}", f"id: {RENAMED}")
    generate(project.root, tmp_path / "tree")
    images = sorted(p.name for p in (tmp_path / "tree" / IMAGES).glob("*.chart.*"))
    assert images and not any(name.startswith(INDICATOR + ".") for name in images), images


def test_chart_requests_belong_to_their_build(tmp_path):
    one, other = ChartRequests(tmp_path / "a"), ChartRequests(tmp_path / "b")
    key = one.request({"series": []}, "a chart", 340, 320)
    assert one.keys() == {key} and other.keys() == set()
    assert other.request({"series": []}, "a chart", 340, 320) == key  # the same chart: the same key in any build


def test_no_module_keeps_a_builds_chart_state():
    """The state lives in the build's context: the modules hold no request or image."""
    for module in (chart_svg, chart_images):
        kept = [name for name, value in vars(module).items() if isinstance(value, (dict, list, set)) and not name.isupper() and not name.startswith("__")]
        assert kept == [], f"{module.__name__} keeps {kept}"
