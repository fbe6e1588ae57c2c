#!/usr/bin/env python3
"""Post the reader-facing report on a pull request (GitHub) or merge request (GitLab) as ONE
sticky comment: the first run creates it, each later push updates it, never a second one.

    python3 tools/pr_comment.py github --problems FILE --changes FILE [--preview URL]
    python3 tools/pr_comment.py gitlab --problems FILE --changes FILE [--preview URL]
    python3 tools/pr_comment.py body   --problems FILE --changes FILE [--preview URL]   (print it)

--problems: what `site_build.py validate` printed on stderr (empty or missing: the data is
valid); --changes: `site_build.py diff BASE HEAD --format markdown` (missing: not produced);
--preview: where the built site can be downloaded. The comment carries a hidden marker
(MARKER), by which the existing comment is found among the others.

GitHub: GITHUB_TOKEN, GITHUB_REPOSITORY, PR_NUMBER and GITHUB_API_URL (set in every workflow).
GitLab: GITLAB_REPORT_TOKEN (a project access token with the `api` scope: the job token
cannot write notes), CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID. Only the Python
standard library: it runs on a bare runner, and in tests against a fake API.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.request
from typing import NamedTuple
from pathlib import Path

MARKER = "<!-- site-report: sticky comment, updated on every push -->"
MAX_CHARS = 60_000  # GitHub refuses a comment over 65,536 characters; GitLab's limit is higher


def body(problems: str, changes: str | None, preview: str) -> str:
    """The comment, in Chinese and English: validation, the changes readers will see, the preview."""
    out = [MARKER, "## 网站检查 / Site check", ""]
    if problems.strip():
        fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", problems)), default=0))
        out += ["❌ **数据校验未通过 / The data does not validate**：出错的行上有标注 / the lines are annotated in the diff.",
                "", fence + "text", _clip(problems.strip(), MAX_CHARS // 2), fence, ""]
    else:
        out += ["✅ **数据有效 / The data is valid**", ""]
    if changes is not None and changes.strip():
        out += [_clip(changes.strip(), MAX_CHARS // 3), ""]
    else:
        out += ["读者将看到的变化未生成（数据未通过校验） / The changes readers will see were not produced "
                "(the data does not validate).", ""]
    if preview:
        out += [f"📦 [下载构建好的网站（预览） / Download the built site (preview)]({preview})", ""]
    else:
        out += ["没有预览：网站没有构建成功 / No preview: the site was not built.", ""]
    return "\n".join(out)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "\n… (truncated / 已截断)"


# ---- the two APIs ---------------------------------------------------------------------------


def _request(method: str, url: str, headers: dict, data: dict | None = None):
    request = urllib.request.Request(url, method=method, headers={**headers, "Content-Type": "application/json"},
                                     data=json.dumps(data).encode("utf-8") if data is not None else None)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def _find(list_url: str, headers: dict) -> dict | None:
    """The first comment holding MARKER, through every page of the list."""
    page = 1
    while True:
        comments = _request("GET", f"{list_url}?per_page=100&page={page}", headers)
        for comment in comments:
            if MARKER in (comment.get("body") or ""):
                return comment
        if len(comments) < 100:
            return None
        page += 1


class Thread(NamedTuple):
    """The comments of one pull or merge request, as one forge's API reaches them. (A NamedTuple,
    not a dataclass: tests load this script by its path, as a module sys.modules does not hold.)"""

    comments: str  # the list (read page by page) and where a new comment is posted
    headers: dict
    update: str  # the method that replaces a comment's body: PATCH (GitHub) or PUT (GitLab)
    comment: str  # one comment's URL, with {id}


def github_thread(env) -> Thread:
    api, repo, number = env.get("GITHUB_API_URL", "https://api.github.com"), env["GITHUB_REPOSITORY"], env["PR_NUMBER"]
    headers = {"Authorization": f"Bearer {env['GITHUB_TOKEN']}", "Accept": "application/vnd.github+json",
               "X-GitHub-Api-Version": "2022-11-28"}
    # A pull request's conversation is its issue's: comments are listed per issue, changed by id.
    return Thread(f"{api}/repos/{repo}/issues/{number}/comments", headers, "PATCH", f"{api}/repos/{repo}/issues/comments/{{id}}")


def gitlab_thread(env) -> Thread:
    notes = f"{env['CI_API_V4_URL']}/projects/{env['CI_PROJECT_ID']}/merge_requests/{env['CI_MERGE_REQUEST_IID']}/notes"
    return Thread(notes, {"PRIVATE-TOKEN": env["GITLAB_REPORT_TOKEN"]}, "PUT", f"{notes}/{{id}}")


def post_sticky(text: str, thread: Thread) -> str:
    """Update the comment holding MARKER, or create it: "created" or "updated"."""
    found = _find(thread.comments, thread.headers)
    if found is None:
        _request("POST", thread.comments, thread.headers, {"body": text})
        return "created"
    _request(thread.update, thread.comment.format(id=found["id"]), thread.headers, {"body": text})
    return "updated"


def main(argv: list[str] | None = None, env=os.environ) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("where", choices=("github", "gitlab", "body"))
    parser.add_argument("--problems", type=Path, required=True)
    parser.add_argument("--changes", type=Path, required=True)
    parser.add_argument("--preview", default="")
    args = parser.parse_args(argv)
    problems = args.problems.read_text(encoding="utf-8") if args.problems.is_file() else ""
    changes = args.changes.read_text(encoding="utf-8") if args.changes.is_file() else None
    text = body(problems, changes, args.preview)
    if args.where == "body":
        sys.stdout.write(text)
        return 0
    if args.where == "gitlab" and not env.get("GITLAB_REPORT_TOKEN"):
        print("GITLAB_REPORT_TOKEN is not set: no note on the merge request (the report is in the job's log)")
        sys.stdout.write(text)
        return 0
    done = post_sticky(text, (github_thread if args.where == "github" else gitlab_thread)(env))
    print(f"comment {done}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
