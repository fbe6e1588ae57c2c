"""The whole dataset as open data (issue 18), checked by the tools its users run.

- `frictionless validate` (the reference validator of the Frictionless standard) over every
  data package of the built site: the whole site's and each city's;
- every figure shown on a service page is in the standards table, with the same value,
  comparator and unit;
- the JSON API: one document per item and per indicator, each valid against the JSON Schema
  it names, linked from its page;
- every Atom feed parsed by feedparser, without a `bozo` error, with the entries the
  "what changed" page lists;
- sitemap.xml against the sitemaps.org XSD (xmlschema, the schema vendored in tests/fixtures/sitemaps/);
- the editors' JSON Schemas (data/schema/) checked as JSON Schema, and every data file
  against its schema, by check-jsonschema (the check an editor plugin runs).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from generator.data.schema import json_schemas, model_for
from generator.data.validate import data_files
from generator.site import api, downloads, formatting
from helpers import notice_project  # noqa: F401  (pytest fixture)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SITEMAP_XSD = ROOT / "tests" / "fixtures" / "sitemaps" / "sitemap.xsd"
XHTML_LINK_XSD = ROOT / "tests" / "fixtures" / "sitemaps" / "xhtml-link.xsd"
TABLE_NAMES = ["indicators", "items", "standards", "glossary", "documents"]


def _csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff"), "UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(text[1:])))


# ---- unit: the tables and the API from the data ---------------------------------------------


@pytest.mark.unit
def test_tables_hold_every_item_and_every_figure(dataset):
    files = downloads.all_files(dataset)
    items = _csv(files[downloads.table_file("items", "csv")])
    standards = _csv(files[downloads.table_file("standards", "csv")])
    assert {(r["city"], r["id"]) for r in items} == {(c.city.id, i.id) for c in dataset.cities for i in c.items}
    expected = sum(len(s.tiers) or 1 for c in dataset.cities for i in c.items for s in i.standards)
    assert len(standards) == expected
    keys = [(r["city"], r["item"], r["standard"], r["tier"]) for r in standards]
    assert len(keys) == len(set(keys)), "the primary key of the standards table is unique"
    for city in dataset.cities:  # each city's tables are the site's rows of that city
        mine = _csv(files[downloads.table_file("standards", "csv", city.city.id)])
        assert mine == [r for r in standards if r["city"] == city.city.id]
    package = json.loads(files[downloads.PACKAGE])
    assert [r["name"] for r in package["resources"]] == TABLE_NAMES
    assert package["licenses"][0]["name"] == dataset.licence.licence.name
    for city in dataset.cities:
        assert [r["name"] for r in json.loads(files[downloads.package_file(city.city.id)])["resources"]] == TABLE_NAMES


@pytest.mark.unit
def test_the_items_table_states_each_practical_field_in_words_with_its_document(notice_project):
    """The worked example: every practical field of one service, in both languages as its page
    words it, with the document that states it; a service no document covers has empty cells."""
    dataset = notice_project.load()
    files = downloads.all_files(dataset)
    rows = {r["id"]: r for r in _csv(files[downloads.table_file("items", "csv", "testcity")])}
    allowance, meals = rows["boarding-pupil-allowance"], rows["school-meal-allowance"]
    assert allowance["funding_zh"] == "中央与地方共同财政事权，按规定分担"
    assert allowance["funding_en"] == "Shared between central and local government as the rules set out"
    assert allowance["funding_source"] == "test-national-standard"
    assert allowance["lead_department_zh"] == "测试市教育局" and allowance["lead_department_source"] == "testcity-student-aid-notice"
    assert allowance["how_to_apply_zh"] == ("学生家长持居民身份证、户口簿向就读学校提出申请；办理渠道：现场办理、网上办理；"
                                            "所需材料：居民身份证、户口簿；办理地点：就读学校")
    assert allowance["how_to_apply_en"].startswith("A parent applies to the pupil's school") and \
        "; Channels: in person, online; What to bring: Resident identity card, Household register; Where to apply: " in allowance["how_to_apply_en"]
    assert (allowance["fee_zh"], allowance["fee_en"]) == ("免费", "Free")
    assert allowance["opening_zh"] == ("地点：测试市教育局学生资助管理中心（地址：测试市人民路1号）；开放时间：周一至周五 08:30–12:00、"
                                       "周一至周五 14:30–17:30；节假日：休息（国家法定节假日休息）；例外：每年9月1日至9月30日为集中受理期")
    assert "Opening hours: Mon–Fri 08:30–12:00, Mon–Fri 14:30–17:30; Public holidays: closed (Closed on" in allowance["opening_en"]
    assert (allowance["contact_zh"], allowance["contact_en"]) == ("咨询电话：0000-1234567", "Enquiries: 0000-1234567")
    practical = [f"{name}_{part}" for name in downloads.PRACTICAL_FIELDS for part in ("zh", "en", "source")]
    assert all(meals[column] == "" for column in practical)  # not stated: blank, never guessed
    assert list(rows["school-meal-allowance"])[-len(practical):] == practical  # the new columns come last
    # The JSON rows hold the same text; the data package describes each column and its document's key.
    [json_row] = [r for r in json.loads(files[downloads.table_file("items", "json", "testcity")]) if r["id"] == "boarding-pupil-allowance"]
    assert json_row["opening_zh"] == allowance["opening_zh"]
    [items] = [r for r in json.loads(files[downloads.package_file("testcity")])["resources"] if r["name"] == "items"]
    described = {f["name"]: f for f in items["schema"]["fields"]}
    assert described["fee_zh"]["title"].startswith("费用（中文）") and "in Chinese" in described["fee_zh"]["description"]
    assert described["fee_en"]["title"].startswith("费用（英文）") and "in English" in described["fee_en"]["description"]
    assert {"fields": ["contact_source"], "reference": {"resource": "documents", "fields": ["id"]}} in items["schema"]["foreignKeys"]
    documents = {r["id"] for r in _csv(files[downloads.table_file("documents", "csv", "testcity")])}
    assert {allowance[f"{name}_source"] for name in downloads.PRACTICAL_FIELDS} <= documents


@pytest.mark.unit
def test_a_charged_fee_reads_its_amount_or_says_it_is_not_stated():
    from generator.data.schema import Fee

    source = {"document": "d", "section": 1, "quote": "每人每次5元"}
    charged = Fee(cost="charged", phrase="每人每次5元", amount=5, unit={"zh": "元", "en": "yuan"}, source=source)
    assert (downloads.practical_text(charged, "zh"), downloads.practical_text(charged, "en")) == ("收费：5元", "Charged: 5 yuan")
    unstated = Fee(cost="charged", phrase="适当收费", source=source)
    assert downloads.practical_text(unstated, "en") == "Charged: the source does not state the amount"
    assert downloads.practical_text(None, "zh") == ""


@pytest.mark.unit
def test_every_api_document_is_valid_against_the_json_schema_it_names(dataset, monkeypatch):
    import jsonschema

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site = "https://example.org/site/"
    files = api.all_files(dataset, site)
    schemas = {api.absolute(site, path): json.loads(text) for path, text in files.items() if path.startswith(f"{api.API}/schema/")}
    assert len(schemas) == len(api.DOCUMENTS)
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    documents = {path: json.loads(text) for path, text in files.items() if not path.startswith(f"{api.API}/schema/")}
    for path, doc in documents.items():
        assert doc["api"] == "v1" and doc["generated_at"] == "2023-11-14T22:13:20Z", path
        assert doc["licence"]["licence"]["name"] == "CC-BY-4.0" and doc["sources"], path
        jsonschema.Draft202012Validator(schemas[doc["$schema"]]).validate(doc)
    for city in dataset.cities:
        for item in city.items:
            doc = documents[api.item_file(city.city.id, item.id)]
            assert doc["item"] == item.model_dump(mode="json")
        for ind in city.indicators:
            assert documents[api.indicator_file(city.city.id, ind.id)]["indicator"]["id"] == ind.id
    index = documents[api.index_file()]
    assert [c["id"] for c in index["cities"]] == [c.city.id for c in dataset.cities]


def _made_up_indicator(base: float, target: float, observations: dict[int, float]):
    """An indicator made up for the test: a 2020 value, a 2025 target and values observed since."""
    from generator.data.schema import Indicator

    return Indicator.model_validate({
        "id": "made-up", "domain": "health", "name": {"zh": "测试指标", "en": "Test indicator"}, "attribute": "expected",
        "baseline": {"value": base, "text": str(base)}, "target": {"value": target, "text": str(target)},
        "observations": [{"year": y, "value": v, "phrase": f"达到{v}", "source": {"document": "doc", "chapter": 1, "quote": f"达到{v}"}}
                         for y, v in observations.items()],
        "source": {"document": "doc", "table": "main-indicators", "row": 1, "quote": f"测试 {base} {target}"}})


@pytest.mark.unit
def test_an_indicators_progress_is_in_the_api_with_its_inputs_and_steps():
    # 80 in 2020, 86 in 2023, 90 by 2025: CAGR_o = (86/80)^(1/3) - 1, CAGR_r = (90/80)^(1/5) - 1, R = CAGR_o / CAGR_r.
    status = api.progress_status(_made_up_indicator(80, 90, {2022: 83, 2023: 86})).model_dump(mode="json")
    observed, required = (86 / 80) ** (1 / 3) - 1, (90 / 80) ** (1 / 5) - 1
    assert status["status"] == "substantial" and status["computed"] is True
    assert status["text"] == {"zh": "进展显著", "en": "Substantial progress"}
    assert (status["direction"], status["direction_from"]) == ("higher", "baseline")
    assert status["inputs"] == {"baseline_year": 2020, "baseline": 80, "latest_year": 2023, "latest": 86,
                                "target_year": 2025, "target": 90, "d": 1}
    assert status["cagr_observed"] == round(observed, 6) and status["cagr_required"] == round(required, 6)
    assert status["ratio"] == round(observed / required, 6) and status["ratio"] > status["thresholds"]["substantial"]
    falling = api.progress_status(_made_up_indicator(80, 90, {2023: 78})).model_dump(mode="json")
    assert falling["status"] == "deterioration" and falling["ratio"] < 0
    # No value since 2020: no status, the reason in words, and the inputs the data does hold.
    waiting = api.progress_status(_made_up_indicator(80, 90, {})).model_dump(mode="json")
    assert (waiting["status"], waiting["computed"], waiting["ratio"]) == ("no_data", False, None)
    assert "cannot be assessed" in waiting["text"]["en"] and "无法判断进展" in waiting["text"]["zh"]
    assert (waiting["inputs"]["baseline"], waiting["inputs"]["target"], waiting["inputs"]["latest_year"]) == (80, 90, None)


@pytest.mark.unit
def test_every_indicator_document_and_list_entry_carries_its_pages_progress(dataset):
    from generator.site.progress import progress_of

    files = api.all_files(dataset)
    for city in dataset.cities:
        listed = {e["indicator"]["id"]: e["progress"] for e in json.loads(files[api.city_file(city.city.id, "indicators")])["indicators"]}
        for ind in city.indicators:
            doc = json.loads(files[api.indicator_file(city.city.id, ind.id)])
            assert doc["progress"] == listed[ind.id]
            assert doc["progress"]["status"] == progress_of(ind).status.value, ind.id
            assert doc["progress"]["inputs"]["baseline"] == (ind.baseline.value if ind.baseline else None)


@pytest.mark.unit
def test_editors_json_schemas_are_current_valid_and_every_data_file_passes_them():
    """check-jsonschema, as an editor plugin runs it: the schemas against the JSON Schema
    metaschema, then every data file against the schema of its kind. Its command line is
    run in this process (click's runner): the same code, without an interpreter per run."""
    schema_dir = ROOT / "data" / "schema"
    for name, schema in json_schemas().items():
        assert json.loads((schema_dir / f"{name}.schema.json").read_text(encoding="utf-8")) == schema, \
            f"data/schema/{name}.schema.json is out of date: run `site_build.py schema`"
    schema_files = sorted(str(p) for p in schema_dir.glob("*.schema.json"))
    run = _check_jsonschema("--check-metaschema", *schema_files)
    assert run.exit_code == 0, run.output
    by_model: dict[str, list[str]] = defaultdict(list)
    for path in data_files(ROOT):
        model = model_for(path.relative_to(ROOT / "data").as_posix())
        assert model is not None, path
        by_model[model.__name__].append(str(path))
    assert set(by_model) == set(json_schemas())
    for name, paths in sorted(by_model.items()):
        run = _check_jsonschema("--schemafile", str(schema_dir / f"{name}.schema.json"), *paths)
        assert run.exit_code == 0, run.output


def _check_jsonschema(*args: str):
    from check_jsonschema import main
    from click.testing import CliRunner

    return CliRunner().invoke(main, list(args))


@pytest.mark.unit
def test_the_sitemap_schema_refuses_what_it_should():
    """The vendored XSD is in force: a sitemap without <loc>, or with a bad hreflang, fails."""
    import xmlschema

    from generator.finish.sitemap import sitemap_xml

    schema = _sitemap_schema(xmlschema)
    good = sitemap_xml("https://example.org/", [{"url": "a/", "lang": "zh"}, {"url": "en/a/", "lang": "en"}])
    schema.validate(good)
    assert not schema.is_valid(good.replace("<loc>", "<where>").replace("</loc>", "</where>"))
    assert not schema.is_valid(good.replace('hreflang="en"', 'hreflang="en gb"'))


def _sitemap_schema(xmlschema):
    return xmlschema.XMLSchema([str(SITEMAP_XSD), XHTML_LINK_XSD.name])


# ---- build: what the built site publishes ----------------------------------------------------


def _frictionless(package: Path) -> dict:
    run = subprocess.run([str(BIN / "frictionless"), "validate", "--json", str(package)], capture_output=True, text=True)
    return json.loads(run.stdout)


@pytest.mark.build
def test_every_data_package_is_valid_by_frictionless(built_site):
    packages = [built_site / downloads.PACKAGE, *sorted((built_site / downloads.DOWNLOADS).glob("*/datapackage.json"))]
    assert len(packages) >= 3  # the whole site and each city
    for package in packages:
        report = _frictionless(package)
        problems = [(t["name"], e["message"]) for t in report["tasks"] for e in t["errors"]][:10]
        assert report["valid"], f"{package.relative_to(built_site)}: {problems}"
        assert sorted(t["name"] for t in report["tasks"]) == sorted(TABLE_NAMES)
        assert all(t["stats"]["rows"] > 0 for t in report["tasks"])


_KEY_FIGURE = re.compile(r'<li><span class="key-figures__label">(.*?)</span> <strong class="key-figures__value">(.*?)</strong>', re.S)
# How the site words each comparator in Chinese (generator/site/formatting.py): what the page must show.
_COMPARATOR_WORDS = {"eq": (), "gt": ("大于",), "ge": ("不少于", "及以上"), "lt": ("小于", "未满"), "le": ("不超过", "及以下"), "approx": ("约",)}


def _text(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.build
def test_every_figure_on_a_service_page_is_in_the_standards_table(built_site):
    """Reads both: each figure of each item page (Chinese) against the published standards.csv."""
    rows = _csv((built_site / downloads.table_file("standards", "csv")).read_text(encoding="utf-8"))
    items = _csv((built_site / downloads.table_file("items", "csv")).read_text(encoding="utf-8"))
    by_standard: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        by_standard[(row["city"], row["item"], int(row["standard"]))].append(row)
    checked = 0
    for item in items:
        folder = "services" if item["kind"] == "service" else "projects"
        page = (built_site / "cities" / item["city"] / folder / item["id"] / "index.html").read_text(encoding="utf-8")
        shown = _KEY_FIGURE.findall(page)
        assert len(shown) == int(item["standards"]), f"{item['city']}/{item['id']}: figures shown ≠ the table's standards"
        for n, (label, value) in enumerate(shown, start=1):
            label, value = _text(label), _text(value)
            figure = by_standard[(item["city"], item["id"], n)]
            assert figure, f"{item['id']} #{n} ({label}: {value}) is not in standards.csv"
            assert {r["label_zh"] for r in figure} == {label}
            for r in figure:
                for col in ("value", "min", "max"):
                    if r[col]:
                        assert formatting.number(float(r[col])) in value, f"{item['id']} #{n}: {col} {r[col]} not in {value!r}"
                if r["tier_zh"]:
                    assert r["tier_zh"] in value
                unit = r["unit_zh"]
                if unit and r["kind"] != "age":
                    assert ("%" if unit in ("%", "％") else unit) in value, f"{item['id']} #{n}: unit {unit} not in {value!r}"
                words = _COMPARATOR_WORDS[r["comparator"]]
                if words and not (r["min"] or r["max"]):
                    assert any(w in value for w in words), f"{item['id']} #{n}: {r['comparator']} not shown in {value!r}"
            checked += 1
    assert checked == len({k for k in by_standard})


_JSON_LINK = re.compile(r'<link rel="alternate describedby" type="application/json" href="([^"]+)">')


@pytest.mark.build
def test_every_item_and_indicator_page_links_its_json_document(built_site, dataset):
    from generator.site.pages import page_url
    from generator.site.sitemodel import indicator_path, item_path

    for lang_prefix in ("", "en/"):
        for city in dataset.cities:
            cid = city.city.id
            targets = [(item_path(cid, i), api.item_file(cid, i.id), "item", i.id) for i in city.items]
            targets += [(indicator_path(cid, i.id), api.indicator_file(cid, i.id), "indicator", i.id) for i in city.indicators]
            for path, doc_path, key, entry_id in targets:
                page = built_site / page_url(lang_prefix + path) / "index.html"
                links = _JSON_LINK.findall(page.read_text(encoding="utf-8"))
                assert len(links) == 1, page
                target = (page.parent / links[0]).resolve()
                assert target == (built_site / doc_path).resolve()
                assert json.loads(target.read_text(encoding="utf-8"))[key]["id"] == entry_id


@pytest.mark.build
def test_the_data_page_shows_the_licence_and_documents_the_api(built_site, dataset):
    for page, words in ((built_site / "data" / "index.html", ("CC-BY-4.0", "此件主动公开", "curl", "pandas", "read.csv", "/api/v1/")),
                        (built_site / "en" / "data" / "index.html", ("CC-BY-4.0", "Creative Commons", "curl", "pandas", "fromJSON", "/api/v1/"))):
        text = page.read_text(encoding="utf-8")
        for word in words:
            assert word in text, f"{page.relative_to(built_site)} lacks {word}"
        assert 'rel="license"' in text


@pytest.mark.build
def test_every_atom_feed_parses_without_errors_and_lists_the_changes(built_site):
    import feedparser

    feeds = sorted(built_site.rglob("feed.xml"))
    assert len(feeds) >= 6  # the whole site and each city, in each language
    for feed_file in feeds:
        feed = feedparser.parse(feed_file.read_bytes())
        rel = feed_file.relative_to(built_site).as_posix()
        assert not feed.bozo, f"{rel}: {feed.get('bozo_exception')}"
        assert feed.version == "atom10", rel
        assert feed.feed.title and feed.feed.id and feed.feed.updated
        lang = "en/" if rel.startswith("en/") else ""
        changes = (built_site / lang / "changes" / "index.html").read_text(encoding="utf-8")
        listed = set(re.findall(r'id="(change-[0-9a-f]{12})"', changes))
        ids = [e.id for e in feed.entries]
        assert len(ids) == len(set(ids)), rel
        for entry in feed.entries:
            assert entry.title and entry.updated and entry.link, rel
            assert entry.link.split("#")[1] in listed, f"{rel}: {entry.link} is not on the changes page"
        if rel in ("feed.xml", "en/feed.xml"):  # the site's feed: every change the page lists
            assert {e.link.split("#")[1] for e in feed.entries} == listed


@pytest.mark.build
def test_sitemap_is_valid_against_the_sitemaps_org_schema(built_site):
    import xmlschema

    schema = _sitemap_schema(xmlschema)
    sitemap = built_site / "sitemap.xml"
    errors = [str(e) for e in schema.iter_errors(str(sitemap))][:5]
    assert errors == []
    assert sitemap.read_text(encoding="utf-8").count("<url>") > 100
