"""The site as served in production: nginx with deploy/nginx.conf (no browser needed).

Security headers on every response, a strict CSP (frameable only for the chart
embeds), the right types and charset for the data files, gzip, a year's cache
for Material's fingerprinted assets and revalidation for everything else.
Skipped, with how to install nginx, when nginx is missing (fails under
REQUIRE_BROWSER=1, as in CI).
"""

from __future__ import annotations

import gzip
import http.client
import re
from urllib.parse import urlsplit

import pytest

from conftest import render_nginx_conf


def fetch(base: str, path: str, gzip_ok: bool = False) -> tuple[int, dict[str, str], bytes]:
    """One GET without following redirects; header names in lower case."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    response = conn.getresponse()
    body = response.read()
    headers = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return response.status, headers, body


def published(site, name: str) -> str:
    """The URL path of one of our assets under its fingerprinted name (generator/assets.py):
    /assets/stylesheets/site.css → /assets/stylesheets/site.3f2a9c1d.css."""
    if not (name.startswith("/assets/") and name.endswith((".js", ".css"))):
        return name
    stem, ext = name.rsplit(".", 1)
    (found,) = site.glob(stem.lstrip("/") + ".*." + ext)
    return "/" + found.relative_to(site).as_posix()


def _csp(headers: dict[str, str]) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in headers["content-security-policy"].split(";") if d.strip()}


@pytest.mark.parametrize("path", ["/", "/en/cities/shangrao/services/radio/", "/assets/stylesheets/site.css",
                                  "/downloads/indicators.csv", "/no/such/page/"])
def test_security_headers_on_every_response(production_server, built_site, path):
    status, headers, _ = fetch(production_server, published(built_site, path))
    assert status == (404 if path.startswith("/no/") else 200)
    csp = _csp(headers)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert not any("unsafe" in source for sources in csp.values() for source in sources)
    assert csp["frame-ancestors"] == ["'self'"] and csp["base-uri"] == ["'self'"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"] and "geolocation=()" in headers["permissions-policy"]
    assert "server" not in headers or not re.search(r"\d", headers["server"])  # no version given away


def test_chart_embeds_may_be_framed_by_other_sites(production_server):
    _, headers, _ = fetch(production_server, "/cities/yichun/indicators/life-expectancy/embed/")
    csp = _csp(headers)
    assert csp["frame-ancestors"] == ["*"] and csp["script-src"] == ["'self'"]


@pytest.mark.parametrize("path,mime", [
    ("/", "text/html; charset=utf-8"),
    ("/downloads/indicators.json", "application/json; charset=utf-8"),
    ("/downloads/indicators.csv", "text/csv; charset=utf-8"),
    ("/sitemap.xml", "application/xml; charset=utf-8"),
    ("/search/search_index.json", "application/json; charset=utf-8"),
    ("/assets/vendor/echarts.min.js", "text/javascript; charset=utf-8"),
    ("/assets/stylesheets/site.css", "text/css; charset=utf-8"),
    ("/assets/images/favicon.png", "image/png"),
])
def test_content_types(production_server, built_site, path, mime):
    status, headers, _ = fetch(production_server, published(built_site, path))
    assert status == 200
    assert headers["content-type"] == mime


def test_text_is_compressed(production_server, built_site):
    for path in ("/", "/assets/vendor/echarts.min.js", "/downloads/indicators.csv", "/search/search_index.full.json"):
        path = published(built_site, path)
        status, headers, body = fetch(production_server, path, gzip_ok=True)
        assert status == 200 and headers.get("content-encoding") == "gzip", path
        assert "accept-encoding" in headers.get("vary", "").lower()
        plain = gzip.decompress(body)
        assert len(body) < len(plain) / 2, path


def test_fingerprinted_assets_are_cached_for_a_year_and_the_rest_revalidated(production_server):
    _, _, home = fetch(production_server, "/")
    fingerprinted = re.findall(r'(?:href|src)="(assets/[^"]+\.[0-9a-f]{8}(?:\.min)?\.(?:js|css))"', home.decode())
    assert {"assets/stylesheets/site", "assets/javascripts/site", "assets/javascripts/textsize"} <= {
        re.sub(r"\.[0-9a-f]{8}\.(js|css)$", "", path) for path in fingerprinted}  # ours, beside Material's
    assert any("/bundle." in path for path in fingerprinted)
    for path in fingerprinted:
        _, headers, _ = fetch(production_server, "/" + path)
        assert headers["cache-control"] == "public, max-age=31536000, immutable", path
    for path in ("/", "/search/search_index.json", "/assets/javascripts/workers/search-on-demand.js", "/downloads/indicators.csv"):
        _, headers, _ = fetch(production_server, path)
        assert headers["cache-control"] == "no-cache", path
        assert "etag" in headers and "last-modified" in headers


def test_not_found_page_and_relative_redirects(production_server):
    status, headers, body = fetch(production_server, "/cities/nowhere/")
    assert status == 404 and "找不到此页" in body.decode()
    status, headers, _ = fetch(production_server, "/cities/shangrao/services/radio")  # no trailing slash
    assert status == 301 and headers["location"] == "/cities/shangrao/services/radio/"


def test_the_template_has_only_the_two_placeholders(tmp_path):
    conf = render_nginx_conf(tmp_path / "site", "127.0.0.1:8080")
    assert "@" not in re.sub(r"#.*", "", conf)
    assert f"root {tmp_path / 'site'};" in conf and "listen 127.0.0.1:8080;" in conf


# ---- dotfiles planted in the site folder are never served ----------------------------

HIDDEN = ["/.env", "/.git/config", "/.git/", "/.site-build", "/cities/.htpasswd", "/%2egit/config",
          "/.well-known/.env", "/.well-known"]


@pytest.fixture(scope="module")
def site_with_dotfiles(tmp_path_factory):
    """A tiny site holding what a careless deploy or a hostile build could leave in it,
    served by nginx with deploy/nginx.conf (no build needed)."""
    from conftest import NGINX, NO_NGINX, REQUIRE_BROWSER
    from bench import localserve

    if not NGINX:
        if REQUIRE_BROWSER:
            pytest.fail("REQUIRE_BROWSER=1 but nginx is not installed (apt-get install nginx)")
        pytest.skip(NO_NGINX)
    site = tmp_path_factory.mktemp("dotfiles") / "site"
    files = {"index.html": "home", "404.html": "not found page", ".env": "SECRET=1", ".git/config": "[core]",
             ".site-build": "marker", "cities/.htpasswd": "user:hash", ".well-known/security.txt": "Contact: x",
             ".well-known/.env": "SECRET=2"}
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    with localserve.nginx(site, tmp_path_factory.mktemp("nginx-dotfiles")) as url:
        yield url


@pytest.mark.parametrize("path", HIDDEN)
def test_dotfiles_are_not_served(site_with_dotfiles, path):
    status, headers, body = fetch(site_with_dotfiles, path)
    assert status == 404, path
    assert b"SECRET" not in body and b"[core]" not in body and b"marker" not in body
    assert body == b"not found page"  # the site's own 404 page, with the usual headers
    assert headers["x-content-type-options"] == "nosniff"


def test_well_known_stays_public(site_with_dotfiles):
    status, _, body = fetch(site_with_dotfiles, "/.well-known/security.txt")
    assert status == 200 and body == b"Contact: x"
    assert fetch(site_with_dotfiles, "/")[0] == 200
