"""Charts that say what they mean (issue 16), on a built fixture project: tests/fixtures/progress,
a made-up city whose made-up plan reports values after 2020 (a worked example, not real data).

- each indicator page shows its progress status and the formula that gave it, in both languages,
  or says that no value was reported since 2020;
- the chart images (SVG and PNG downloads, the og:image) carry title, city, unit, source and the
  target label; the PNG is a valid 1200 × 630 PNG; every og:image exists in the built site;
- <title> and the meta description name the city and the indicator.
The real site's pages get the honest "no value reported" line (tests/test_indicator_pages.py).
"""

from __future__ import annotations

import html
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from generator.site import chart_images

pytestmark = pytest.mark.build

FIXTURE = Path(__file__).parent / "fixtures" / "progress"
SITE_URL = "https://example.org/services/"
CITY = "progresscity"
# indicator → (status in zh, in en): one per outcome of generator/site/progress.py
STATUS = {
    "preschool-enrolment": ("进展显著", "Substantial progress"),
    "childcare-places": ("进展有限", "Limited progress"),
    "maternal-mortality": ("倒退", "Deterioration"),
    "life-expectancy": ("已达到目标", "Target achieved"),
}
NO_DATA = "compulsory-education-retention"
PREFIX = {"zh": "", "en": "en/"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from generator.build import build_site

    root = tmp_path_factory.mktemp("progress") / "project"
    shutil.copytree(FIXTURE, root)
    out = root.parent / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", SITE_URL)  # social previews need absolute addresses
        build_site(root, out, check_links=False)
    return out


def page(site: Path, lang: str, indicator: str) -> str:
    return (site / f"{PREFIX[lang]}cities/{CITY}/indicators/{indicator}/index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", markup)))


@pytest.mark.parametrize("indicator", sorted(STATUS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_indicator_page_shows_its_progress_status_and_the_formula(site, lang, indicator):
    text = text_of(page(site, lang, indicator))
    assert STATUS[indicator][0 if lang == "zh" else 1] in text
    assert "CAGR" in text and "R = d × CAGR" in text  # the formula itself
    assert ("计算方法" if lang == "zh" else "How progress is computed") in text


def test_the_formula_is_shown_with_the_indicators_own_numbers(site):
    # Pre-school enrolment: 80 (2020) → 86 (2023), target 90 (2025).
    text = text_of(page(site, "en", "preschool-enrolment"))
    assert "(86 ÷ 80)1 ÷ 3 − 1 = 2.44%" in text  # observed compound annual growth
    assert "(90 ÷ 80)1 ÷ 5 − 1 = 2.38%" in text  # required to reach the target in 2025
    assert "= +1 × 2.44% ÷ 2.38% = 102%" in text  # R: substantial progress (R ≥ 95 %)
    assert "Direction: higher is better" in text


def test_a_lower_is_better_indicator_reads_its_direction_from_the_printed_maximum(site):
    text = text_of(page(site, "zh", "maternal-mortality"))
    assert "越低越好" in text and "目标写作上限或下限" in text
    assert "= −1 × " in text


@pytest.mark.parametrize("lang,line", [("zh", "2020 年以来本站所收文件未报告数值"),
                                       ("en", "No value reported since 2020 in the documents on this site")])
def test_an_indicator_without_observations_says_so(site, lang, line):
    text = text_of(page(site, lang, NO_DATA))
    assert line in text
    for status in STATUS.values():
        assert status[0 if lang == "zh" else 1] not in text.split(line)[1][:200]


# ---- chart images --------------------------------------------------------------


@pytest.mark.parametrize("lang,target,source,unit", [("zh", "2025年目标（约束性）", "来源：《进展测试市", "单位：1/10万"),
                                                     ("en", "2025 target (binding)", "Source: Progress Test City", "Unit: per 100,000")])
def test_the_svg_download_describes_itself(site, lang, target, source, unit):
    svg = (site / chart_images.image_path(CITY, "maternal-mortality", lang, "svg")).read_text(encoding="utf-8")
    text = html.unescape(svg)
    assert ("孕产妇死亡率" if lang == "zh" else "Maternal mortality rate") in text  # title
    assert ("进展测试市" if lang == "zh" else "Progress Test City") in text  # city
    assert unit in text and source in text
    assert target in text  # the target, named in the chart's legend and …
    assert ("约束性指标" if lang == "zh" else "binding indicator") in text
    assert re.search(r'stroke-dasharray="[^"]+"[^>]*stroke="#882255"|stroke="#882255"[^>]*stroke-dasharray', svg)  # … drawn dashed
    assert SITE_URL + f"{PREFIX[lang]}cities/{CITY}/indicators/maternal-mortality/" in text  # where it came from


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, after checking its signature, every chunk's CRC and its end."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    pos, kinds = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in chunk {kind!r}"
        kinds.append(kind)
        pos += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_indicator_has_a_valid_png_of_the_preview_size(site, lang):
    for indicator in (*STATUS, NO_DATA):
        data = (site / chart_images.image_path(CITY, indicator, lang, "png")).read_bytes()
        assert png_size(data) == (chart_images.WIDTH, chart_images.HEIGHT) == (1200, 630)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_indicator_page_links_its_downloads_and_has_an_og_image_that_exists(site, lang):
    for indicator in (*STATUS, NO_DATA):
        markup = page(site, lang, indicator)
        image = re.search(r'<meta property="og:image" content="([^"]+)"', markup).group(1)
        assert image.startswith(SITE_URL)
        assert (site / image[len(SITE_URL):]).is_file()
        assert re.search(r'<meta name="twitter:card" content="summary_large_image"', markup)
        assert f'<meta property="og:url" content="{SITE_URL}{PREFIX[lang]}cities/{CITY}/indicators/{indicator}/"' in markup
        for ext in ("svg", "png"):  # the download links, relative to the page
            assert re.search(rf'href="[./]*{re.escape(chart_images.image_path(CITY, indicator, lang, ext))}" download', markup)


@pytest.mark.parametrize("lang,city,name", [("zh", "进展测试市", "人均预期寿命"), ("en", "Progress Test City", "Average life expectancy")])
def test_title_and_description_name_the_city_and_the_indicator(site, lang, city, name):
    markup = page(site, lang, "life-expectancy")
    title = html.unescape(re.search(r"<title>(.*?)</title>", markup).group(1))
    description = html.unescape(re.search(r'<meta name="description" content="([^"]*)"', markup).group(1))
    assert city in title and name in title
    assert city in description and name in description
    other = html.unescape(re.search(r'<meta name="description" content="([^"]*)"', page(site, lang, NO_DATA)).group(1))
    assert other != description  # one description per page, not the site's for all


def test_without_a_cjk_font_the_build_says_which_package_to_install(monkeypatch):
    chart_images.cjk_font.cache_clear()
    monkeypatch.setattr(chart_images, "_fontconfig_cjk", lambda: None)
    monkeypatch.setattr(chart_images, "_known_cjk", lambda: None)
    try:
        with pytest.raises(chart_images.ChartImageError, match="fonts-noto-cjk"):
            chart_images.cjk_font()
    finally:
        chart_images.cjk_font.cache_clear()
