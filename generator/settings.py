"""The build's settings from the environment (README.md, "Settings"), read in one place.

mkdocs.yml reads the same variables with the same defaults (`!ENV`) for the engine's own
use; the generate stage reads them here, so that it needs no engine to know them, and
hands them to the engine in the generated tree's manifest (generator/generate.py).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

from .paths import PROJECT

from .data.messages import render

# An absolute http(s) address with nothing a page, a feed or a shell could misread: these
# values go into every canonical link, citation, embed snippet, sitemap and feed.
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$")
_NO_QUOTES = re.compile(r"^[^'\"<>\\]*$")


class SettingError(ValueError):
    """An environment setting that cannot be used (a usage error: exit status 2), with its
    error code (generator/data/messages.py): `code`, `params`."""

    def __init__(self, code: str, name: str, value: str, **more: str):
        shown = value if len(value) <= 80 else value[:77] + "..."
        shown = repr(shown.encode("unicode_escape").decode("ascii"))
        self.code, self.params = code, {"name": name, "value": shown, **more}
        super().__init__(f"[{code}] {render(code, self.params, 'zh')}\n[{code}] {render(code, self.params, 'en')}")


def _url(name: str, default: str) -> str:
    value = os.environ.get(name) or default
    if value and not (_URL.match(value) and _NO_QUOTES.match(value)):
        raise SettingError("bad-url-setting", name, value)
    return value


def site_url() -> str:
    """Where the site is published, ending with a slash; "" when SITE_URL is not set.

    Without it the build knows no address to give: links stay relative and whatever needs
    an absolute address is left out or says it is not set (README.md, "Settings"): no
    canonical link, no sitemap, feeds with relative links, citations and embed code that
    say the address is not set. Never a guessed address such as this machine's."""
    url = _url("SITE_URL", "")
    return url if not url or url.endswith("/") else url + "/"


def site_url_is_set() -> bool:
    return bool(os.environ.get("SITE_URL"))


def site_url_required() -> bool:
    """Whether a build must have SITE_URL: on CI (CI=true, which GitHub Actions, GitLab CI and
    most CI services set) and wherever SITE_URL_REQUIRED=1, so that a site built to be
    published never ships without its address. SITE_URL_REQUIRED=0 lifts it (a CI job that
    builds a preview on purpose). `serve` and `generate` never require it."""
    flag = os.environ.get("SITE_URL_REQUIRED", "")
    if flag in ("0", "1"):
        return flag == "1"
    if flag:
        raise SettingError("bad-required-flag", "SITE_URL_REQUIRED", flag)
    return os.environ.get("CI", "").lower() in ("true", "1")


def check_site_url() -> str:
    """The site's address, or a refusal when it is required and missing; "" when it may be."""
    url, required = site_url(), site_url_required()  # both checked, whatever their values
    if not url and required:
        why = "SITE_URL_REQUIRED=1" if os.environ.get("SITE_URL_REQUIRED") == "1" else "CI=true"
        raise SettingError("site-url-required", "SITE_URL", "", why=why)
    return url


def repo_url(root: Path | None = None) -> str:
    """The repository holding data/, as a web address: turns on the "edit this" links.
    SITE_REPO_URL when set (refused if it is not a plain http(s) address); else the web
    address of the git remote `origin` of `root` (the project by default); "" when there is
    neither (repo_url_warning() then says why)."""
    if os.environ.get("SITE_REPO_URL"):
        return _url("SITE_REPO_URL", "").rstrip("/")
    return _origin_web_url(Path(root or PROJECT).resolve()) or ""


def repo_url_warning(root: Path | None = None) -> str:
    """The bilingual note to print when there will be no "edit" link; "" when there will be."""
    if repo_url(root):
        return ""
    return ("注意：未设置 SITE_REPO_URL，git 远程仓库 origin 也没有可用的网址（http:// 或 https://），页面上不会有“修改本页的数据”链接。\n"
            "note: SITE_REPO_URL is not set and the git remote `origin` has no usable web address (http:// or https://), "
            "so pages have no \"edit\" links; set SITE_REPO_URL (README, Settings).")


