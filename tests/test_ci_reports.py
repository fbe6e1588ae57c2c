"""Errors where the webmaster looks (issue 17, point 4), tested offline:

- `site_build.py validate --format github` prints GitHub workflow commands, escaped by
  GitHub's rules, that put each error on its line of the pull request's diff;
- `--format gitlab-codequality` writes GitLab's Code Quality report;
- tools/pr_comment.py keeps ONE sticky comment per pull/merge request, against a fake API;
- the workflow's own steps, run locally on a fixture pull request (tests/fixtures/broken-value
  laid over tests/fixtures/good, in a git repository with an `origin`), annotate the broken
  line and leave one comment that is updated, not repeated, when the fix is pushed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from helpers import GOOD

from generator.data.errors import DataError
from generator.data.report import fingerprint, github_annotation, gitlab_codequality

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "fixtures" / "broken-value"
BROKEN_FILE = "data/cities/testcity/indicators.yml"

def _load_tool(name: str, path: Path | None = None):
    """A script of tools/ (or `path`) as a module (tools/ is not a package, and nothing edits sys.path)."""
    spec = importlib.util.spec_from_file_location(name, path or ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pr_comment = _load_tool("pr_comment")
site_build = _load_tool("site_build", ROOT / "site_build.py")

# Unit tier (tests/conftest.py gives it), but for the two end-to-end runs of the CI jobs marked build.


def broken_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(GOOD, root)
    shutil.copytree(BROKEN, root, dirs_exist_ok=True)
    return root


def validate(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`site_build.py validate` run in this process, its output captured: the same code without
    an interpreter and its imports per run (0.6 s of CPU each). One test runs the real command."""
    argv = ["validate", "--root", str(root), *args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = site_build.main(argv)
    return subprocess.CompletedProcess(argv, status, out.getvalue(), err.getvalue())


def validate_in_a_process(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The command itself, as CI runs it: its exit status, stdout and stderr as a process's."""
    return subprocess.run([sys.executable, str(ROOT / "site_build.py"), "validate", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120)


def broken_line() -> int:
    lines = (BROKEN / BROKEN_FILE).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if "value: 95%" in line)


# ---- GitHub annotations ------------------------------------------------------------------------


def unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_command(line: str) -> tuple[dict[str, str], str]:
    m = re.fullmatch(r"::error (?P<props>[^:]*)::(?P<message>.*)", line)
    assert m, line
    props = dict(p.split("=", 1) for p in m["props"].split(","))
    return {k: unescape(v) for k, v in props.items()}, unescape(m["message"])


def test_a_broken_value_is_annotated_on_its_line(tmp_path):
    run = validate_in_a_process(broken_project(tmp_path), "--format", "github")
    assert run.returncode == 1, run.stderr
    [line] = run.stdout.splitlines()
    props, message = parse_command(line)
    assert props == {"file": BROKEN_FILE, "line": str(broken_line()), "col": "21",
                     "title": "[not-a-number] indicators[0].target.value"}
    english, chinese, hint = message.split("\n")
    assert english == 'expected a number, got "95%"' and chinese == '应为数字，实际是 "95%"' and "1250" in hint
    assert "[not-a-number]" in run.stderr  # the readable report goes to the log as well


def test_valid_data_prints_no_annotation(tmp_path):
    run = validate(GOOD, "--format", "github")
    assert run.returncode == 0 and run.stdout == "", run.stdout + run.stderr
    assert "数据有效 / data is valid" in run.stderr


def test_annotations_escape_what_github_would_read_as_syntax():
    """In the message %, CR and LF; in a property also `:` and `,`, which separate properties:
    a file name or a value from the pull request cannot end the command or forge another."""
    error = DataError("data/a,b:c%.yml", 3, 4, "x", "not-a-number", value='"1%\r\n::error file=x::forged"')
    line = github_annotation(error)
    assert "\n" not in line and "\r" not in line
    assert line.startswith("::error file=data/a%2Cb%3Ac%25.yml,line=3,col=4,title=[not-a-number] x::")
    props, message = parse_command(line)
    assert props["file"] == "data/a,b:c%.yml"
    # The value's own line break was escaped with the error (see the next test); the message's
    # lines (English, Chinese, hint) are joined by %0A, and its % signs are %25.
    english, chinese, hint = message.split("\n")
    assert english == 'expected a number, got "1%\\r\\n::error file=x::forged"'
    assert "%0A" in line and "95%25" in line


def test_a_whole_file_problem_is_annotated_on_the_file():
    props, _ = parse_command(github_annotation(DataError("data/x.yml", 0, 0, "", "file-empty")))
    assert props == {"file": "data/x.yml", "title": "[file-empty]"}


# ---- GitLab Code Quality --------------------------------------------------------------------


def test_the_code_quality_report_locates_the_broken_value(tmp_path):
    out = tmp_path / "gl-code-quality-report.json"
    run = validate(broken_project(tmp_path), "--format", "gitlab-codequality", "--output", str(out))
    assert run.returncode == 1 and "[not-a-number]" in run.stderr
    [issue] = json.loads(out.read_text(encoding="utf-8"))
    assert issue["check_name"] == "not-a-number" and issue["severity"] == "major"
    assert issue["location"] == {"path": BROKEN_FILE, "lines": {"begin": broken_line()}}
    assert issue["description"].startswith("[not-a-number] indicators[0].target.value: expected a number")
    assert "应为数字" in issue["description"] and re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])


