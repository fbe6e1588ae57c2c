"""The CI workflow is valid GitHub Actions and runs what a person runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github/workflows/site.yml"
CHECKER = Path(sys.executable).parent / "check-jsonschema"


def _lint(path: Path) -> subprocess.CompletedProcess:
    # check-jsonschema ships the SchemaStore schema for workflows: no network needed.
    return subprocess.run([str(CHECKER), "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True, timeout=120)


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
    for command in ("make validate", "site_build.py merge", "make test", "site_build.py diff"):
        assert command in runs
    # The shards are built in parts on a matrix of machines, merged by `check`.
    shards = workflow["jobs"]["shards"]
    parts = shards["strategy"]["matrix"]["part"]
    builds = "\n".join(step.get("run", "") for step in shards["steps"])
    assert "site_build.py build --shard ${{ matrix.part }}/" + str(len(parts)) in builds
    assert workflow["jobs"]["check"]["needs"] == "shards"
    assert "$GITHUB_STEP_SUMMARY" in runs
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make serve" in readme
    deploy = workflow["jobs"]["deploy"]
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
