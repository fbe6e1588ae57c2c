"""One build's context: what a generate run reads once and what it collects, passed down.

`serve` builds many times in one process. State kept in modules (the charts a build asked
for, the images it will publish, a renderer fingerprint read at its first chart) would carry
one build's requests into the next, or answer with what an earlier build read; so every such
thing lives here, in an object made once per build (generator/generate.py) and dropped with
it. What stays in modules is memoisation of facts that cannot change while the process runs
(the code's own fingerprint, an installed package's version, the machine's CJK font), or of
pure functions, or caches keyed by the content they were made from (generator/caching.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import settings
from ..data.validate import Dataset
from .chart_images import ChartImages
from .chart_svg import ChartRequests
from .gitinfo import forge_of


@dataclass
class BuildContext:
    root: Path  # the folder holding data/ (and content/)
    dataset: Dataset
    cache_dir: Path  # read once: SITE_CACHE_DIR cannot change halfway through a build
    site_url: str  # SITE_URL, "" when not set
    build_time: dt.datetime  # read once: without SOURCE_DATE_EPOCH it is the clock's
    repo_url: str  # the "edit this" links' repository; "" for none
    repo_branch: str
    repo_forge: str = "github"  # whose web layout its links follow (gitinfo.forge_of): github or gitlab
    charts: ChartRequests = field(init=False)
    images: ChartImages = field(init=False)

    @property
    def built(self) -> str:
        """The build date (YYYY-MM-DD): the citations' access date."""
        return self.build_time.strftime("%Y-%m-%d")

    def __post_init__(self) -> None:
        self.charts = ChartRequests(self.cache_dir / "chart-svg")
        self.images = ChartImages(self.charts, self.cache_dir / "chart-png", self.site_url)

    @classmethod
    def start(cls, root: Path, dataset: Dataset, cache_dir: Path) -> BuildContext:
        """The context of a build starting now: the settings as they are now."""
        repo_url = settings.repo_url()
        return cls(root, dataset, cache_dir, settings.site_url(), settings.build_datetime(),
                   repo_url, settings.repo_branch(), forge_of(repo_url, settings.repo_kind()))
