"""Every error code of the catalogue (generator/data/messages.py), triggered by a small input.

Each TRIGGERS entry breaks the good fixture (tests/fixtures/good) — or calls the one rule —
the way that raises its code; the test checks that the code is reported, that its words in
both languages are filled in (no `{parameter}` left), and that its hint and explanation exist.
A code without a trigger fails `test_every_code_has_a_trigger`: a new check needs a new entry
here as well as in the catalogue.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from helpers import GOOD, NOTICE, Project

from generator.data import confine, loader, meaning, messages
from generator.data.errors import DataError, DataErrors, Problem
from generator.data.schema import GlossaryTerm, Standard, Text

pytestmark = pytest.mark.unit

CITY = "data/cities/testcity/city.yml"
INDICATORS = "data/cities/testcity/indicators.yml"
BOX_01 = "data/cities/testcity/items/box-01.yml"
BOX_02 = "data/cities/testcity/items/box-02.yml"
PLAN = "data/sources/testcity-plan.txt"
SYNONYMS = "data/search/synonyms.yml"
CJK = re.compile(r"[\u4e00-\u9fff]")


class Ctx:
    """What a trigger may use: a fresh copy of the good fixture, a scratch folder, monkeypatch."""

    def __init__(self, tmp_path: Path, monkeypatch):
        self.tmp, self.monkeypatch = tmp_path, monkeypatch
        self.project = Project(tmp_path / "project")
        self.root = self.project.root

    def errors(self) -> list[DataError]:
        with pytest.raises(DataErrors) as info:
            self.project.load()
        return info.value.errors

    def after(self, relative: str, old: str, new: str) -> list[DataError]:
        self.project.edit(relative, old, new)
        return self.errors()

    def written(self, relative: str, content: str | bytes) -> list[DataError]:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return self.errors()

    def raised(self, call) -> list:
        """The exception a call raises (it carries .code), as a one-item list."""
        try:
            call()
        except Exception as exc:  # noqa: BLE001 — the test looks at its code
            return [exc]
        raise AssertionError("nothing was raised")


def std(**fields) -> Standard:
    fields = {"kind": "count", "label": {"zh": "节目", "en": "channels"}, "recipient": "resident", **fields}
    return Standard.model_validate(fields)


def comparator_codes(**fields) -> list[Problem]:
    return [problem for _, problem in meaning.comparator_problems(std(**fields))]


def shared_codes(c: Ctx, name_en: str, unit_zh: str, unit_en: str) -> list[DataError]:
    from generator.data.loader import LoadedFile, Locations
    from generator.data.schema import IndicatorsFile

    def indicators(name, zh, en):
        return IndicatorsFile.model_validate({"indicators": [{
            "id": "doctors", "code": "doctors-per-1000", "domain": "health",
            "name": {"zh": "每千人口执业（助理）医师数", "en": name}, "unit": {"zh": zh, "en": en},
            "target": {"value": 3, "text": "3"}, "attribute": "expected",
            "source": {"document": "x", "table": "main-indicators", "row": 1, "quote": "3"}}]})

    def loaded(name):
        return LoadedFile(c.tmp / name, name, {}, Locations(name))

    first = (loaded("a.yml"), indicators("Licensed doctors per 1,000 population", "人", "doctors"))
    second = (loaded("b.yml"), indicators(name_en, unit_zh, unit_en))
    return meaning.shared_code_problems([first, second])


def through_schema(model_source: str, data: dict) -> list[DataError]:
    """A pydantic error of a small model, turned into located errors as validation does."""
    from pydantic import BaseModel, ValidationError

    from generator.data.loader import Locations
    from generator.data.validate import _located

    namespace: dict = {}
    exec(model_source, {"BaseModel": BaseModel}, namespace)  # a model the real schema has no example of
    try:
        namespace["M"].model_validate(data)
    except ValidationError as exc:
        return list(_located(exc, Locations("data/x.yml")))
    raise AssertionError("the model accepted the data")


def site_dir(c: Ctx, name: str) -> Path:
    from generator.build import PROJECT

    return {"project": PROJECT, "data": PROJECT / "data" / "out"}.get(name, c.tmp / name)


def settings_error(c: Ctx, name: str, value: str) -> list:
    from generator import settings

    c.monkeypatch.setenv(name, value)
    return c.raised(settings.site_url if name == "SITE_URL" else settings.build_datetime)


def settings_repo_kind() -> str:
    from generator import settings

    return settings.repo_kind()


def settings_shard_cache() -> bool:
    from generator import settings

    return settings.shard_cache_enabled()


def settings_check_site_url() -> str:
    from generator import settings

    return settings.check_site_url()


def cache_dir_error(c: Ctx, value: str) -> list:
    from generator import settings

    c.monkeypatch.setenv("SITE_CACHE_DIR", value)
    return c.raised(lambda: settings.cache_dir(c.root))


def busy(c: Ctx) -> list:
    from generator.build import _exclusive_lock

    def twice():
        with _exclusive_lock(c.tmp / "site"), _exclusive_lock(c.tmp / "site"):
            pass
    return c.raised(twice)


def out_of_memory(c: Ctx) -> list[DataError]:
    def exhausted(*args, **kwargs):
        raise MemoryError
    c.monkeypatch.setattr(loader, "_load", exhausted)
    return loader.load_file(c.root / BOX_01, BOX_01)[1]


def link(c: Ctx, relative: str, target: Path | str) -> list[DataError]:
    os.symlink(target, c.root / relative)
    return c.errors()


def data_as_link(c: Ctx) -> list[DataError]:
    (c.root / "data").rename(c.tmp / "real-data")
    (c.root / "data").symlink_to(c.tmp / "real-data", target_is_directory=True)
    return c.errors()


def outside_file(c: Ctx) -> Path:
    path = c.tmp / "secret.txt"
    path.write_text("SECRET", encoding="utf-8")
    return path


def plan_linked_outside(c: Ctx) -> list[DataError]:
    os.symlink(outside_file(c), c.root / "data/sources/evil.txt")
    return c.after(CITY, "file: testcity-plan.txt", "file: evil.txt")


def content(c: Ctx, name: str, text: str) -> list[DataError]:
    path = c.tmp / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return confine.content_problems(c.tmp, c.tmp / "content")


def published_link(c: Ctx) -> list[DataError]:
    (c.tmp / "content").mkdir()
    os.symlink("/etc/passwd", c.tmp / "content" / "passwd.md")
    return confine.symbolic_links(c.tmp, [c.tmp / "content"])


def pydantic_fallback() -> list[DataError]:
    from generator.data.validate import _code

    code, params = _code({"type": "a_type_not_mapped_yet", "loc": ("x",), "msg": "Value error, something new", "input": 1})
    return [DataError("data/x.yml", 1, 1, "x", code, **params)]


ITEM_1_QUOTE = "quote: 对义务教育阶段家庭经济困难寄宿生给予生活补助，初中生每生每年1250元。"


NOTICE_ITEMS = BOX_01  # the worked example's box-01.yml replaces the good fixture's


def notice(c: Ctx, relative: str, old: str, new: str) -> list[DataError]:
    """The guide's worked example (tests/fixtures/notice) laid over the fixture, then one edit."""
    import shutil

    shutil.copytree(NOTICE, c.root, dirs_exist_ok=True)
    return c.after(relative, old, new)


