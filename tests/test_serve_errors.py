"""Under `site_build.py serve`, a data error is shown where the webmaster is looking (issue 17).

`serve` runs in its own process on a copy of data/, as `make serve` runs it, and Chromium
keeps one of its pages open. A bad edit makes the open page reload and show the located,
bilingual report that `site_build.py validate` prints, escaped (the value is hostile
markup) and under a policy that would stop it running anyway; fixing the edit reloads
the page and restores it. Also: the problem page alone, without a server or a browser.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from bench.localserve import die_with_parent
from browsing import assert_clean, open_page, skip_without_browser
from conftest import PROJECT_ROOT, copy_project_data
from generator.serve import problem_page

EDITED = "data/cities/shangrao/items/box-08.yml"
GOOD = "        value: 15\n"
HOSTILE = '"15<img src=x onerror=window.__pwned=1>元"'
SERVICE = "cities/shangrao/services/radio/"


@pytest.mark.unit
def test_the_problem_page_escapes_the_report_and_says_it_in_both_languages():
    page = problem_page('a.yml:3:5: value: expected a number, got "<script>alert(1)</script>" & more').decode()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&amp; more" in page
    assert "网站没有更新" in page and "The site was not updated" in page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _quit_with_interrupt() -> None:
    """In the child: Ctrl+C stops it (a shell's background job would otherwise ignore SIGINT)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    die_with_parent()


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    """`serve` on a copy of data/, in its own process; yields (root, base URL)."""
    skip_without_browser()
    root = copy_project_data(tmp_path_factory.mktemp("project"))
    port = _free_port()
    code = ("import sys; from pathlib import Path; from generator.serve import serve; "
            "serve(Path(sys.argv[1]), sys.argv[2], jobs=2, work=Path(sys.argv[3]))")
    log = tmp_path_factory.mktemp("log") / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", code, str(root), f"127.0.0.1:{port}",
                                 str(tmp_path_factory.mktemp("serve"))],
                                cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=_quit_with_interrupt)
    try:
        deadline = time.monotonic() + 180
        while "serving http" not in log.read_text(encoding="utf-8", errors="replace"):
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8", errors="replace")
            time.sleep(0.5)
        proc.log = log
        yield root, f"http://127.0.0.1:{port}", proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.browser
def test_a_bad_edit_shows_its_located_message_on_the_open_page_and_the_fix_restores_it(browser, serving):
    root, base, proc = serving
    edited = root / EDITED
    text = edited.read_text(encoding="utf-8")
    line = text[:text.index(GOOD)].count("\n") + 1  # the first `value: 15`: the radio channels
    page = open_page(browser)
    page.goto(f"{base}/{SERVICE}")
    title = page.title()
    assert "广播" in title
    page.wait_for_function("() => document.readyState === 'complete'")

    edited.write_text(text.replace(GOOD, f"        value: {HOSTILE}\n", 1), encoding="utf-8")
    # The live reload fires on the failed build: the open page turns into the report.
    page.wait_for_selector("#build-problem", timeout=60_000)
    shown = page.inner_text("#build-problem")
    assert f"{EDITED}:{line}:" in shown and "standards[0].value" in shown
    assert "expected a number" in shown and "应为数字" in shown  # the same bilingual report as `validate`
    assert "<img src=x onerror=window.__pwned=1>" in shown  # shown as text ...
    assert page.locator("img").count() == 0 and page.evaluate("window.__pwned") is None  # ... never markup
    assert page.url == f"{base}/{SERVICE}"  # in place of the page, at its address
    log = proc.log.read_text(encoding="utf-8", errors="replace")
    assert f"{EDITED}:{line}:" in log and "应为数字" in log and "Aborted with a BuildError" not in log

    edited.write_text(text, encoding="utf-8")
    page.wait_for_selector("#build-problem", state="detached", timeout=60_000)
    page.wait_for_function("() => document.readyState === 'complete'")
    assert page.title() == title
    assert_clean(page)  # the reload script ran under the problem page's policy; nothing else ran
    page.context.close()


@pytest.mark.unit
def test_a_failed_rebuild_keeps_the_validate_report_until_the_next_good_one(tmp_path, capsys):
    """What the page shows is what the terminal prints, which is what `validate` prints."""
    from generator.data.errors import DataErrors
    from generator.data.validate import load_dataset
    from generator.serve import Server

    root = copy_project_data(tmp_path / "project")
    edited = root / EDITED
    edited.write_text(edited.read_text(encoding="utf-8").replace(GOOD, f"        value: {HOSTILE}\n", 1), encoding="utf-8")
    with pytest.raises(DataErrors) as refused:
        load_dataset(root)
    server = Server(root, tmp_path / "serve", jobs=1)
    try:
        assert server.refresh() is None  # no exception: the live reload still fires
        assert server.problem == refused.value.report()
        assert refused.value.report() in capsys.readouterr().err
    finally:
        server.close()


def _one_shard_tree(tree):
    """The least tree the engine adapter loads a shard from (its build is replaced below)."""
    import json

    (tree / "shards" / "portal-zh" / "docs").mkdir(parents=True)
    (tree / "charts").mkdir()
    (tree / "shards" / "portal-zh" / "nav.json").write_text("[]", encoding="utf-8")
    manifest = {"site_url": "http://127.0.0.1:8000/", "csp_policy": "",
                "shards": [{"id": "portal-zh", "lang": "zh", "city": None, "pages": 0}], "pages": []}
    (tree / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return {"tree": str(tree), "shard": "portal-zh", "out": str(tree / "out"), "engine": "mkdocs"}


@pytest.mark.unit
@pytest.mark.parametrize("failure,shown", [
    ("logged", "Error reading page 'guide.md': unknown key at line 3"),
    ("template", "theme/main.html:12: TemplateSyntaxError: unexpected '}'"),
])
def test_a_failed_shard_says_what_went_wrong_not_only_that_it_aborted(tmp_path, monkeypatch, failure, shown):
    import logging

    import jinja2
    import mkdocs.commands.build
    from mkdocs.exceptions import Abort

    from generator.engine import BuildFailed, render_shard

    def failing_build(config):
        if failure == "template":  # MkDocs lets a template's own error through as it is
            raise jinja2.TemplateSyntaxError("unexpected '}'", 12, name="main.html", filename="theme/main.html")
        logging.getLogger("mkdocs.commands.build").error("Error reading page 'guide.md': unknown key at line 3")
        raise Abort("Aborted with a BuildError!")

    monkeypatch.setattr(mkdocs.commands.build, "build", failing_build)
    with pytest.raises(BuildFailed) as failed:
        render_shard(_one_shard_tree(tmp_path))
    assert shown in str(failed.value) and "portal-zh" in str(failed.value)


@pytest.mark.build  # the generate stage runs over the real data first (charts drawn by Node, images by libvips)
def test_serve_stops_with_the_problem_when_its_first_build_fails(tmp_path, monkeypatch, capsys):
    """Nothing to show the problem on yet: printed, exit status 1, no traceback, no server."""
    from generator import engine, serve

    def failing_render(*args, **kwargs):
        raise engine.BuildFailed("shard portal-zh: theme/main.html:12: TemplateSyntaxError: unexpected '}'")

    monkeypatch.setattr(engine, "render_shards", failing_render)
    monkeypatch.setattr(engine, "serve_livereload", lambda *a, **k: pytest.fail("served a site that was not built"))
    root = copy_project_data(tmp_path / "project")
    assert serve.serve(root, "127.0.0.1:0", jobs=1, work=tmp_path / "serve") == 1
    assert "构建失败 / build failed: shard portal-zh: theme/main.html:12:" in capsys.readouterr().err
