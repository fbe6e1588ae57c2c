"""The chart images' PNG (generator/site/chart_images.py): libvips draws the composed SVG as a
correct picture — the preview's size, on white, its Chinese text as glyphs (not as empty boxes),
its bold title bold — and a refused SVG is a clear, bilingual ChartImageError, not a traceback."""

from __future__ import annotations

import pytest
import pyvips

from generator.site import chart_images

pytestmark = pytest.mark.unit




def svg_with(text: str, weight: str = "normal") -> str:
    image = chart_images._Image(chart_key="", lang="zh", title=text, subtitle="上饶市 · 单位：%", source="来源：测试", credit="测试")
    chart = '<svg width="100%" height="100%" aria-hidden="true" focusable="false" viewBox="0 0 800 300"></svg>'
    svg = chart_images.compose(image, chart)
    return svg.replace('font-weight="bold"', f'font-weight="{weight}"', 1)


def picture(svg: str):
    return pyvips.Image.new_from_buffer(chart_images._rasterise(svg), "")


def title_band(image):
    return image.crop(chart_images.MARGIN, 20, 600, 70)


def test_the_png_is_the_preview_size_in_rgb_on_white():
    image = picture(svg_with("孕产妇死亡率"))
    assert (image.width, image.height, image.bands) == (chart_images.WIDTH, chart_images.HEIGHT, 3)
    assert image.crop(0, 0, 30, 30).min() == 255  # the corner: white, no alpha
    assert title_band(image).min() < 64  # the title is drawn, in black


def test_chinese_text_is_drawn_as_glyphs_not_as_empty_boxes():
    # A font without Chinese glyphs draws every character as the same box: two titles of the same
    # length would then give the same picture.
    first, second = picture(svg_with("孕产妇死亡率")), picture(svg_with("人均预期寿命"))
    assert (title_band(first) - title_band(second)).abs().max() > 128


def test_the_bold_title_is_drawn_bold():
    bold, normal = picture(svg_with("孕产妇死亡率", "bold")), picture(svg_with("孕产妇死亡率", "normal"))
    ink = [(title_band(image) < 128).avg() for image in (bold, normal)]
    assert ink[0] > ink[1] * 1.2  # more ink: the bold face, not the regular one


def test_an_svg_libvips_refuses_is_a_clear_bilingual_error():
    with pytest.raises(chart_images.ChartImageError, match="libvips 未能绘制图表图片 / libvips could not render a chart image"):
        chart_images._rasterise("<svg")


def test_the_cache_key_names_the_renderer(tmp_path, monkeypatch):
    svg = svg_with("孕产妇死亡率")
    before = chart_images._cache_path(svg, tmp_path)
    monkeypatch.setattr(chart_images, "_renderer_version", lambda: "another libvips")
    assert chart_images._cache_path(svg, tmp_path) != before
