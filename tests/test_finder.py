"""The entitlement finder's rules, run with Node on the very script the page uses.

Profiles and expected results come from tests/fixtures/finder/ (made-up fixture data,
one case per age and situation rule); further tests run the rules on the real data:
the personas of issue 15, and every city × situation × sample age returns something.
"""

from __future__ import annotations

import json
import select
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.site.finder import finder_data

ROOT = Path(__file__).resolve().parent.parent
FINDER_JS = ROOT / "theme/assets/javascripts/finder.js"
FIXTURES = Path(__file__).parent / "fixtures/finder"
NODE = shutil.which("node")

pytestmark = [pytest.mark.unit,
              pytest.mark.skipif(NODE is None, reason="needs Node.js (it also installs ECharts)")]

# One Node process for the module, started by `_node` below: it loads the very script the page uses
# once and answers one request per line (a fresh process per test cost 0.13 s of CPU each, 5 s in
# all). Each request's data is parsed afresh, so no answer can see another's; Finder.parse and
# Finder.result are pure, as the page, which runs them again at every answer, relies on.
SERVER = """
const Finder = require(process.argv[1]);
const ids = list => list.map(e => e.service.id);
// What a result shows, in plain JSON: the ids of each group, each entry's figures, the gaps.
const results = input => input.profiles.map(p => {
  const r = Finder.result(input.data, p);
  if (!r) return null;
  const entries = [...r.specific, ...r.notYourAge, ...r.otherCases, ...r.general];
  return {
    specific: ids(r.specific), not_your_age: ids(r.notYourAge), other_cases: ids(r.otherCases), general: ids(r.general),
    figures: Object.fromEntries(entries.map(e => [e.service.id, e.figures])),
    not_for_age: Object.fromEntries(entries.map(e => [e.service.id, e.notForAge])),
    gaps: r.gaps.map(g => g.audience.id),
    gap_projects: Object.fromEntries(r.gaps.map(g => [g.audience.id, g.promises.projects.map(x => x.title)])),
    gap_indicators: Object.fromEntries(r.gaps.map(g => [g.audience.id, g.promises.indicators.map(x => x.title)])),
    gap_compare: Object.fromEntries(r.gaps.map(g => [g.audience.id, g.compare.map(x => x.city)])),
    general_gap: r.generalGap !== null,
    general_gap_holds: r.generalGap === null ? null :
      r.generalGap.promises.projects.length + r.generalGap.promises.indicators.length + r.generalGap.compare.length,
    gap_holds: Object.fromEntries(r.gaps.map(g => [g.audience.id,
      g.promises.projects.length + g.promises.indicators.length + g.compare.length])),
  };
});
const parses = input => input.searches.map(s => Finder.parse(input.data, s));
const scripts = {results, parses};
require("readline").createInterface({input: process.stdin}).on("line", line => {
  let answer;
  try {
    const request = JSON.parse(line);
    answer = {ok: scripts[request.script](request.payload)};
  } catch (e) {
    answer = {error: String(e && e.stack || e)};
  }
  process.stdout.write(JSON.stringify(answer) + "\\n");
});
"""
ANSWER_TIMEOUT = 60  # seconds: a hang fails the test instead of stopping the run
_server: list[subprocess.Popen] = []  # the module's Node process, while `_node` holds it


