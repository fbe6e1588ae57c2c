"""In Chromium: an embedded chart fits its content at any width, and the copy buttons work.

The embed snippet is taken from the built indicator page and put, as a journalist would, into a
page of another site (another origin: a second server on 127.0.0.1, another port; Chromium
lets a page reach 127.0.0.1 only from a loopback page); its address is pointed at the site
served on 127.0.0.1. The
site's embed-resize.js and the chart page's embed-size.js then make the frame as tall as the
chart page's content: at 360 and 1280 px nothing is cut off, the source line included.

The copy buttons are real <button>s, reached by keyboard, announced in the page's language;
where the clipboard refuses, the text is selected instead and the reader is told how to copy it."""

from __future__ import annotations

import html
import re
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from browsing import DESKTOP, PHONE, assert_clean, open_page, skip_without_browser
from conftest import TEST_SITE_URL

pytestmark = pytest.mark.browser
skip_without_browser()

INDICATOR = "cities/shangrao/indicators/life-expectancy/"


@contextmanager
def _embedder(article: str):
    """Another site on 127.0.0.1 (its own port, so another origin) that serves one article."""
    class Article(BaseHTTPRequestHandler):
        def do_GET(self):
            body = article.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Article)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/article.html"
    finally:
        server.shutdown()
        server.server_close()


def _snippet(built_site, served: str, lang_prefix: str = "en/") -> str:
    page = (built_site / lang_prefix / INDICATOR / "index.html").read_text(encoding="utf-8")
    code = html.unescape(re.search(r'<code id="embed-code">(.*?)</code>', page, re.S).group(1))
    assert code.count(TEST_SITE_URL) == 2  # the frame and the script
    return code.replace(TEST_SITE_URL, served + "/")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_an_embedded_chart_is_never_cut_off(browser, built_site, site_server, viewport):
    pg = open_page(browser, viewport=viewport)
    article = ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
               "<meta name='viewport' content='width=device-width,initial-scale=1'><title>An article</title></head>"
               f"<body style='margin:0'><p>Some article text.</p>{_snippet(built_site, site_server)}<p>More text.</p></body></html>")
    with _embedder(article) as address:
        pg.goto(address)
        _check_fitted(pg)
    pg.context.close()


def _check_fitted(pg) -> None:
    frame_element = pg.locator("iframe")
    # The handshake sets the frame's height from the chart page's content (the snippet's 560 is a fallback).
    pg.wait_for_function("() => document.querySelector('iframe').style.height !== ''", timeout=15_000)
    frame_element.content_frame.locator(".embed__source").wait_for()
    frame = frame_element.element_handle().content_frame()
    pg.wait_for_timeout(300)  # a last resize (fonts, the chart) is answered too
    inner = frame.evaluate("() => ({doc: document.documentElement.scrollHeight, view: window.innerHeight,"
                           " source: document.querySelector('.embed__source').getBoundingClientRect().bottom})")
    box = frame_element.bounding_box()
    assert inner["doc"] <= inner["view"] + 1, inner  # the frame holds all its content: no inner scroll, no clip
    assert inner["source"] <= inner["view"], inner  # the attribution is inside the frame
    assert abs(box["height"] - inner["view"]) <= 2
    assert inner["view"] < 1500  # fitted to the content, not grown without end
    assert pg.problems == [] and pg.csp == []


@pytest.mark.parametrize("prefix, copied", [("en/", "Copied to the clipboard."), ("", "已复制到剪贴板。")])
def test_copy_buttons_copy_by_keyboard_and_say_so(browser, site_server, prefix, copied):
    pg = open_page(browser, viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    pg.goto(f"{site_server}/{prefix}{INDICATOR}")
    button = pg.locator("button[data-copy='embed-code']")
    button.wait_for(state="visible")
    button.focus()  # a real button: focusable, and Enter presses it
    pg.keyboard.press("Enter")
    status = pg.locator(".embed-snippet [role=status]")
    pg.wait_for_function("(text) => document.querySelector('.embed-snippet [role=status]').textContent === text", arg=copied)
    assert status.get_attribute("aria-live") == "polite"
    assert pg.evaluate("navigator.clipboard.readText()") == pg.locator("#embed-code").text_content()
    # Copied without opening the BibTeX's text (its <details> stays closed).
    pg.locator("button[data-copy='cite-bibtex']").click()
    assert pg.evaluate("navigator.clipboard.readText()").startswith("@misc{public-services-shangrao-indicators-life-expectancy,")
    assert not pg.locator(".cite details").first.evaluate("d => d.open")
    assert_clean(pg)
    pg.context.close()


def test_where_the_clipboard_refuses_the_text_is_selected_and_the_reader_told(browser, site_server):
    pg = open_page(browser, viewport=PHONE)
    # As in a browser that refuses clipboard access to scripts.
    pg.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: {writeText: () => Promise.reject(new Error('denied'))}})")
    pg.goto(f"{site_server}/en/{INDICATOR}")
    pg.locator("button[data-copy='cite-text']").click()
    pg.wait_for_function("() => /press Ctrl\\+C/.test(document.querySelector('.cite [role=status]').textContent)")
    assert pg.evaluate("String(window.getSelection())") == pg.locator("#cite-text").text_content()
    assert_clean(pg)
    pg.context.close()