def _origin_web_url(root: Path) -> str | None:
    """The web address of `git remote get-url origin` in `root`, or None (no git, no
    repository, no origin, or a remote that is not a web host). Asked each time, not
    remembered: a build reads it once (generator/site/context.py), and under `serve` the
    remote may change between builds."""
    try:
        done = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"],
                              capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return web_url_of_remote(done.stdout[:2000].decode("utf-8", "replace").strip())


# git remotes as git writes them: git@host:owner/repo.git (scp-like), ssh://[user@]host[:port]/path,
# git://host/path and http(s)://[user[:secret]@]host[:port]/path[.git]
_SCP_LIKE = re.compile(r"^(?:[A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+):(?!//)/*([^\\]+)$")
_WITH_SCHEME = re.compile(r"^(https?|ssh|git)://(?:[^@/]*@)?([A-Za-z0-9.-]+)(?::(\d{1,5}))?(/[^\\]*)$")


def web_url_of_remote(remote: str) -> str | None:
    """A git remote's https web address (git@github.com:o/r.git → https://github.com/o/r), or None.

    The remote is not trusted (a clone's configuration): credentials in it (https://user:token@…)
    are never kept, and what comes out must pass the same check as SITE_REPO_URL. A local
    path, file:// or anything else is not a web address: None."""
    found = _WITH_SCHEME.match(remote)
    if found:
        scheme, host, port, path = found.groups()
        # Over ssh or git://, the web address is the host's https site, without the ssh port.
        url = f"{scheme}://{host}{':' + port if port else ''}{path}" if scheme in ("http", "https") else f"https://{host}{path}"
    else:
        found = _SCP_LIKE.match(remote)
        if not found or "/" not in found.group(2) or len(found.group(1)) < 2:  # C:/… is a Windows path
            return None
        url = f"https://{found.group(1)}/{found.group(2)}"
    url = url.rstrip("/").removesuffix(".git").rstrip("/")
    if url.count("/") < 3 or not (_URL.match(url) and _NO_QUOTES.match(url)):
        return None
    return url


def repo_branch() -> str:
    return os.environ.get("SITE_REPO_BRANCH") or "main"


def repo_kind() -> str:
    """SITE_REPO_KIND: github or gitlab, whose web layout the "edit" links follow; "" when unset
    (then told from the repository's host name: generator/site/gitinfo.py, forge_of)."""
    kind = os.environ.get("SITE_REPO_KIND", "")
    if kind and kind not in ("github", "gitlab"):
        raise SettingError("bad-repo-kind", "SITE_REPO_KIND", kind)
    return kind


def build_datetime() -> dt.datetime:
    """The build time, pinned by SOURCE_DATE_EPOCH (reproducible-builds.org), as MkDocs does."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        if not re.fullmatch(r"\d{1,11}", epoch):
            raise SettingError("bad-source-date-epoch", "SOURCE_DATE_EPOCH", epoch)
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def shard_cache_enabled() -> bool:
    """SITE_SHARD_CACHE: 0 renders every shard at every build (the benchmark's "render everything");
    1 or unset keeps rendered shards in the cache folder and restores them (generator/shard_cache.py)."""
    flag = os.environ.get("SITE_SHARD_CACHE", "")
    if flag not in ("", "0", "1"):
        raise SettingError("bad-shard-cache-flag", "SITE_SHARD_CACHE", flag)
    return flag != "0"


def cache_dir(project: Path) -> Path:
    """SITE_CACHE_DIR, default `project`/.cache. Builds write into it and serve deletes its own
    work there, so it must be an absolute path to a folder (or to nothing yet), and never the
    project or a folder in it other than .cache/: a cache in theme/ or data/ would be read as
    part of the site, one in site/ replaced by the next build."""
    value = os.environ.get("SITE_CACHE_DIR")
    default = project / ".cache"
    if not value:
        return default
    if not os.path.isabs(value) or re.search(r"[\x00-\x1f\x7f]", value):
        raise SettingError("bad-cache-dir", "SITE_CACHE_DIR", value)
    folder = Path(os.path.normpath(value))
    real, home, cache = folder.resolve(), project.resolve(), default.resolve()
    if (real == home or home in real.parents) and not (real == cache or cache in real.parents):
        raise SettingError("cache-dir-in-project", "SITE_CACHE_DIR", value)
    if real.exists() and not real.is_dir():
        raise SettingError("cache-dir-not-folder", "SITE_CACHE_DIR", value)
    return folder
