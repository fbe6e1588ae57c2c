"""Helpers for the tests that drive Debian's Chromium with Playwright
(test_browser.py, test_accessibility.py).

Without Chromium those modules skip with how to install it, unless
REQUIRE_BROWSER=1 (CI), where a missing browser is a failure. Playwright never
downloads a browser here: it launches the system's Chromium by path.

Every page opened with `open_page` records what a reader would never see but a
test must: console errors and uncaught exceptions, Content-Security-Policy
violations (reported by the page's `securitypolicyviolation` events, through
a binding that survives navigation), and every request the page and its
workers make. `assert_clean` then asserts there were none of the first two,
and that no request went anywhere but 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
INSTALL = "apt-get install chromium nginx fonts-noto-cjk"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-features=Translate,OptimizationHints,MediaRouter"]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def skip_without_browser() -> None:
    """Call at module level: skip the module when Chromium is missing (fail under REQUIRE_BROWSER=1)."""
    if CHROMIUM:
        return
    if REQUIRE_BROWSER:
        raise RuntimeError(f"REQUIRE_BROWSER=1 but Chromium is not installed ({INSTALL})")
    pytest.skip(f"browser tests need Debian's Chromium: run `{INSTALL}` to enable them "
                "(CI sets REQUIRE_BROWSER=1, where they must run)", allow_module_level=True)


_RECORD_CSP = """
document.addEventListener("securitypolicyviolation", e => window.__cspViolation(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber} ${e.sample || ""}`));
"""


def open_page(browser, viewport=PHONE, **context_args):
    """A new page in its own context that records problems, CSP violations and requests."""
    context = browser.new_context(viewport=viewport, **context_args)
    page = context.new_page()
    page.problems, page.csp, page.requests = [], [], []
    # Bindings and init scripts run outside the page's CSP, so recording does not itself break it.
    context.expose_binding("__cspViolation", lambda source, text: page.csp.append(text))
    context.add_init_script(_RECORD_CSP)
    context.on("request", lambda r: page.requests.append(r.url))  # pages and their workers
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    return page


def foreign_requests(page) -> list[str]:
    return [u for u in page.requests
            if urlparse(u).scheme not in ("data", "blob") and urlparse(u).hostname != "127.0.0.1"]


def assert_clean(page) -> None:
    assert page.problems == [], "console errors or uncaught exceptions"
    assert page.csp == [], "Content-Security-Policy violations"
    assert foreign_requests(page) == [], "requests that left 127.0.0.1"


def search_for(page, query: str) -> None:
    """Put a query into the site's search box as a paste (or an IME's commit) does, and wait
    for its results: the value is set and an `input` event dispatched, with no key event.
    (theme/partials/site-search.html; assets/javascripts/search-pagefind.js listens to `input`.)"""
    box = page.locator("form[data-site-search] input[name=q]")
    box.focus()
    box.evaluate("(el, q) => { el.value = q; el.dispatchEvent(new Event('input', {bubbles: true})); }", query)
    page.wait_for_selector(".site-search__result .site-search__title", timeout=15_000)
