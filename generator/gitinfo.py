"""When each file last changed, from git history (one `git log` for the whole tree)."""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def last_changed(repo: Path, head: str = "") -> dict[str, str]:
    """path (relative to the repository) → date (YYYY-MM-DD) of the last commit that touched it.
    Empty outside a git repository. `head` only keys the cache (pass the HEAD sha)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "log", "--format=%x00%cs", "--name-only", "--", "data", "content"],
            capture_output=True, text=True, check=True,
        ).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line and line not in dates:
            dates[line] = date  # newest first: the first date seen is the last change
    return dates


def head_sha(repo: Path) -> str:
    try:
        return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return ""
