"""The CI files are valid (GitHub Actions, GitLab CI, checked offline against the schemas that
check-jsonschema ships) and run what a person runs; on a pull or merge request they report
errors on the changed lines and keep one comment (their steps are run in tests/test_ci_reports.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github/workflows/site.yml"
GITLAB = ROOT / ".gitlab-ci.yml"


def _lint(path: Path, schema: str = "vendor.github-workflows") -> subprocess.CompletedProcess:
    """check-jsonschema's command line, run in this process (click's runner): the same code
    without an interpreter and its imports per run (0.4 s of CPU each). It ships the SchemaStore
    schemas for workflows and GitLab CI: no network needed."""
    from check_jsonschema import main
    from click.testing import CliRunner

    args = ["--builtin-schema", schema, str(path)]
    run = CliRunner().invoke(main, args)
    if run.exception is not None and not isinstance(run.exception, SystemExit):
        raise run.exception  # a crash of the checker is not a verdict on the file
    return subprocess.CompletedProcess(args, run.exit_code, run.output, "")


def test_the_workflow_is_a_valid_github_actions_workflow():
    result = _lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linter_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "run-on: ubuntu-latest", 1),
                      encoding="utf-8")
    assert _lint(broken).returncode != 0


def test_the_workflow_uses_the_readme_commands_and_reports_changes():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    runs = "\n".join(step.get("run", "") for step in workflow["jobs"]["check"]["steps"])
    for command in ("make validate", "site_build.py merge", "make test"):
        assert command in runs
    # The shards are built in parts on a matrix of machines, merged by `check`.
    shards = workflow["jobs"]["shards"]
    parts = shards["strategy"]["matrix"]["part"]
    builds = "\n".join(step.get("run", "") for step in shards["steps"])
    assert "site_build.py build --shard ${{ matrix.part }}/" + str(len(parts)) in builds
    assert workflow["jobs"]["check"]["needs"] == "shards"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make serve" in readme
    deploy = workflow["jobs"]["deploy"]
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])


def _runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_a_pull_request_gets_annotations_a_report_a_preview_and_one_comment():
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    validate = _runs(jobs["validate"])
    assert "site_build.py validate --format github" in validate
    assert "site_build.py diff" in validate and "$GITHUB_STEP_SUMMARY" in validate
    preview = next(s for s in jobs["check"]["steps"] if s.get("id") == "preview")
    assert preview["uses"].startswith("actions/upload-artifact@") and preview["with"]["path"] == "site"
    assert jobs["check"]["outputs"]["preview-url"] == "${{ steps.preview.outputs.artifact-url }}"
    comment = jobs["comment"]
    assert comment["needs"] == ["validate", "check"] and "!cancelled()" in comment["if"]  # a run cancelled by a newer push posts nothing
    assert comment["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert "tools/pr_comment.py github" in _runs(comment)
    # Only GitHub's own actions: nothing from the marketplace runs with the repository's token.
    uses = [s["uses"] for job in jobs.values() for s in job["steps"] if "uses" in s]
    assert uses and all(u.startswith("actions/") for u in uses), uses


def test_both_pipelines_keep_the_build_caches_between_runs():
    # A CI build is a warm one (bench/README.md): the shards' builds restore .cache/, GitHub's
    # per part (two jobs must not save one key), GitLab's for its one build job.
    shards = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["shards"]
    restore = next(s for s in shards["steps"] if s.get("uses", "").startswith("actions/cache@"))
    assert restore["with"]["path"] == ".cache" and "${{ matrix.part }}" in restore["with"]["key"]
    build_at = next(i for i, s in enumerate(shards["steps"]) if "site_build.py build" in s.get("run", ""))
    assert shards["steps"].index(restore) < build_at
    gitlab_build = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["build"]
    assert {".cache/changes", ".cache/chart-svg"} <= set(gitlab_build["cache"]["paths"])


def test_the_gitlab_pipeline_is_valid_gitlab_ci():
    result = _lint(GITLAB, "vendor.gitlab-ci")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_gitlab_linter_rejects_a_broken_pipeline(tmp_path):
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(GITLAB.read_text(encoding="utf-8").replace("  stage: validate", "  stages: validate", 1), encoding="utf-8")
    assert _lint(broken, "vendor.gitlab-ci").returncode != 0


def test_the_gitlab_pipeline_validates_reports_builds_tests_and_publishes():
    ci = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert ci["stages"] == ["validate", "build", "test", "report", "deploy"]
    script = "\n".join(ci["validate"]["script"])
    report = ci["validate"]["artifacts"]["reports"]["codequality"]
    assert f"--format gitlab-codequality --output {report}" in script
    assert ci["validate"]["artifacts"]["when"] == "always"  # the report is kept when validation fails
    assert "site_build.py build" in "\n".join(ci["build"]["script"])
    assert ci["build"]["artifacts"]["expose_as"] and ci["build"]["artifacts"]["reports"]["dotenv"] == "preview.env"
    assert ci["test"]["script"] == ["make test"]
    note = "\n".join(ci["report"]["script"])
    assert "site_build.py diff" in note and "tools/pr_comment.py gitlab" in note and "$PREVIEW_URL" in note.replace("{", "").replace(":-}", "")
    assert ci["report"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"', "when": "always"}]
    assert ci["pages"]["artifacts"]["paths"] == ["public"] and "mv site public" in ci["pages"]["script"]
    assert ci["pages"]["needs"] == ["build", "test"]
