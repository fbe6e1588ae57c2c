"""git, asked safely: revisions checked before git sees them, output read within bounds.

Every git call of the generator goes through here. A revision comes from the command
line (`site_build.py diff BASE HEAD`) or from history; either way git must never read it
as an option (`--output=PATH` would make `git archive` write a file anywhere), so a
revision is checked, then resolved to a commit id with `--end-of-options`, and only that
id is passed on. Output that a pull request can make large (a commit listing a million
files) is read up to a limit, never whole.
"""

from __future__ import annotations

import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from ..data.errors import DataError, DataErrors

MAX_REVISION_CHARS = 200  # branch names and `origin/main~3` are short; anything longer is not a revision
MAX_LOG_BYTES = 16_000_000  # `git log --name-only` of this repository is a few KB


class GitError(DataErrors):
    """git cannot give what was asked: no git, no repository, no such revision, a refused
    revision. A DataErrors, so whatever reports data problems (site_build.py) reports this
    too; its report is the one bilingual sentence, not "problems in the data"."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en
        super().__init__([DataError("git", 0, 0, "", "git-failed", zh=zh, en=en)])

    def report(self) -> str:
        return f"{self.zh}\n{self.en}"


def check_revision(rev: str) -> str:
    """The revision, if git can only read it as a revision; GitError otherwise."""
    if not isinstance(rev, str) or not rev:
        raise GitError("缺少 git 版本号", "a git revision is needed (such as origin/main or HEAD~1)")
    shown = repr(rev[:60]) + ("…" if len(rev) > 60 else "")
    if rev.startswith("-"):
        raise GitError(f"git 版本号不能以“-”开头：{shown}", f"a git revision cannot start with '-': {shown}")
    if len(rev) > MAX_REVISION_CHARS:
        raise GitError(f"git 版本号太长（超过 {MAX_REVISION_CHARS} 个字符）",
                       f"a git revision is at most {MAX_REVISION_CHARS} characters: {shown}")
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in rev):
        raise GitError(f"git 版本号不能包含空格或控制字符：{shown}",
                       f"a git revision cannot contain spaces or control characters: {shown}")
    return rev


def run_git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """git's output; GitError when git is missing or the directory is not a repository."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True)
    except FileNotFoundError:
        raise GitError("找不到 git 命令：请安装 git", "git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        _check_repository(repo)
        raise subprocess.CalledProcessError(done.returncode, ["git", *args], done.stdout, done.stderr)
    return done.stdout


def _check_repository(repo: Path) -> None:
    done = subprocess.run(["git", "-C", str(repo), "rev-parse", "--git-dir"], capture_output=True)
    if done.returncode != 0:
        raise GitError(f"{repo} 不是 git 仓库", f"{repo} is not a git repository")


def resolve_commit(repo: Path, rev: str) -> str:
    """The full commit id a revision names; GitError for a refused or unknown revision."""
    check_revision(rev)
    try:
        out = run_git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except subprocess.CalledProcessError:
        shown = repr(rev)
        raise GitError(f"git 找不到版本 {shown}", f"git has no commit named {shown}") from None
    return out.decode("ascii").strip()


def read_bounded(repo: Path, args: list[str], limit: int) -> tuple[bytes, bool]:
    """Up to `limit` bytes of a git command's output, and whether it had more (then git is
    stopped). A command that fails, or git missing, gives (b"", False)."""
    try:
        proc = subprocess.Popen(["git", "-C", str(repo), *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        return b"", False
    with proc:
        assert proc.stdout is not None  # stdout=PIPE
        out = proc.stdout.read(limit + 1)
        more = len(out) > limit
        if more:
            proc.kill()
        else:
            proc.wait()
    if not more and proc.returncode != 0:
        return b"", False
    return out[:limit], more


@lru_cache(maxsize=8)
def last_changed(repo: Path, head: str = "") -> dict[str, str]:
    """path (relative to the repository) → date (YYYY-MM-DD) of the last commit that touched it.
    Empty outside a git repository. `head` only keys the cache (pass the HEAD sha).

    Newest first, so when the log is longer than MAX_LOG_BYTES (a commit that listed a
    huge number of files) the dates read so far are still right; older files lack a date.
    No rename detection: its cost grows with the square of a commit's added and deleted files."""
    out, more = read_bounded(repo, ["log", "--no-renames", "--format=%x00%cs", "--name-only", "--", "data", "content"],
                             MAX_LOG_BYTES)
    if more:
        out = out[: out.rfind(b"\n") + 1]  # the last line may be cut short
    dates: dict[str, str] = {}
    date = ""
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line and line not in dates:
            dates[line] = date  # newest first: the first date seen is the last change
    return dates


# ---- links to a file's pages on the repository's web host ("edit this page") ----------------

FORGES = ("github", "gitlab")  # the web layouts known; SITE_REPO_KIND names one (README, Settings)


def forge_of(repo_url: str, kind: str = "") -> str:
    """Whose URL layout the repository's web pages follow: `kind` when set (SITE_REPO_KIND, for
    a GitLab whose host name does not say so), else gitlab when the host's name contains
    "gitlab" (gitlab.com, gitlab.example.org), else github."""
    if kind:
        return kind
    return "gitlab" if "gitlab" in (urlsplit(repo_url).hostname or "") else "github"


def repo_link(repo_url: str, forge: str, action: str, branch: str, path: str) -> str:
    """A page of the repository's web host for `path` on `branch`: action edit (the editor),
    blob (the file) or tree (a folder). GitHub: {repo}/edit/main/path; GitLab puts its
    project pages under /-/: {repo}/-/edit/main/path."""
    return f"{repo_url}{'/-' if forge == 'gitlab' else ''}/{action}/{branch}/{path}"


def head_sha(repo: Path) -> str:
    try:
        return run_git(repo, "rev-parse", "--verify", "--quiet", "HEAD").decode("ascii").strip()
    except (GitError, subprocess.CalledProcessError):
        return ""