def test_valid_data_gives_an_empty_code_quality_report(tmp_path):
    out = tmp_path / "report.json"
    assert validate(GOOD, "--format", "gitlab-codequality", "--output", str(out)).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8")) == []


def test_a_fingerprint_survives_lines_moving_but_not_another_problem():
    a = DataError("data/x.yml", 3, 4, "f", "not-a-number", value='"1%"')
    moved = DataError("data/x.yml", 9, 4, "f", "not-a-number", value='"1%"')
    other = DataError("data/x.yml", 3, 4, "f", "not-a-number", value='"2%"')
    assert fingerprint(a) == fingerprint(moved) != fingerprint(other)
    issues = json.loads(gitlab_codequality([a, other]))
    assert len({i["fingerprint"] for i in issues}) == 2


# ---- the sticky comment, against a fake API --------------------------------------------------


class FakeApi:
    """Just enough of GitHub's issue comments and GitLab's merge request notes."""

    def __init__(self):
        self.comments: list[dict] = []
        self.tokens: set[str] = set()
        self.writes: list[tuple[str, str]] = []  # (method, path) of every request that writes
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status: int, data) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _body(self) -> dict:
                return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

            def _auth(self) -> None:
                api.tokens.add(self.headers.get("Authorization") or self.headers.get("PRIVATE-TOKEN"))

            def do_GET(self):
                self._auth()
                url = urlparse(self.path)
                query = parse_qs(url.query)
                per_page, page = int(query["per_page"][0]), int(query["page"][0])
                self._reply(200, api.comments[(page - 1) * per_page: page * per_page])

            def do_POST(self):
                self._auth()
                api.writes.append(("POST", self.path))
                comment = {"id": 1000 + len(api.comments), "body": self._body()["body"]}
                api.comments.append(comment)
                self._reply(201, comment)

            def _update(self):
                self._auth()
                api.writes.append((self.command, self.path))
                comment_id = int(self.path.rstrip("/").rsplit("/", 1)[1])
                [comment] = [c for c in api.comments if c["id"] == comment_id]
                comment["body"] = self._body()["body"]
                self._reply(200, comment)

            do_PATCH = do_PUT = _update

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # A short poll: shutdown() waits for the loop to notice (0.5 s by default, at every test's end).
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def ours(self) -> list[dict]:
        return [c for c in self.comments if pr_comment.MARKER in c["body"]]


@pytest.fixture
def fake_api():
    api = FakeApi()
    yield api
    api.stop()


def github_env(api: FakeApi) -> dict:
    return {"GITHUB_API_URL": api.url, "GITHUB_REPOSITORY": "example/site", "PR_NUMBER": "7", "GITHUB_TOKEN": "t0k"}


def test_one_github_comment_is_created_then_updated(fake_api, tmp_path):
    # 120 comments by people first: the sticky one is found on the second page of the list.
    fake_api.comments += [{"id": i, "body": f"comment {i}"} for i in range(120)]
    problems, changes = tmp_path / "problems.txt", tmp_path / "changes.md"
    problems.write_text("数据有 1 处错误 / 1 problem in the data:\n  x.yml:1:1: [not-a-number] ```", encoding="utf-8")
    args = ["github", "--problems", str(problems), "--changes", str(changes), "--preview", ""]
    assert pr_comment.main(args, env=github_env(fake_api)) == 0
    [first] = fake_api.ours()
    assert "数据校验未通过" in first["body"] and "[not-a-number]" in first["body"] and "没有预览" in first["body"]
    assert "````text" in first["body"]  # a fence longer than the backticks inside the report
    problems.write_text("", encoding="utf-8")
    changes.write_text("### 数据变化 / Data changes (1)\n- 测试市 · 指标：已删除\n", encoding="utf-8")
    args[-1] = "https://github.com/example/site/actions/runs/1/artifacts/2"
    assert pr_comment.main(args, env=github_env(fake_api)) == 0
    [second] = fake_api.ours()
    assert second["id"] == first["id"] and len(fake_api.comments) == 121
    assert "数据有效" in second["body"] and "已删除" in second["body"] and "artifacts/2" in second["body"]
    assert fake_api.tokens == {"Bearer t0k"}
    assert fake_api.writes == [("POST", "/repos/example/site/issues/7/comments"),
                               ("PATCH", f"/repos/example/site/issues/comments/{first['id']}")]


