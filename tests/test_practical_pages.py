"""What a resident needs to act (issue 15), rendered: each practical field of a service with its
own source, and each honest gap.

The fixture project is the webmaster guide's worked example: tests/fixtures/good with
tests/fixtures/notice laid over it — a made-up education bureau notice (city.yml `documents`)
and a made-up excerpt of the national standard (data/documents.yml). Its service
`boarding-pupil-allowance` has all six fields; `school-meal-allowance` has none, so its page
shows every gap and names the three documents checked. The real site (one plan per city) shows
Shangrao box 8 item 7's opening hours as the plan states them: a principle, no timetable.

Built once per module (a build test), then served on 127.0.0.1 and opened in Chromium at 360 px.
"""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest
from helpers import GOOD, NOTICE

from bench import localserve
from generator.build import build_site
from generator.finish.links import check_links

ALL = "cities/testcity/services/boarding-pupil-allowance"
NONE = "cities/testcity/services/school-meal-allowance"
PREFIX = {"zh": "", "en": "en/"}
FIELDS = ("funding", "lead_department", "how_to_apply", "fee", "opening", "contact")

# What each field of the worked example shows, per language: every piece comes from the fixture's notice.
SHOWN = {
    "zh": {
        "funding": ["中央与地方共同财政事权，按规定分担"],
        "lead_department": ["测试市教育局"],
        "how_to_apply": ["学生家长持居民身份证、户口簿向就读学校提出申请", "现场办理、网上办理", "居民身份证、户口簿", "就读学校"],
        "fee": ["免费"],
        "opening": ["测试市教育局学生资助管理中心", "测试市人民路1号", "周一至周五", "08:30", "12:00", "14:30", "17:30",
                    "休息（国家法定节假日休息）", "每年9月1日至9月30日为集中受理期"],
        "contact": ["咨询电话", "0000-1234567"],
    },
    "en": {
        "funding": ["Shared between central and local government as the rules set out"],
        "lead_department": ["Test City Education Bureau"],
        "how_to_apply": ["A parent applies to the pupil's school", "in person, online", "Resident identity card, Household register",
                         "The pupil's school"],
        "fee": ["Free"],
        "opening": ["Student Aid Centre of the Test City Education Bureau", "1 Renmin Road, Test City", "Mon–Fri", "08:30", "17:30",
                    "closed (Closed on national statutory holidays)", "Applications are received mainly from 1 to 30 September"],
        "contact": ["Enquiries", "0000-1234567"],
    },
}
# Each gap of the service no document speaks of, per language.
GAPS = {
    "zh": {"funding": "本站所收文件均未写明支出责任。", "lead_department": "本站所收文件均未写明牵头负责单位。",
           "how_to_apply": "本站所收文件均未写明办理方式。", "fee": "本站所收文件均未写明是否收费。",
           "opening": "本站所收文件均未写明服务地点和开放时间。", "contact": "本站所收文件均未写明咨询方式。"},
    "en": {"funding": "None of the documents this site holds says who pays.",
           "lead_department": "None of the documents this site holds says which department is responsible.",
           "how_to_apply": "None of the documents this site holds says how to apply.",
           "fee": "None of the documents this site holds says whether it is free.",
           "opening": "None of the documents this site holds says where it is given or when it is open.",
           "contact": "None of the documents this site holds says whom to ask."},
}
CHECKED = {
    "zh": "本站所收的文件：《测试市“十四五”公共服务规划》《测试市教育局关于做好家庭经济困难寄宿生生活补助申请工作的通知》"
          "《测试用国家基本公共服务标准（摘录）》。",
    "en": "The documents this site holds: Test City 14th Five-Year Public Service Plan (test fixture); Notice of the Test City "
          "Education Bureau on applications for the boarders' living allowance (test fixture); National basic public service "
          "standard, excerpt (test fixture).",
}


@pytest.fixture(scope="module")
def notice_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("notice") / "project"
    import shutil
    shutil.copytree(GOOD, root)
    shutil.copytree(NOTICE, root, dirs_exist_ok=True)
    site = root.parent / "site"
    # The fixture has no hand-written pages of its own: the project's home page links to the real
    # cities, so the links are checked below, for the pages this fixture makes.
    build_site(root, site, check_links=False)
    return site


def _page(site: Path, lang: str, path: str) -> str:
    return (site / PREFIX[lang] / path / "index.html").read_text(encoding="utf-8")


def _fields(page: str) -> dict[str, str]:
    """Each practical field's shown text (tags dropped, entities decoded), by name."""
    block = re.search(r'<dl class="service-form practical">(.*?)</dl>', page, re.S).group(1)
    out = {}
    for name, body in re.findall(r'<dd data-practical="([a-z_]+)">(.*?)</dd>', block, re.S):
        shown = re.sub(r"<details.*?</details>", "", body, flags=re.S)  # the source, not the field
        out[name] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", shown)).split())
    return out