@pytest.fixture(scope="module", autouse=True)
def _node():
    proc = subprocess.Popen([NODE, "-e", SERVER, str(FINDER_JS)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    _server.append(proc)
    yield proc
    _server.remove(proc)
    proc.stdin.close()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def node(script: str, payload: dict) -> list:
    """`script` ("results" or "parses") run by Node on `payload`; fails with Node's error."""
    [proc] = _server
    proc.stdin.write(json.dumps({"script": script, "payload": payload}) + "\n")
    proc.stdin.flush()
    if not select.select([proc.stdout], [], [], ANSWER_TIMEOUT)[0]:
        pytest.fail(f"Node gave no answer in {ANSWER_TIMEOUT} s")
    line = proc.stdout.readline()
    if not line:
        pytest.fail(f"Node exited (status {proc.wait()}): {proc.stderr.read()}")
    answer = json.loads(line)
    assert "error" not in answer, answer["error"]
    return answer["ok"]


def run_finder(data: dict, profiles: list[dict]) -> list:
    return node("results", {"data": data, "profiles": profiles})


CASES = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
GROUPS = ("specific", "not_your_age", "other_cases", "general")


@pytest.fixture(scope="module")
def fixture_data():
    return json.loads((FIXTURES / "data.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_finder_rules_on_fixture_profiles(fixture_data, case):
    [result] = run_finder(fixture_data, [case["profile"]])
    if "result" in case:
        assert result == case["result"]
        return
    for group in GROUPS:
        if group in case:
            assert sorted(result[group]) == sorted(case[group]), group
    for key in ("figures", "not_for_age", "gap_projects", "gap_indicators", "gap_compare"):
        for service, expected in case.get(key, {}).items():
            assert result[key][service] == expected, (key, service)
    if "gaps" in case:
        assert result["gaps"] == case["gaps"]
    if "general_gap" in case:
        assert result["general_gap"] is case["general_gap"]


def test_the_most_specific_services_come_first(fixture_data):
    """Services for the person's group alone before those shared with other groups; among
    those, the ones with a figure for the person first."""
    [result] = run_finder(fixture_data, [{"city": "testcity", "age": 82, "situations": []}])
    assert result["specific"][:3] == ["old-age-allowance", "elderly-check-up", "elderly-welfare"]
    assert result["specific"][3:] == ["disability-subsidy", "hardship-support"]


SEARCHES = [
    ("city=testcity&age=70&s=students&o=junior", {"city": "testcity", "age": 70, "situations": ["students"], "options": ["junior"], "unknown": 0, "ageInvalid": False}),
    ("age=121", {"age": None, "ageInvalid": True}),
    ("age=-1", {"age": None, "ageInvalid": True}),
    ("age=7.5", {"age": None, "ageInvalid": True}),
    ("age=1e2", {"age": None, "ageInvalid": True}),
    ("age=120&child=0", {"age": 120, "childAge": 0, "ageInvalid": False}),
    ("child=200", {"childAge": None, "ageInvalid": True}),
    ("city=<img src=x onerror=alert(1)>", {"city": None, "unknown": 1}),
    ("city=__proto__&s=constructor,toString,all-residents,older-people", {"city": None, "situations": [], "unknown": 5}),
    ("s=students,students&o=junior,junior", {"situations": ["students"], "options": ["junior"], "unknown": 0}),
    ("s=students&o=junior,senior-high", {"options": ["junior"], "unknown": 1}),  # one answer per question
    ("o=junior", {"options": [], "unknown": 1}),  # an answer to a question not asked
    ("city=testcity&evil=1&city2=x", {"city": "testcity", "unknown": 2}),
]


@pytest.mark.parametrize("search,expected", SEARCHES, ids=[s for s, _ in SEARCHES])
def test_answers_in_the_url_are_checked_before_use(fixture_data, search, expected):
    """The query string is untrusted: only the page's own values are used; anything else is
    counted (never echoed) and an age outside 0–120 is refused with a message."""
    [parsed] = node("parses", {"data": fixture_data, "searches": [search]})
    for key, value in expected.items():
        assert parsed[key] == value, key


# ---- the real data --------------------------------------------------------------------

@pytest.fixture(scope="module")
def real(dataset):  # the real data, loaded once per session (conftest)
    return dataset, {lang: finder_data(dataset, lang) for lang in ("zh", "en")}


def test_a_70_year_old_in_shangrao(real):
    dataset, data = real
    [r] = run_finder(data["zh"], [{"city": "shangrao", "age": 70, "situations": []}])
    assert {"elderly-health-management", "elderly-welfare"} <= set(r["specific"])
    assert r["specific"][0] == "elderly-health-management"
    # The 80+ allowance and the under-18 rule are not shown as theirs.
    assert not any("80" in f for f in r["figures"]["elderly-welfare"])
    assert any("80" in f for f in r["not_for_age"]["elderly-welfare"])
    assert r["figures"]["extreme-poverty-support"] == [] == r["not_for_age"]["extreme-poverty-support"]


@pytest.mark.parametrize("age", [60, 62, 64])
def test_60_to_64_year_olds_are_not_shown_65_or_80_plus_benefits_as_theirs(real, age):
    _, data = real
    [r] = run_finder(data["zh"], [{"city": "shangrao", "age": age, "situations": []}])
    assert "elderly-health-management" in r["not_your_age"]  # 65岁及以上 limits the whole item
    for service, figures in r["figures"].items():
        assert not any("65 岁" in f or "80 岁" in f for f in figures), service


def test_children_s_services_by_the_child_s_age(real):
    _, data = real
    two, five, seven = run_finder(data["zh"], [{"city": "shangrao", "age": 33, "childAge": n, "situations": ["young-children"]}
                                               for n in (2, 5, 7)])
    assert "child-health-management" in two["specific"] and "child-health-management" in five["specific"]
    assert any("0–3" in f for f in two["figures"]["child-health-management"])
    assert not any("0–3" in f for f in five["figures"]["child-health-management"] + five["not_for_age"]["child-health-management"])
    assert "child-health-management" in seven["not_your_age"]


def test_the_figure_for_the_person_s_case_comes_first(real):
    _, data = real
    junior, lost = run_finder(data["zh"], [
        {"city": "shangrao", "age": 40, "situations": ["students"], "options": ["junior"]},
        {"city": "shangrao", "age": 58, "situations": ["family-planning-special-families"], "options": ["only-child-died"]}])
    assert junior["figures"]["boarding-pupil-allowance"] == ["生活补助：每生每年 初中生 1,250 元"]
    assert "senior-high-school-grant" in junior["other_cases"]
    assert lost["figures"]["family-planning-special-support"][0].startswith("独生子女死亡家庭夫妇扶助金")
    assert len(lost["figures"]["family-planning-special-support"]) == 1


def test_no_finder_answer_returns_an_empty_page(real):
    """Every city × situation (and sample ages, with and without a child's age): each answer
    given has services, or a gap that says so and holds the group's projects, indicators or
    another city to compare with; and what everyone gets is listed or explained the same way."""
    dataset, data = real
    ask = [a.id for a in dataset.audiences if a.finder == "ask"]
    profiles = [{"city": c.city.id, "age": age, "childAge": child, "situations": [s] if s else []}
                for c in dataset.cities for s in [None, *ask] for age in (None, 0, 5, 30, 62, 70, 85, 120)
                for child in (None, 4)]
    for lang in ("zh", "en"):
        results = run_finder(data[lang], profiles)
        for profile, r in zip(profiles, results):
            shown = sum(len(r[g]) for g in GROUPS) + len(r["gaps"]) + r["general_gap"]
            assert shown, profile
            for situation in profile["situations"]:
                found = any(situation in s_aud for s_aud in _audiences_of(data[lang], profile["city"], r))
                assert found or (situation in r["gaps"] and r["gap_holds"][situation]), (lang, profile)
            assert r["general"] or r["specific"] or (r["general_gap"] and r["general_gap_holds"]), (lang, profile)


def _audiences_of(data: dict, city: str, result: dict) -> list[list[str]]:
    services = {s["id"]: s for c in data["cities"] if c["id"] == city for s in c["services"]}
    return [services[i]["audiences"] for g in GROUPS for i in result[g]]


def test_yichun_parent_of_a_young_child_gets_more_than_a_heading(real):
    """Issue 15: 没有专门面向您所选情况的服务…下面是所有居民都可享受的服务, followed by nothing."""
    _, data = real
    [r] = run_finder(data["zh"], [{"city": "yichun", "age": 32, "situations": ["young-children"]}])
    assert r["gaps"] == ["young-children"]
    assert r["gap_projects"]["young-children"] and r["gap_indicators"]["young-children"]
    assert r["gap_compare"]["young-children"] == ["上饶市"]
    assert r["general_gap"] and r["general_gap_holds"]