def test_one_gitlab_note_is_created_then_updated(fake_api, tmp_path):
    env = {"CI_API_V4_URL": fake_api.url, "CI_PROJECT_ID": "12", "CI_MERGE_REQUEST_IID": "3", "GITLAB_REPORT_TOKEN": "glpat"}
    args = ["gitlab", "--problems", str(tmp_path / "none.txt"), "--changes", str(tmp_path / "none.md")]
    for _ in range(2):
        assert pr_comment.main(args, env=env) == 0
    [note] = fake_api.comments
    assert pr_comment.MARKER in note["body"] and fake_api.tokens == {"glpat"}
    assert fake_api.writes == [("POST", "/projects/12/merge_requests/3/notes"),
                               ("PUT", f"/projects/12/merge_requests/3/notes/{note['id']}")]


def test_without_a_gitlab_token_the_report_goes_to_the_log(fake_api, tmp_path, capsys):
    env = {"CI_API_V4_URL": fake_api.url, "CI_PROJECT_ID": "12", "CI_MERGE_REQUEST_IID": "3"}
    assert pr_comment.main(["gitlab", "--problems", "x", "--changes", "y"], env=env) == 0
    assert fake_api.comments == [] and pr_comment.MARKER in capsys.readouterr().out


# ---- the workflow's steps, run locally on a fixture pull request ----------------------------

WORKFLOW = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text(encoding="utf-8"))


def step(job: str, name: str) -> dict:
    return next(s for s in WORKFLOW["jobs"][job]["steps"] if s.get("name") == name)


