"""Lists of located errors (generator/data/errors.py) rendered for where the webmaster looks:

- `terminal(errors)`: the report `site_build.py validate` prints (place, code, English,
  Chinese, hints);
- `github(errors)`: GitHub workflow commands (`::error file=…,line=…::…`), which GitHub
  shows as annotations on the changed lines of a pull request;
- `gitlab_codequality(errors)`: GitLab's Code Quality report (JSON), shown inline on a
  merge request's diff;
- `html(errors, lang)`: an escaped HTML list, for pages (the development server).

`site_build.py validate --format text|github|gitlab-codequality` picks one.
"""

from __future__ import annotations

import hashlib
import html as _html
import json
from collections.abc import Iterable

from .errors import DataError

FORMATS = ("text", "github", "gitlab-codequality")


def terminal(errors: Iterable[DataError]) -> str:
    errors = list(errors)
    n = len(errors)
    lines = [f"数据有 {n} 处错误 / {n} problem{'s' if n != 1 else ''} in the data:"]
    for e in errors:
        lines.append(f"  {e}")
        lines.append(f"      {e.text('zh')}")
        lines.append(f"      提示 / hint: {e.hint('zh')} / {e.hint('en')}")
    return "\n".join(lines)


# ---- GitHub workflow commands ------------------------------------------------------------
# https://docs.github.com/actions/reference/workflow-commands-for-github-actions
# The runner reads `::error <properties>::<message>` lines from the job's output. In the
# message %, CR and LF are escaped; in a property value also `:` and `,` (they separate
# properties), as @actions/core does (toCommandValue / escapeProperty).


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(e: DataError) -> str:
    properties = [("file", e.file)]
    if e.line:
        properties += [("line", str(e.line)), ("col", str(e.column))]
    properties.append(("title", f"[{e.code}] {e.field}" if e.field else f"[{e.code}]"))
    shown = ",".join(f"{name}={_escape_property(value)}" for name, value in properties)
    message = f"{e.message}\n{e.text('zh')}\n提示 / hint: {e.hint('zh')} / {e.hint('en')}"
    return f"::error {shown}::{_escape_data(message)}"


def github(errors: Iterable[DataError]) -> str:
    return "".join(github_annotation(e) + "\n" for e in errors)


# ---- GitLab Code Quality -----------------------------------------------------------------
# https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format


def fingerprint(e: DataError) -> str:
    """Stable across unrelated edits (no line number): the same problem keeps its identity
    from one pipeline to the next, so GitLab shows it as unchanged, not as fixed and new."""
    key = json.dumps([e.code, e.file, e.field, e.params], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def gitlab_issue(e: DataError) -> dict:
    where = f"{e.field}: " if e.field else ""
    return {
        "description": f"[{e.code}] {where}{e.message} / {e.text('zh')}",
        "check_name": e.code,
        "fingerprint": fingerprint(e),
        "severity": "major",
        "location": {"path": e.file, "lines": {"begin": max(e.line, 1)}},
    }


def gitlab_codequality(errors: Iterable[DataError]) -> str:
    return json.dumps([gitlab_issue(e) for e in errors], ensure_ascii=False, indent=2) + "\n"


# ---- HTML -----------------------------------------------------------------------------


def html(errors: Iterable[DataError], lang: str) -> str:
    """An ordered list, one item per error: place, code, message and hint in `lang`. Every
    value is escaped (a file name or a quoted value comes from the data)."""
    esc = _html.escape
    items = []
    for e in errors:
        field = f" <code>{esc(e.field)}</code>" if e.field else ""
        items.append(f'<li class="data-error" data-code="{esc(e.code)}"><code>{esc(e.where)}</code>{field} '
                     f'<code>[{esc(e.code)}]</code> {esc(e.text(lang))}<br>{esc(e.hint(lang))}</li>')
    return '<ol class="data-errors">' + "".join(items) + "</ol>"


def render(errors: Iterable[DataError], fmt: str) -> str:
    """The errors in one of FORMATS."""
    if fmt == "github":
        return github(errors)
    if fmt == "gitlab-codequality":
        return gitlab_codequality(errors)
    return terminal(errors) + "\n"
