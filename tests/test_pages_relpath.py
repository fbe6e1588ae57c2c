"""The site's links are made with pages.relpath, a faster posixpath.relpath for the site's
relative paths: it must give what posixpath.relpath gives, for any path."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given, strategies as st

from generator.site.pages import relpath

pytestmark = pytest.mark.unit

SEGMENT = st.sampled_from(["", ".", "..", "a", "b", "cities", "en", "x.y", "index.html"])
PATH = st.lists(SEGMENT, max_size=6).map("/".join) | st.lists(SEGMENT, max_size=6).map(lambda s: "/" + "/".join(s))


@given(PATH, PATH)
def test_relpath_is_posixpaths(path, start):
    try:
        expected = posixpath.relpath(path, start)
    except ValueError:  # an empty path
        with pytest.raises(ValueError):
            relpath(path, start)
        return
    assert relpath(path, start) == expected


@pytest.mark.parametrize("path,start", [
    ("cities/shangrao/services/x/", "en/cities/shangrao/"), (".", "cities/shangrao"), ("cities/", "."),
    ("downloads/shangrao/items.csv", "cities/shangrao/items/x"), ("a/b/", "a/b"),
])
def test_the_site_links_are_posixpaths(path, start):
    assert relpath(path, start) == posixpath.relpath(path, start)