def run_step(job: str, name: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """A step's `run` script as GitHub runs it (bash -eo pipefail), with its `env` filled in
    from `env` (the test's values for the workflow's ${{ }} expressions)."""
    s = step(job, name)
    assert "${{" not in s["run"], "expressions belong in the step's env, where the test can set them"
    values = {key: env[key] for key in s.get("env", {})}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s["run"]], cwd=cwd,
                          env={**os.environ, **env, **values}, capture_output=True, text=True, timeout=300)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def fixture_pr(tmp_path) -> Path:
    """A repository like this one (its code, the good fixture's data) with an `origin` whose
    `main` is that, checked out on a pull request branch that breaks one value."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("generator", "content", "theme", "tools", "site_build.py"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo / name,
                                                                **({"ignore": shutil.ignore_patterns("__pycache__")} if source.is_dir() else {}))
    shutil.copytree(GOOD / "data", repo / "data")
    (repo / ".venv").symlink_to(Path(sys.executable).parent.parent)
    (repo / ".gitignore").write_text(".venv\n__pycache__/\npr-report/\n.cache/\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(tmp_path / "origin.git"))
    git(repo, "remote", "add", "origin", str(tmp_path / "origin.git"))
    git(repo, "checkout", "-q", "-b", "pr")
    shutil.copytree(BROKEN, repo, dirs_exist_ok=True)
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-am", "break a value")
    return repo


@pytest.mark.build  # no site is built, but it runs CI's jobs end to end (a dozen processes): not a unit test
def test_the_workflow_steps_annotate_the_line_and_keep_one_comment(fixture_pr, fake_api, tmp_path):
    summary = tmp_path / "summary.md"
    env = {"BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary), **github_env(fake_api),
           "PREVIEW_URL": "", "GITHUB_TOKEN": "t0k"}
    validated = run_step("validate", "Validate the data (each error annotated on its line)", fixture_pr, env)
    assert validated.returncode == 1
    props, _ = parse_command(validated.stdout.strip())
    assert (props["file"], props["line"]) == (BROKEN_FILE, str(broken_line()))
    reported = run_step("validate", "Report what changes for readers", fixture_pr, env)
    assert reported.returncode == 0, reported.stderr
    assert "[not-a-number]" in summary.read_text(encoding="utf-8")
    posted = run_step("comment", "Post or update the sticky comment", fixture_pr, env)
    assert posted.returncode == 0, posted.stdout + posted.stderr
    [comment] = fake_api.ours()
    assert "数据校验未通过" in comment["body"] and "[not-a-number]" in comment["body"]

    # The fix is pushed: the value is repaired and an indicator removed, which readers will notice.
    indicators = fixture_pr / BROKEN_FILE
    text = (GOOD / BROKEN_FILE).read_text(encoding="utf-8")
    indicators.write_text(text[: text.index("\n  - id: public-rental-housing-coverage")] + "\n", encoding="utf-8")
    git(fixture_pr, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-am", "fix")
    assert run_step("validate", "Validate the data (each error annotated on its line)", fixture_pr, env).returncode == 0
    assert run_step("validate", "Report what changes for readers", fixture_pr, env).returncode == 0
    env["PREVIEW_URL"] = "https://github.com/example/site/actions/runs/1/artifacts/2"
    assert run_step("comment", "Post or update the sticky comment", fixture_pr, env).returncode == 0
    [updated] = fake_api.ours()
    assert updated["id"] == comment["id"] and len(fake_api.comments) == 1
    assert "数据有效" in updated["body"] and "已删除" in updated["body"] and "removed" in updated["body"]
    assert "artifacts/2" in updated["body"]


# ---- the other renderings: terminal and HTML ------------------------------------------------


def test_the_html_rendering_escapes_what_comes_from_the_data():
    from generator.data.report import html

    error = DataError("data/<b>.yml", 2, 3, "items[0].title", "unknown-key", key="<script>alert(1)</script>")
    zh, en = html([error], "zh"), html([error], "en")
    assert "<script>" not in zh + en and "&lt;script&gt;" in en and "&lt;b&gt;" in en
    assert 'data-code="unknown-key"' in en and "无法识别的键" in zh and "unknown key" in en
    assert zh.startswith('<ol class="data-errors"><li') and zh.count("<li") == 1


def test_the_text_format_is_the_terminal_report(tmp_path):
    run = validate(broken_project(tmp_path))
    assert run.returncode == 1 and run.stdout == ""
    lines = run.stderr.splitlines()
    assert lines[0] == "数据有 1 处错误 / 1 problem in the data:"
    assert lines[1].endswith('indicators[0].target.value: [not-a-number] expected a number, got "95%"')


def test_a_value_from_the_data_cannot_start_a_line_of_any_report():
    """A term with a line break followed by a workflow command: in the terminal report (which
    CI prints too, and GitHub reads commands from every line of a step's output) and in the
    annotations, it stays inside its line, escaped."""
    from generator.data.errors import DataErrors
    from generator.data.report import github

    error = DataError("data/glossary.yml", 3, 5, "terms[1].zh", "duplicate-term", term="低保\n::add-mask::x\x1b[2K")
    for text in (DataErrors([error]).report(), github([error]), str(error), error.text("zh")):
        assert not any(line.lstrip().startswith("::") and not line.startswith("::error ") for line in text.splitlines()), text
        assert "\x1b" not in text
    assert error.parameters["term"] == "低保\\n::add-mask::x\\x1b[2K"


@pytest.mark.build  # no site is built, but it runs CI's jobs end to end (a dozen processes): not a unit test
def test_the_gitlab_report_job_runs_locally_and_keeps_one_note(fixture_pr, fake_api):
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    env = {**os.environ, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_API_V4_URL": fake_api.url,
           "CI_PROJECT_ID": "12", "CI_MERGE_REQUEST_IID": "3", "GITLAB_REPORT_TOKEN": "glpat",
           "PREVIEW_URL": "https://gitlab.example.org/g/site/-/jobs/9/artifacts/browse/site/"}

    def run_job() -> None:
        for line in ci["report"]["script"]:  # GitLab runs each line in one shell, stopping at a failure
            done = subprocess.run(["bash", "-ec", line], cwd=fixture_pr, env=env, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, (line, done.stdout + done.stderr)

    code_quality = subprocess.run(["bash", "-ec", ci["validate"]["script"][0]], cwd=fixture_pr, env=env,
                                  capture_output=True, text=True, timeout=300)
    assert code_quality.returncode == 1  # the job fails; its report is kept (artifacts: when: always)
    [issue] = json.loads((fixture_pr / ci["validate"]["artifacts"]["reports"]["codequality"]).read_text(encoding="utf-8"))
    assert issue["location"] == {"path": BROKEN_FILE, "lines": {"begin": broken_line()}}
    run_job()
    [note] = fake_api.comments
    assert "[not-a-number]" in note["body"] and "artifacts/browse/site/" in note["body"]
    (fixture_pr / BROKEN_FILE).write_text((GOOD / BROKEN_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    git(fixture_pr, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-am", "fix")
    run_job()
    [updated] = fake_api.comments
    assert updated["id"] == note["id"] and "数据有效" in updated["body"] and "没有变化" in updated["body"]
