"""The site as served in production: nginx with deploy/nginx.conf (no browser needed).

Security headers on every response, a strict CSP (frameable only for the chart
embeds; WebAssembly for the search, nothing else unsafe), the right types and charset
for the data files, gzip (but not twice for the search index, which Pagefind has
compressed), a year's cache for fingerprinted assets and the search index's
content-named files, and revalidation for everything else.
Skipped, with how to install nginx, when nginx is missing (fails under
REQUIRE_BROWSER=1, as in CI).
"""

from __future__ import annotations

import gzip
import http.client
import re
from urllib.parse import urlsplit

import pytest

from conftest import render_nginx_conf, tier


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
    # WebAssembly may be compiled (the search: Pagefind), and nothing else is allowed that
    # 'self' alone would not: no 'unsafe-eval', no 'unsafe-inline'.
    assert csp["script-src"] == ["'self'", "'wasm-unsafe-eval'"] and csp["style-src"] == ["'self'"]
    assert [s for sources in csp.values() for s in sources if "unsafe" in s] == ["'wasm-unsafe-eval'"]
    assert csp["frame-ancestors"] == ["'self'"] and csp["base-uri"] == ["'self'"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"] and "geolocation=()" in headers["permissions-policy"]
    assert "server" not in headers or not re.search(r"\d", headers["server"])  # no version given away


def test_chart_embeds_may_be_framed_by_other_sites(production_server):
    _, headers, _ = fetch(production_server, "/cities/yichun/indicators/life-expectancy/embed/")
    csp = _csp(headers)
    assert csp["frame-ancestors"] == ["*"] and csp["script-src"] == ["'self'", "'wasm-unsafe-eval'"]


@pytest.mark.parametrize("path,mime", [
    ("/", "text/html; charset=utf-8"),
    ("/downloads/indicators.json", "application/json; charset=utf-8"),
    ("/downloads/indicators.csv", "text/csv; charset=utf-8"),
    ("/sitemap.xml", "application/xml; charset=utf-8"),
    ("/en/feed.xml", "application/xml; charset=utf-8"),
    ("/assets/feed.xsl", "application/xslt+xml; charset=utf-8"),
    ("/pagefind/pagefind-entry.json", "application/json; charset=utf-8"),
    ("/pagefind/pagefind.js", "text/javascript; charset=utf-8"),
    ("/pagefind/wasm.unknown.pagefind", "application/octet-stream"),
    ("/assets/vendor/echarts.min.js", "text/javascript; charset=utf-8"),
    ("/assets/stylesheets/site.css", "text/css; charset=utf-8"),
    ("/assets/images/favicon.png", "image/png"),
])
def test_content_types(production_server, built_site, path, mime):
    status, headers, _ = fetch(production_server, published(built_site, path))
    assert status == 200
    assert headers["content-type"] == mime


def test_text_is_compressed(production_server, built_site):
    for path in ("/", "/assets/vendor/echarts.min.js", "/downloads/indicators.csv", "/pagefind/pagefind.js"):
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
    for path in ("/", "/pagefind/pagefind-entry.json", "/pagefind/pagefind.js", "/pagefind/wasm.en.pagefind",
                 "/downloads/indicators.csv", "/search/"):
        _, headers, _ = fetch(production_server, path)
        assert headers["cache-control"] == "no-cache", path
        assert "etag" in headers and "last-modified" in headers


def _index_files(site) -> list[str]:
    """One file of each kind Pagefind names by its content: metadata, index chunk, fragment, filter."""
    bundle = site / "pagefind"
    found = [next(bundle.glob("pagefind.zh_*.pf_meta")), next((bundle / "index").glob("zh_*.pf_index")),
             next((bundle / "fragment").glob("en_*.pf_fragment")), next((bundle / "filter").glob("en_*.pf_filter"))]
    return ["/" + p.relative_to(site).as_posix() for p in found]


def test_the_search_index_is_not_compressed_twice_and_is_cached_for_a_year(production_server, built_site):
    for path in _index_files(built_site) + ["/pagefind/wasm.unknown.pagefind"]:
        status, headers, body = fetch(production_server, path, gzip_ok=True)
        assert status == 200 and headers["content-type"] == "application/octet-stream", path
        assert "content-encoding" not in headers, path  # Pagefind's own gzip, sent as it is
        assert body[:2] == b"\x1f\x8b" and body == (built_site / path.lstrip("/")).read_bytes(), path
        if path.endswith(".pagefind"):  # the WebAssembly keeps its name from version to version
            assert headers["cache-control"] == "no-cache"
        else:  # named by their content
            assert headers["cache-control"] == "public, max-age=31536000, immutable", path


def test_the_search_page_answers(production_server):
    for path in ("/search/", "/en/search/", "/search/?q=%E4%BD%8E%E4%BF%9D"):
        status, headers, body = fetch(production_server, path)
        assert status == 200 and 'name="q"' in body.decode(), path  # no longer Material's 403


def test_not_found_page_and_relative_redirects(production_server):
    status, headers, body = fetch(production_server, "/cities/nowhere/")
    assert status == 404 and "找不到此页" in body.decode() and '<html lang="zh"' in body.decode()
    # Under /en/, the English page: its own interface, search form and finder link.
    status, headers, body = fetch(production_server, "/en/cities/nowhere/")
    page = body.decode()
    assert status == 404 and '<html lang="en"' in page and "Page not found" in page, page[:300]
    assert "找不到此页" not in page and 'href="/en/finder/"' in page and 'action="/en/search/"' in page
    assert headers["content-security-policy"].startswith("default-src 'none'")
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
@tier("browser")  # nginx, as the other served tests
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
