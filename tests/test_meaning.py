"""The rules of meaning (generator/data/meaning.py), each on made-up text so that it can fail,
and on the real data, which must pass them through `load_dataset` (what `site_build.py
validate` runs): located, with a Chinese explanation (generator/data/messages.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.data import meaning
from generator.site.finder import standard_line
from generator.site.i18n import UI, t
from generator.data.schema import GlossaryTerm, Item, Standard, Text

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent


def std(**fields) -> Standard:
    fields.setdefault("kind", "count")
    fields.setdefault("label", {"zh": "节目", "en": "channels"})
    fields.setdefault("recipient", "resident")
    return Standard.model_validate(fields)


def explained(problem, code: str) -> str:
    """The Chinese of a problem, which must have the expected code."""
    assert problem.code == code, problem
    return problem.text("zh")


# ---- 以上 / 不少于 / 不低于 are "or more", never "more than" -----------------------------


@pytest.mark.parametrize("zh,en", [
    ("覆盖90%以上城市社区", "cover more than 90% of urban communities"),
    ("不少于4个县", "more than 4 counties"),
    ("原则上不低于60%", "in principle more than 60%"),
])
def test_more_than_for_or_more_is_refused(zh, en):
    problems = meaning.more_than_problems(Text(zh=zh, en=en))
    assert len(problems) == 1 and "more than" in problems[0].message
    assert "包含本数" in explained(problems[0], "more-than")


@pytest.mark.parametrize("zh,en", [
    ("覆盖90%以上城市社区", "cover at least 90% of urban communities"),
    ("覆盖90%以上城市社区", "cover 90% or more of urban communities"),
    ("常住人口大于800人的行政村，不少于1所", "villages of more than 800 people, at least 1"),  # 大于 is more than
    ("院线上映不超过2年，不少于1/3", "released no more than 2 years earlier, at least 1/3"),
    ("人口大于800人", "more than 800 people"),  # no 以上: nothing to check
])
def test_or_more_and_real_more_than_pass(zh, en):
    assert meaning.more_than_problems(Text(zh=zh, en=en)) == []


# ---- 套 of radio and TV is channels --------------------------------------------------------


def test_programmes_for_radio_and_tv_sets_are_refused():
    text = Text(zh="提供不少于15套广播节目", en="at least 15 radio programmes")
    assert meaning.channel_problems(text)
    assert meaning.channel_problems(Text(zh="套", en="programmes"), "不少于25套电视节目")
    assert meaning.channel_problems(Text(zh="地面无线电视节目", en="TV programmes"), "不少于15套电视节目")
    assert "频道" in explained(meaning.channel_problems(text)[0], "channels")


def test_channels_and_housing_sets_pass():
    assert meaning.channel_problems(Text(zh="提供不少于15套广播节目", en="at least 15 radio channels")) == []
    assert meaning.channel_problems(Text(zh="套", en="channels"), "不少于25套电视节目") == []
    assert meaning.channel_problems(Text(zh="套", en="homes"), "实物分配不少于2.5万套") == []


# ---- full-width punctuation ------------------------------------------------------------------


def test_full_width_punctuation_in_english_is_refused():
    problems = meaning.full_width_problems("Source：Shangrao plan（2022），item 3")
    assert len(problems) == 1 and "`：`" in problems[0].message and "`（`" in problems[0].message
    assert "全角" in explained(problems[0], "full-width-punctuation")
    assert meaning.full_width_problems("Source: Shangrao plan (2022), the term 低保 (dibao)") == []


# ---- comparators and hedges against the phrase ---------------------------------------------


@pytest.mark.parametrize("phrase,value,comparator", [
    ("住院费用支付比例稳定在80%左右", 80, "eq"),  # 左右 → approx
    ("实现80%以上的县", 80, "eq"),  # 以上 → ge
    ("不少于15套广播节目", 15, "gt"),  # 不少于 includes the number
    ("小学班额不超45人", 45, "ge"),  # 不超 → le
    ("常住人口大于800人", 800, "ge"),  # 大于 → gt
])
def test_a_comparator_the_words_do_not_say_is_refused(phrase, value, comparator):
    problems = meaning.comparator_problems(std(phrase=phrase, value=value, comparator=comparator))
    assert [f for f, _ in problems] == [("comparator",)]
    assert "比较关系应为" in explained(problems[0][1], "comparator-mismatch")


@pytest.mark.parametrize("phrase,value,comparator", [
    ("住院费用支付比例稳定在80%左右", 80, "approx"),
    ("实现80%以上的县", 80, "ge"),
    ("二级以上综合医院设立老年医学科比例达到60%", 60, "eq"),  # 以上 qualifies the grade, not 60
    ("小学班额不超45人", 45, "le"),
    ("常住人口大于800人", 800, "gt"),
    ("按100人核定公用经费", 100, "eq"),
])
def test_the_comparator_the_words_say_passes(phrase, value, comparator):
    kind = "percentage" if "%" in phrase else "count"
    unit = {"zh": "%", "en": "%"} if kind == "percentage" else None
    assert meaning.comparator_problems(std(kind=kind, phrase=phrase, value=value, comparator=comparator, unit=unit)) == []


def test_a_reading_explains_a_comparator_other_than_the_words():
    reading = {"zh": "国家标准班额上限为45人。", "en": "The national limit is 45 pupils."}
    assert meaning.comparator_problems(std(phrase="小学45人以上", value=45, comparator="gt", reading=reading)) == []
    assert meaning.comparator_problems(std(phrase="小学45人以上", value=45, comparator="gt"))


def test_approx_without_about_in_the_phrase_is_refused():
    problems = meaning.comparator_problems(std(phrase="提供13次", value=13, comparator="approx"))
    assert problems and "约" in explained(problems[0][1], "approx-without-word")


@pytest.mark.parametrize("phrase,qualifier", [
    ("大病保险的支付比例原则上不低于60%", "in-principle"),
    ("力争在50%的社区建成", "aim"),
    ("平均每生每年2000元", "average"),
    ("基本消除56人以上高中大班额", "basically"),
])
def test_a_hedge_in_the_phrase_needs_its_qualifier(phrase, qualifier):
    kind = "percentage" if "%" in phrase else "count"
    unit = {"zh": "%", "en": "%"} if kind == "percentage" else None
    value = {"in-principle": 60, "aim": 50, "average": 2000, "basically": 56}[qualifier]
    comparator = {"in-principle": "ge", "basically": "ge"}.get(qualifier, "eq")
    bare = std(kind=kind, phrase=phrase, value=value, comparator=comparator, unit=unit)
    problems = meaning.comparator_problems(bare)
    assert [f for f, _ in problems] == [("qualifier",)] and qualifier in problems[0][1].message
    assert "限定语" in explained(problems[0][1], "qualifier-missing")
    hedged = std(kind=kind, phrase=phrase, value=value, comparator=comparator, unit=unit, qualifier=qualifier)
    assert meaning.comparator_problems(hedged) == []


def test_basic_in_a_name_is_not_a_hedge():
    assert meaning.comparator_problems(std(kind="count", phrase="基本公共卫生服务提供13次", value=13)) == []


def test_a_qualifier_the_phrase_does_not_say_is_refused():
    problems = meaning.comparator_problems(std(phrase="提供13次", value=13, qualifier="aim"))
    assert [(f, p.code) for f, p in problems] == [(("qualifier",), "qualifier-without-word")]


def test_a_percentage_needs_its_unit():
    problems = meaning.comparator_problems(std(kind="percentage", phrase="达到60%", value=60))
    assert [(f, p.code) for f, p in problems] == [(("unit",), "percentage-without-unit")]


# ---- the glossary, with renderings to avoid -------------------------------------------------


def test_glossary_rendering_and_avoided_renderings():
    term = GlossaryTerm(zh="常住", en="living in the area", en_variants=["resident population"],
                        en_avoid=["permanent resident"])
    bad = meaning.glossary_problems(Text(zh="辖区内常住居民", en="Permanent residents of the area"), [term])
    assert len(bad) == 2
    assert [p.code for p in bad] == ["glossary-not-used", "glossary-avoided"]
    assert "permanent resident" in bad[1].message and "“permanent resident”" in bad[1].text("zh")
    assert meaning.glossary_problems(Text(zh="辖区内常住居民", en="People living in the area"), [term]) == []
    assert meaning.glossary_problems(Text(zh="常住人口2000人", en="a resident population of 2,000"), [term]) == []


# ---- shared indicator codes --------------------------------------------------------------------


def test_shared_codes_need_one_english_name_and_unit(tmp_path):
    from generator.data.loader import Locations, LoadedFile
    from generator.data.schema import IndicatorsFile

    def indicators(name_en, unit_en, unit_zh="人"):
        return IndicatorsFile.model_validate({"indicators": [{
            "id": "doctors", "code": "doctors-per-1000", "domain": "health",
            "name": {"zh": "每千人口执业（助理）医师数", "en": name_en}, "unit": {"zh": unit_zh, "en": unit_en},
            "target": {"value": 3, "text": "3"}, "attribute": "expected",
            "source": {"document": "x", "table": "main-indicators", "row": 1, "quote": "3"}}]})

    def loaded(name):
        return LoadedFile(tmp_path / name, name, {}, Locations(name, {("indicators", 0, "name", "en"): (5, 11)}))

    a = (loaded("a.yml"), indicators("Licensed doctors per 1,000 population", "doctors"))
    b = (loaded("b.yml"), indicators("Licensed (assistant) doctors per 1,000 population", "people"))
    errors = meaning.shared_code_problems([a, b])
    assert {e.field for e in errors} == {"indicators[0].name.en", "indicators[0].unit.en"}
    assert sorted(e.code for e in errors) == ["code-english-unit-differs", "code-name-differs"]
    c = (loaded("c.yml"), indicators("Licensed doctors per 1,000 population", "beds", unit_zh="张"))
    assert [e.field for e in meaning.shared_code_problems([a, c])] == ["indicators[0].unit"]
    assert meaning.shared_code_problems([a, a]) == []


# ---- plural agreement in interface strings ---------------------------------------------------


def test_a_count_with_a_plural_noun_needs_its_singular_form():
    ui = {"zh": {"count": "找到 {n} 项服务"}, "en": {"count": "{n} services may apply to you:"}}
    problems = meaning.interface_problems(ui)
    assert len(problems) == 1 and "count_one" in problems[0][1].message
    assert "单数" in explained(problems[0][1], "missing-singular")
    ui["en"]["count_one"] = "{n} service may apply to you:"
    assert meaning.interface_problems(ui) == []


def test_the_interface_uses_the_singular_for_one():
    assert t("en", "finder_count", n=1) == "1 service may apply to you:"
    assert t("en", "finder_count", n=2) == "2 services may apply to you:"
    assert meaning.interface_problems(UI) == []


def test_interface_errors_are_located_in_i18n():
    errors = meaning.interface_errors()
    assert errors == []
    source = ROOT / "generator" / "site" / "i18n.py"
    broken = source.read_text(encoding="utf-8")
    assert '"finder_count_one"' in broken


# ---- the real data passes every rule, through validate ---------------------------------------


def test_the_real_data_passes_the_rules_of_meaning(dataset):
    # load_dataset raises DataErrors on any problem: this is what `site_build.py validate` runs.
    assert dataset.cities


def _item(dataset, city, item_id) -> Item:
    c = next(c for c in dataset.cities if c.city.id == city)
    return next(i for i in c.items if i.id == item_id)


def test_radio_and_tv_counts_are_channels(dataset):
    for item_id in ("radio", "tv-programmes"):
        item = _item(dataset, "shangrao", item_id)
        assert all(s.unit.en == "channels" for s in item.standards)
        assert "channels" in standard_line(item, "en")


def test_the_three_about_values_are_approx(dataset):
    about = [(c.city.id, i.id, s.value) for c in dataset.cities for i in c.items for s in i.standards
             if s.comparator.value == "approx"]
    assert sorted(about) == [("shangrao", "employee-medical-insurance", 80), ("shangrao", "resident-medical-insurance", 75),
                             ("yichun", "safety-net-elderly-care", 60)]


def test_family_planning_support_reaches_bereaved_and_disabled_child_parents(dataset):
    item = _item(dataset, "shangrao", "family-planning-special-support")
    assert item.audiences == ["family-planning-special-families"]
    audience = next(a for a in dataset.audiences if a.id == "family-planning-special-families")
    assert "独生子女死亡或伤残" in audience.question.zh and "only child" in audience.question.en


def test_school_funding_is_never_a_personal_entitlement(dataset):
    item = _item(dataset, "shangrao", "free-compulsory-education")
    assert {s.recipient.value for s in item.standards} == {"institution"}
    assert standard_line(item, "en") == "" and standard_line(item, "zh") == ""


def test_class_sizes_agree_across_cities(dataset):
    sr = _item(dataset, "shangrao", "basic-education-project").standards
    yc = _item(dataset, "yichun", "weak-school-upgrading").standards
    assert [(s.value, s.comparator.value) for s in sr[:2]] == [(45, "gt"), (50, "gt")]
    assert all(s.reading is not None for s in sr[:2])
    assert [(s.value, s.comparator.value) for s in yc if s.value in (45, 50)] == [(45, "le"), (50, "le")]
