"""Settings from the environment are untrusted too: they go into every shareable link."""

from __future__ import annotations

import pytest

from generator import settings

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("value, expected", [
    ("https://example.github.io/public-services/", "https://example.github.io/public-services/"),
    ("https://standards.example.gov.cn", "https://standards.example.gov.cn/"),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
])
def test_a_published_address_is_accepted_and_ends_with_a_slash(monkeypatch, value, expected):
    monkeypatch.setenv("SITE_URL", value)
    assert settings.site_url() == expected and settings.site_url_is_set()


@pytest.mark.parametrize("value", ['https://x.org/"><script>', "javascript:alert(1)", "https://x.org/ a",
                                   "ftp://x.org/", "//x.org/", "https://x.org/\\evil", "https://x.org/'"])
def test_an_address_that_could_break_a_page_is_refused(monkeypatch, value):
    monkeypatch.setenv("SITE_URL", value)
    with pytest.raises(settings.SettingError, match="SITE_URL=.*应为 http:// 或 https:// 开头的网址"):
        settings.site_url()


def test_no_address_means_this_machine_and_says_so(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert settings.site_url() == settings.DEFAULT_SITE_URL and not settings.site_url_is_set()


@pytest.mark.parametrize("value", ["yesterday", "1e9", "-1", "12345678901234"])
def test_a_build_date_that_is_not_whole_seconds_is_refused(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(settings.SettingError, match="SOURCE_DATE_EPOCH"):
        settings.build_datetime()


def test_a_build_date_pins_the_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764374400")
    assert settings.build_datetime().isoformat() == "2025-11-29T00:00:00+00:00"
