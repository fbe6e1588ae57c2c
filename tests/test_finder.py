"""The entitlement finder's matching, run with Node on the very script the page uses.

Profiles and expected services come from tests/fixtures/finder/; a second test
runs real profiles against the real site data."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.site.finder import finder_data

ROOT = Path(__file__).resolve().parent.parent
FINDER_JS = ROOT / "theme/assets/javascripts/finder.js"
FIXTURES = Path(__file__).parent / "fixtures/finder"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="needs Node.js (it also installs ECharts)")

RUNNER = """
const Finder = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = input.profiles.map(p => {
  const r = Finder.match(input.data, p);
  return r && {specific: r.specific.map(e => e.service.id), general: r.general.map(e => e.service.id)};
});
process.stdout.write(JSON.stringify(out));
"""


def run_finder(data: dict, profiles: list[dict]) -> list:
    proc = subprocess.run([NODE, "-e", RUNNER, str(FINDER_JS)], input=json.dumps({"data": data, "profiles": profiles}),
                          capture_output=True, text=True, check=True, timeout=30)
    return json.loads(proc.stdout)


CASES = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_finder_matches_profiles_to_services(case):
    data = json.loads((FIXTURES / "data.json").read_text(encoding="utf-8"))
    [result] = run_finder(data, [case["profile"]])
    if "result" in case:
        assert result == case["result"]
    else:
        assert result == {"specific": case["specific"], "general": case["general"]}


def test_real_profiles_on_the_real_data(dataset):
    data = finder_data(dataset, "zh")
    shangrao = next(c for c in dataset.cities if c.city.id == "shangrao")
    older = {i.id for i in shangrao.items if i.kind.value == "service" and "older-people" in i.audiences}
    disabled = {i.id for i in shangrao.items if i.kind.value == "service" and "people-with-disabilities" in i.audiences}
    everyone = {i.id for i in shangrao.items if i.kind.value == "service" and "all-residents" in i.audiences}
    senior, disabled_villager = run_finder(data, [
        {"city": "shangrao", "age": 82, "situations": []},
        {"city": "shangrao", "age": 40, "situations": ["people-with-disabilities", "rural-residents"]},
    ])
    assert older and set(senior["specific"]) == older
    assert set(senior["general"]) == everyone - older
    assert disabled <= set(disabled_villager["specific"])
    assert not set(disabled_villager["specific"]) & (older - disabled - everyone
                                                     - {i.id for i in shangrao.items if "rural-residents" in i.audiences})