# ---- the built pages -----------------------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_field_is_rendered_with_its_own_source(notice_site, lang):
    page = _page(notice_site, lang, ALL)
    fields = _fields(page)
    assert list(fields) == list(FIELDS)
    for name, pieces in SHOWN[lang].items():
        for piece in pieces:
            assert piece in fields[name], (name, piece, fields[name])
        assert "practical__gap" not in fields[name]
    # Each field's source: its document (not the plan) and its passage in it.
    sources = re.findall(r'<dd data-practical="([a-z_]+)">.*?class="source-ref__where">.*?<a href="([^"]+)">', page, re.S)
    assert dict(sources) == {
        "funding": "../../../../documents/test-national-standard/#section-2",
        "lead_department": "../../../../documents/testcity-student-aid-notice/#section-1",
        "how_to_apply": "../../../../documents/testcity-student-aid-notice/#section-2",
        "fee": "../../../../documents/testcity-student-aid-notice/#section-3",
        "opening": "../../../../documents/testcity-student-aid-notice/#section-4",
        "contact": "../../../../documents/testcity-student-aid-notice/#section-5",
    }
    assert 'href="tel:0000-1234567"' in page
    assert '<time>08:30</time>–<time>12:00</time>' in page


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_gap_says_so_and_names_the_documents_checked(notice_site, lang):
    page = _page(notice_site, lang, NONE)
    fields = _fields(page)
    assert fields == GAPS[lang]
    checked = re.search(r'<p class="practical__checked">(.*?) <a', page, re.S).group(1)
    assert html.unescape(checked) == CHECKED[lang]