def empty_entry(model_name: str) -> list[DataError]:
    """An opening or contact entry with a source and nothing else, validated as the schema does."""
    from pydantic import ValidationError

    from generator.data import schema
    from generator.data.loader import Locations
    from generator.data.validate import _located

    try:
        getattr(schema, model_name).model_validate({"source": {"document": "x", "chapter": 1, "quote": "q"}})
    except ValidationError as exc:
        return list(_located(exc, Locations("data/x.yml")))
    raise AssertionError("the model accepted the data")


TRIGGERS = {
    # files and folders
    "file-missing": lambda c: (c.project.remove("data/audiences.yml"), c.errors())[1],
    "city-file-missing": lambda c: (c.project.remove(CITY), c.errors())[1],
    "unexpected-file": lambda c: c.written("data/cities/testcity/notes.yml", "note: hello\n"),
    "file-empty": lambda c: c.written(BOX_02, ""),
    "file-too-large": lambda c: (c.monkeypatch.setattr(loader, "MAX_FILE_BYTES", 10), c.errors())[1],
    "not-utf8": lambda c: c.written(BOX_02, b"items: \xff\n"),
    "binary-file": lambda c: c.written(PLAN, "plan\x00text"),
    "bad-file-name": lambda c: c.written("data/cities/testcity/items/Box-02.yml", "items: []\n"),
    "bad-folder-name": lambda c: ((c.root / "data/cities/Evil City").mkdir(), c.errors())[1],
    "data-is-link": data_as_link,
    "link-outside-data": lambda c: link(c, "data/cities/testcity/items/box-09.yml", outside_file(c)),
    "link-leads-nowhere": lambda c: link(c, "data/cities/testcity/items/box-09.yml", c.root / "data/nowhere.yml"),
    "link-to-folder": lambda c: link(c, "data/cities/testcity/items/more", c.root / "data/cities/testcity/domains"),
    "source-outside-sources": plan_linked_outside,
    "source-text-missing": lambda c: (c.project.remove(PLAN), c.errors())[1],
    # YAML
    "malformed-yaml": lambda c: c.written(BOX_02, "items: [\n"),
    "special-character": lambda c: c.written(BOX_02, "items:\n  - label: \"\u202e41元\"\n"),
    "yaml-too-deep": lambda c: c.written(BOX_02, "items: " + "[" * 50 + "]" * 50 + "\n"),
    "too-many-values": lambda c: (c.monkeypatch.setattr(loader, "MAX_VALUES", 5),
                                  c.written(BOX_02, "".join(f"- {i}\n" for i in range(10))))[1],
    "yaml-anchors": lambda c: c.written(BOX_02, "a: &x 1\nb: *x\n"),
    "out-of-memory": out_of_memory,
    "key-not-text": lambda c: c.written(BOX_02, "? [a, b]\n: 1\n"),
    "duplicate-key": lambda c: c.written(BOX_02, "items: []\nitems: []\n"),
    "unreadable-value": lambda c: c.written(BOX_02, "items: 2022-13-45\n"),
    # fields and values
    "missing-field": lambda c: c.after(INDICATORS, "    attribute: expected\n", ""),
    "missing-en": lambda c: c.after(INDICATORS, "      en: Three-year enrolment rate in pre-school education\n", ""),
    "missing-zh": lambda c: c.after(BOX_01, "title: {zh: 家庭经济困难寄宿生生活补助, en:", "title: {en:"),
    "unknown-key": lambda c: c.after(INDICATORS, "    attribute: expected\n", "    attribute: expected\n    colour: red\n"),
    "empty": lambda c: c.after(BOX_01, "title: {zh: 家庭经济困难寄宿生生活补助, en:", 'title: {zh: " ", en:'),
    "too-few-items": lambda c: c.written(SYNONYMS, "zh:\n  - [低保]\n"),
    "too-long": lambda c: c.after(BOX_01, "id: community-cultural-centres", "id: " + "a" * 81),
    "not-a-number": lambda c: c.after(INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: 95%, text: "95"}'),
    "not-text": lambda c: c.after(BOX_01, "title: {zh: 家庭经济困难寄宿生生活补助, en:", "title: {zh: 1250, en:"),
    "not-a-mapping": lambda c: c.after(BOX_01, "unit: {zh: 元, en: yuan}", "unit: yuan"),
    "not-a-list": lambda c: c.after(BOX_01, "audiences: [students]", "audiences: students"),
    "not-true-or-false": lambda c: through_schema("class M(BaseModel):\n    flag: bool\n", {"flag": "perhaps"}),
    "bad-date": lambda c: c.after(CITY, 'date: "2022-01-31"', 'date: "2022/1/31"'),
    "bad-id": lambda c: c.after(BOX_01, "id: community-cultural-centres", "id: Community-Centres"),
    "bad-url": lambda c: c.written("data/licence.yml", LICENCE.replace("https://creativecommons.org/licenses/by/4.0/",
                                                                       '"javascript:alert(1)"')),
    "bad-licence-id": lambda c: c.written("data/licence.yml", LICENCE.replace("CC-BY-4.0", '"CC BY <b>"')),
    "bad-source-file-name": lambda c: c.after(CITY, "file: testcity-plan.txt", "file: /etc/passwd"),
    "not-one-of": lambda c: c.after(INDICATORS, "    attribute: expected\n", "    attribute: expectd\n"),
    "negative": lambda c: c.after(BOX_01, "value: 1250", "value: -1250"),
    "below-minimum": lambda c: c.after(BOX_01, "        period: year\n", "        period: year\n        deadline: 2000\n"),
    "above-maximum": lambda c: c.after(BOX_01, "        period: year\n", "        period: year\n        deadline: 2099\n"),
    "percentage-above-100": lambda c: c.after(INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: 105, text: "105"}'),
    "min-above-max": lambda c: c.after(BOX_01, "        value: 15\n", "        min: 20\n        max: 15\n"),
    "figure-without-value": lambda c: c.after(INDICATORS, 'target: {value: 95, text: "95"}', 'target: {text: "95"}'),
    "standard-without-figure": lambda c: c.after(BOX_01, "        value: 15\n", ""),
    "source-without-place": lambda c: c.after(BOX_01, "      box: 1\n      item: 2\n", ""),
    "table-source-without-row": lambda c: c.after(INDICATORS, "      row: 2\n", ""),
    "age-finder-without-age": lambda c: c.after("data/audiences.yml", "    finder: always\n", "    finder: age\n"),
    "ages-without-age-finder": lambda c: c.after("data/audiences.yml", "    finder: always\n", "    finder: always\n    min_age: 60\n"),
    "invalid-value": lambda c: pydantic_fallback(),
    "age-not-in-question": lambda c: c.after("data/audiences.yml", "    finder: always\n", "    finder: age\n    min_age: 60\n"),
    "limits-item-not-an-age": lambda c: c.after(BOX_01, "        period: year\n", "        period: year\n        limits_item: true\n"),
    "answer-word-not-found": lambda c: c.after(
        "data/audiences.yml", "    question: {zh: 我是学生或家长, en: I am a student or a student's parent}\n",
        "    question: {zh: 我是学生或家长, en: I am a student or a student's parent}\n    details:\n"
        "      question: {zh: 上学阶段, en: Level of school}\n      options:\n"
        "        - {id: junior, label: {zh: 初中, en: Junior secondary school}, words: [初中]}\n"
        "        - {id: higher, label: {zh: 高校, en: University}, words: [大学]}\n"),
    # references and uniqueness
    "duplicate-id": lambda c: c.after("data/domains.yml", "  - id: housing\n", "  - id: education\n"),
    "duplicate-id-in-city": lambda c: c.after(BOX_01, "id: community-cultural-centres", "id: boarding-pupil-allowance"),
    "duplicate-term": lambda c: c.written("data/glossary.yml", "terms:\n  - {zh: 低保, en: subsistence allowance}\n"
                                                             "  - {zh: 低保, en: minimum living allowance}\n"),
    "duplicate-code": lambda c: c.written("data/indicator-codes.yml", "codes:\n" + "  - code: beds\n    unit: {zh: 张, en: beds}\n" * 2),
    "synonym-in-two-groups": lambda c: c.written(SYNONYMS, "zh:\n  - [低保, 最低生活保障]\n  - [五保, 低保]\n"),
    "id-not-folder-name": lambda c: c.after(CITY, "id: testcity\n", "id: test-city\n"),
    "unknown-domain": lambda c: c.after(BOX_01, "    domain: culture-sports\n", "    domain: culture\n"),
    "unknown-audience": lambda c: c.after(BOX_01, "audiences: [students]", "audiences: [student]"),
    "unknown-document": lambda c: c.after(BOX_01, "      document: testcity-plan\n      box: 1\n      item: 2\n",
                                          "      document: other-plan\n      box: 1\n      item: 2\n"),
    "box-not-listed": lambda c: c.after(BOX_01, "      box: 1\n      item: 2\n", "      box: 2\n      item: 2\n"),
    "code-not-declared": lambda c: c.after(INDICATORS, "  - id: preschool-enrolment-rate\n",
                                           "  - id: preschool-enrolment-rate\n    code: preschool-enrolment-rate\n"),
    "unit-not-convertible": lambda c: (
        c.project.write("data/indicator-codes.yml", "codes:\n  - code: preschool-enrolment-rate\n    unit: {zh: 万人, en: \"10,000 people\"}\n"),
        c.after(INDICATORS, "  - id: preschool-enrolment-rate\n", "  - id: preschool-enrolment-rate\n    code: preschool-enrolment-rate\n"))[1],
    # provenance
    "quote-not-found": lambda c: c.after(BOX_01, "quote: 新建社区文化中心不少于15个。", "quote: 新建社区文化中心不少于16个。"),
    "numbers-not-in-quote": lambda c: c.after(BOX_01, "        period: year\n", "        period: year\n        deadline: 2030\n"),
    "phrase-not-in-quote": lambda c: c.after(BOX_01, "phrase: 初中生每生每年1250元", "phrase: 初中生每生每年1350元"),
    "figure-not-in-phrase": lambda c: c.after(BOX_01, "value: 1250", "value: 1200"),
    "phrase-extra-numbers": lambda c: (
        c.project.edit(BOX_01, ITEM_1_QUOTE, ITEM_1_QUOTE.replace("quote: ", "quote: 1．家庭经济困难寄宿生生活补助。")),
        c.after(BOX_01, "phrase: 初中生每生每年1250元", "phrase: 1．家庭经济困难寄宿生生活补助。对义务教育阶段家庭经济困难寄宿生给予生活补助，初中生每生每年1250元"))[1],
    "cell-not-in-quote": lambda c: c.after(INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: 95, text: "96"}'),
    "figure-not-in-cell": lambda c: c.after(INDICATORS, "baseline: {value: 90.5,", "baseline: {value: 90.4,"),
    "text-not-verbatim": lambda c: c.after(BOX_01, "zh: 社区文化中心建设。新建社区文化中心不少于15个。", "zh: 社区文化中心建设。新建社区文化中心至少15个。"),
    # meaning and translation
    "glossary-not-used": lambda c: meaning.glossary_problems(Text(zh="常住居民", en="people of the area"),
                                                             [GlossaryTerm(zh="常住", en="living in the area")]),
    "glossary-avoided": lambda c: meaning.glossary_problems(
        Text(zh="常住居民", en="permanent residents living in the area"),
        [GlossaryTerm(zh="常住", en="living in the area", en_avoid=["permanent resident"])]),
    "more-than": lambda c: meaning.more_than_problems(Text(zh="覆盖90%以上城市社区", en="cover more than 90% of communities")),
    "channels": lambda c: meaning.channel_problems(Text(zh="提供不少于15套广播节目", en="at least 15 radio programmes")),
    "full-width-punctuation": lambda c: meaning.full_width_problems("Source：the plan"),
    "comparator-mismatch": lambda c: comparator_codes(phrase="不少于15套广播节目", value=15, comparator="gt"),
    "approx-without-word": lambda c: comparator_codes(phrase="提供13次", value=13, comparator="approx"),
    "age-comparator-mismatch": lambda c: comparator_codes(kind="age", phrase="65岁及以上", min=65, comparator="eq"),
    "age-both-ends": lambda c: comparator_codes(kind="age", phrase="65岁及以上", min=65, max=80, comparator="ge"),
    "age-comparator-without-word": lambda c: comparator_codes(kind="age", phrase="0-6岁儿童", min=0, max=6, comparator="ge"),
    "qualifier-missing": lambda c: comparator_codes(phrase="力争在50%的社区建成", value=50, kind="percentage",
                                                    unit={"zh": "%", "en": "%"}),
    "qualifier-without-word": lambda c: comparator_codes(phrase="提供13次", value=13, qualifier="aim"),
    "percentage-without-unit": lambda c: comparator_codes(kind="percentage", phrase="达到60%", value=60),
    "code-name-differs": lambda c: shared_codes(c, "Doctors per 1,000 people", "人", "doctors"),
    "code-unit-differs": lambda c: shared_codes(c, "Licensed doctors per 1,000 population", "张", "beds"),
    "code-english-unit-differs": lambda c: shared_codes(c, "Licensed doctors per 1,000 population", "人", "people"),
    "missing-singular": lambda c: [p for _, p in meaning.interface_problems(
        {"zh": {"count": "找到 {n} 项服务"}, "en": {"count": "{n} services may apply to you:"}})],
    # hand-written pages
    "published-link": published_link,
    "content-file-type": lambda c: content(c, "x.js", "alert(1)"),
    "active-html": lambda c: content(c, "index.md", "# Home\n<script>alert(1)</script>\n"),
    # settings and the build
    "bad-url-setting": lambda c: settings_error(c, "SITE_URL", "https://x.org/\"><script>"),
    "bad-source-date-epoch": lambda c: settings_error(c, "SOURCE_DATE_EPOCH", "yesterday"),
    "bad-repo-kind": lambda c: (c.monkeypatch.setenv("SITE_REPO_KIND", "GitLab"), c.raised(settings_repo_kind))[1],
    "site-url-required": lambda c: (c.monkeypatch.delenv("SITE_URL", raising=False), c.monkeypatch.setenv("CI", "true"),
                                    c.raised(settings_check_site_url))[2],
    "bad-required-flag": lambda c: (c.monkeypatch.setenv("SITE_URL_REQUIRED", "yes"), c.raised(settings_check_site_url))[1],
    "bad-shard-cache-flag": lambda c: (c.monkeypatch.setenv("SITE_SHARD_CACHE", "off"), c.raised(settings_shard_cache))[1],
    "bad-cache-dir": lambda c: cache_dir_error(c, "relative/cache"),
    "cache-dir-in-project": lambda c: cache_dir_error(c, str(c.root / "data")),
    "cache-dir-not-folder": lambda c: ((c.tmp / "file").write_text("x"), cache_dir_error(c, str(c.tmp / "file")))[1],
    "site-dir-link": lambda c: ((c.tmp / "link").symlink_to(c.tmp), c.raised(lambda: check_site_dir(c.tmp / "link")))[1],
    "site-dir-holds-project": lambda c: c.raised(lambda: check_site_dir(site_dir(c, "project"))),
    "site-dir-in-source": lambda c: c.raised(lambda: check_site_dir(site_dir(c, "data"))),
    "site-dir-is-file": lambda c: ((c.tmp / "file").write_text("x"), c.raised(lambda: check_site_dir(c.tmp / "file")))[1],
    "site-dir-not-ours": lambda c: ((c.tmp / "mine").mkdir(), (c.tmp / "mine" / "keep.txt").write_text("x"),
                                    c.raised(lambda: check_site_dir(c.tmp / "mine")))[2],
    "build-busy": busy,
    "git-failed": lambda c: c.raised(lambda: check_revision("--output=x"))[0].errors,
    # Registered documents and the practical fields (issue 15), on the guide's worked example.
    "duplicate-document-id": lambda c: notice(c, "data/documents.yml", "  - id: test-national-standard",
                                              "  - id: testcity-student-aid-notice"),
    "section-in-plan": lambda c: notice(c, NOTICE_ITEMS, "      document: testcity-plan\n      box: 1\n      item: 3\n",
                                        "      document: testcity-plan\n      article: 3\n"),
    "plan-place-in-document": lambda c: notice(c, NOTICE_ITEMS, "        section: 5\n", "        box: 1\n"),
    "place-not-in-document": lambda c: notice(c, NOTICE_ITEMS, "        section: 5\n", "        section: 9\n"),
    "text-not-in-field-quote": lambda c: notice(c, NOTICE_ITEMS, "        - {zh: 测试市教育局, en: Test City Education Bureau}",
                                                "        - {zh: 测试市民政局, en: Test City Civil Affairs Bureau}"),
    "free-without-word": lambda c: notice(c, NOTICE_ITEMS, "      phrase: 不收取任何费用\n", "      phrase: 申请\n"),
    "time-not-in-phrase": lambda c: notice(c, NOTICE_ITEMS, 'closes: "17:30"', 'closes: "18:00"'),
    "phone-not-in-quote": lambda c: notice(c, NOTICE_ITEMS, "        - number: 0000-1234567", "        - number: 0000-1234568"),
    "web-not-in-quote": lambda c: notice(c, NOTICE_ITEMS, "          label: {zh: 咨询电话, en: Enquiries}\n",
                                         "          label: {zh: 咨询电话, en: Enquiries}\n      web: https://example.org/ask\n"),
    "amount-without-charge": lambda c: notice(c, NOTICE_ITEMS, "      cost: free\n", "      cost: free\n      amount: 5\n"),
    "unit-without-amount": lambda c: notice(c, NOTICE_ITEMS, "      cost: free\n", "      cost: free\n      unit: {zh: 元, en: yuan}\n"),
    "rule-without-notes": lambda c: notice(c, NOTICE_ITEMS, "      cost: free\n", "      cost: rule\n"),
    "closes-before-opens": lambda c: notice(c, NOTICE_ITEMS, 'opens: "14:30"', 'opens: "18:30"'),
    "opening-empty": lambda c: empty_entry("Opening"),
    "contact-empty": lambda c: empty_entry("Contact"),
    "bad-time": lambda c: notice(c, NOTICE_ITEMS, 'opens: "08:30"', 'opens: "8:30"'),
    "bad-phone": lambda c: notice(c, NOTICE_ITEMS, "        - number: 0000-1234567", "        - number: call 0000"),
    "bad-document-url": lambda c: notice(c, CITY, "    url: https://example.org/testcity/student-aid-notice",
                                         "    url: 'javascript:alert(1)'"),
}