@pytest.mark.build
def test_a_project_shows_no_gaps(notice_site):
    page = _page(notice_site, "zh", "cities/testcity/projects/community-cultural-centres")
    assert "practical" not in page


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_documents_have_pages_and_rows(notice_site, lang):
    listing = _page(notice_site, lang, "documents")
    for doc in ("testcity-plan", "testcity-student-aid-notice", "test-national-standard"):
        assert f'id="document-{doc}"' in listing
    assert 'href="https://example.org/testcity/student-aid-notice" rel="noopener"' in listing
    notice = _page(notice_site, lang, "documents/testcity-student-aid-notice")
    assert all(f'id="section-{n}"' in notice for n in range(1, 6))
    assert "测教字〔2022〕1号" in notice and "【测试用文本 TEST FIXTURE】" in notice
    rows = list(csv.DictReader(io.StringIO((notice_site / "downloads/documents.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["id"], r["city"], r["kind"]) for r in rows] == [
        ("testcity-plan", "testcity", "plan"), ("testcity-student-aid-notice", "testcity", "notice"),
        ("test-national-standard", "", "national-standard")]


@pytest.mark.build
def test_the_links_of_the_fixtures_pages_resolve(notice_site):
    broken, _ = check_links(notice_site)
    ours = [b for b in broken if b.startswith(("/cities/testcity/", "/en/cities/testcity/", "/documents/", "/en/documents/"))]
    assert ours == []


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_shangrao_opening_hours_are_the_plans_principle_not_a_timetable(built_site, lang):
    """Box 8 item 7 states a rule for the hours, item 1 that the facilities are free: shown as stated."""
    sports = _fields(_page(built_site, lang, "cities/shangrao/services/sports-venue-opening"))
    principle = {"zh": "出处只规定了原则，没有具体时间表： 开放时间与当地公众的工作时间、学习时间适当错开，不少于国家、省规定的最低时限",
                 "en": "The source states a rule, not a timetable: Opening hours are suitably staggered"}[lang]
    assert principle in sports["opening"]
    assert {"zh": "延长开放时间（国家法定节假日和学校寒暑假期间，适当延长开放时间）",
            "en": "longer hours (Opening hours are suitably extended"}[lang] in sports["opening"]
    assert not re.search(r"\d{1,2}:\d{2}", sports["opening"])  # no clock time the plan does not give
    assert {"zh": "收费原则 免费项目或有关收费标准由地方政府制定", "en": "Charging rule Which services are free"}[lang] in sports["fee"]
    gap = {"zh": "规划未写明", "en": "The plan does not say"}[lang]
    assert all(sports[name].startswith(gap) for name in ("funding", "lead_department", "how_to_apply", "contact"))
    free = _fields(_page(built_site, lang, "cities/shangrao/services/free-cultural-facilities"))
    assert free["fee"] == {"zh": "免费", "en": "Free"}[lang]
    assert free["opening"] == {"zh": "规划未写明服务地点和开放时间。", "en": "The plan does not say where it is given or when it is open."}[lang]


# ---- in Chromium, on a phone ------------------------------------------------------------------


@pytest.fixture(scope="module")
def notice_server(notice_site, tmp_path_factory):
    if localserve.NGINX:
        with localserve.nginx(notice_site, tmp_path_factory.mktemp("nginx-notice")) as url:
            yield url
    else:
        with localserve.python_server(notice_site) as url:
            yield url


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_resident_sees_each_field_and_each_gap_on_a_phone(browser, notice_server, lang):
    from browsing import assert_clean, open_page, skip_without_browser

    skip_without_browser()
    page = open_page(browser)
    page.goto(f"{notice_server}/{PREFIX[lang]}{ALL}/")
    for name, pieces in SHOWN[lang].items():
        field = page.locator(f'[data-practical="{name}"]')
        assert field.is_visible()
        text = " ".join(field.inner_text().split())
        assert all(piece in text for piece in pieces), (name, text)
    # The source is one tap away, and opens on its quote.
    contact = page.locator('[data-practical="contact"] details')
    assert not contact.locator("blockquote").is_visible()
    box = contact.locator("summary").bounding_box()
    assert box["height"] >= 44
    contact.locator("summary").click()
    assert contact.locator("blockquote").is_visible()
    assert "咨询电话：0000-1234567。" in contact.locator("blockquote").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.goto(f"{notice_server}/{PREFIX[lang]}{NONE}/")
    for name, gap in GAPS[lang].items():
        field = page.locator(f'[data-practical="{name}"]')
        assert field.is_visible() and " ".join(field.inner_text().split()) == gap
    assert page.locator(".practical__checked").is_visible()
    assert_clean(page)
    page.context.close()


# ---- the guide shows the fixture as it is ------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize("guide", ["content/guide/index.md", "content/en/guide/index.md"])
def test_the_guides_worked_example_is_the_fixture(project_root, guide):
    """Every line of the guide's two YAML examples (comments aside) is a line of the fixture, so the
    guide cannot drift from the example the tests build."""
    text = (project_root / guide).read_text(encoding="utf-8")
    section = text[text.index("testcity-student-aid-notice.txt"):]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)[:2]
    assert len(blocks) == 2
    fixture = "\n".join(p.read_text(encoding="utf-8") for p in (NOTICE / "data").rglob("*.yml"))
    fixture_lines = {line.strip() for line in fixture.splitlines()}
    for block in blocks:
        for line in block.splitlines():
            line = re.sub(r"(^|\s+)#.*$", "", line).strip()
            if line and "…" not in line:
                assert line in fixture_lines, line


# ---- hostile text in a registered document and a practical field stays text ----------------------


@pytest.mark.build
def test_markup_in_a_notice_and_its_fields_is_shown_as_text(tmp_path):
    """The inert-text test's payload (test_inert_text.py) in a registered document's title and issuer
    and in a practical field (Chinese, quoted from the notice, and English): no handler, no script,
    no javascript: link on the pages that show them, and the words shown literally."""
    import json
    import shutil

    from test_inert_text import HOSTILE, Page

    root = tmp_path / "project"
    shutil.copytree(GOOD, root)
    shutil.copytree(NOTICE, root, dirs_exist_ok=True)
    quoted = {lang: json.dumps(f"{lang}-{HOSTILE}", ensure_ascii=False) for lang in ("zh", "en")}

    def edit(relative: str, old: str, new: str) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")

    edit("data/cities/testcity/city.yml", "    issuer: {zh: 测试市教育局, en: Test City Education Bureau}",
         f"    issuer: {{zh: {quoted['zh']}, en: {quoted['en']}}}")
    edit("data/documents.yml", "      zh: 测试用国家基本公共服务标准（摘录）\n", f"      zh: {quoted['zh']}\n")
    edit("data/sources/testcity-student-aid-notice.txt", "二、办理方式\n", f"二、办理方式\nzh-{HOSTILE}\n")
    edit("data/cities/testcity/items/box-01.yml", """      steps:
        zh: 学生家长持居民身份证、户口簿向就读学校提出申请
        en: A parent applies to the pupil's school, bringing their resident identity card and household register
""", f"""      steps:
        zh: {quoted['zh']}
        en: {quoted['en']}
""")
    edit("data/cities/testcity/items/box-01.yml",
         "        quote: 学生家长持居民身份证、户口簿向就读学校提出申请，也可登录测试市政务服务网在线申请。\n",
         f"        quote: {json.dumps(f'zh-{HOSTILE} 学生家长持居民身份证、户口簿向就读学校提出申请', ensure_ascii=False)}\n")
    site = tmp_path / "site"
    build_site(root, site, check_links=False)
    for lang in ("zh", "en"):
        for path in (ALL, "documents", "documents/testcity-student-aid-notice", "documents/test-national-standard"):
            text = _page(site, lang, path)
            parsed = Page(text)
            assert parsed.handlers == [] and parsed.script_urls == [], (lang, path)
            assert all(attrs.get("src") or "alert" not in body for attrs, body in parsed.scripts), (lang, path)
        assert f"{lang}-<script>alert(1)</script>" in _fields(_page(site, lang, ALL))["how_to_apply"]
    assert "zh-<script>alert(1)</script>" in html.unescape(_page(site, "zh", "documents"))