LICENCE = """licence:
  name: CC-BY-4.0
  title: {zh: 知识共享署名 4.0 国际许可协议, en: Creative Commons Attribution 4.0 International}
  path: https://creativecommons.org/licenses/by/4.0/
  scope: {zh: 结构化整理, en: the structuring}
plans: {zh: 规划原文是政府主动公开的文件。, en: The plans are public government documents.}
"""


def check_site_dir(path: Path):
    from generator.build import check_site_dir as check

    return check(path)


def check_revision(rev: str):
    from generator.site.gitinfo import check_revision as check

    return check(rev)


def test_every_code_has_a_trigger():
    assert sorted(TRIGGERS) == sorted(messages.CATALOGUE)


def test_the_good_fixture_itself_is_valid():
    from generator.data.validate import load_dataset

    assert load_dataset(GOOD).cities  # the triggers each break a valid project


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_each_code_is_raised_by_its_trigger(code, tmp_path, monkeypatch):
    found = TRIGGERS[code](Ctx(tmp_path, monkeypatch))
    codes = [getattr(x, "code", None) for x in found]
    assert code in codes, found
    problem = found[codes.index(code)]
    if isinstance(problem, (DataError, Problem)):
        zh, en = problem.text("zh"), problem.message
    else:  # an exception with its code: its text is both languages
        zh = en = str(problem)
    kind = messages.kind(code)
    assert CJK.search(zh) and en.strip(), (zh, en)
    assert not any(f"{{{name}}}" in zh + en for name in kind.params), (zh, en)  # every parameter filled in
    assert CJK.search(kind.hint.zh) and kind.hint.en.strip()
    assert CJK.search(kind.explanation.zh) and kind.explanation.en.strip()


def test_codes_are_stable_names():
    """Codes are what webmasters search for and CI groups by: lowercase words with hyphens."""
    for code, kind in messages.CATALOGUE.items():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", code), code
        assert kind.group in messages.GROUPS
        # Both languages name the same parameters: nothing shown in one is lost in the other.
        assert {n for n in kind.params} == set(_names(kind.message.zh)) | set(_names(kind.message.en))
        assert set(_names(kind.message.zh)) == set(_names(kind.message.en)) or code == "git-failed", code


def _names(template: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(template) if name]
