"""Stage 1, reading one YAML file: positions of values, and files that are refused."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from helpers import said

from generator.data import loader
from generator.data.errors import DataError
from generator.data.loader import Locations, format_path, load_file


def load(tmp_path: Path, text: str | bytes, name: str = "data/x.yml"):
    path = tmp_path / "x.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_file(path, name)


def test_every_value_is_located_by_its_field_path(tmp_path):
    loaded, errors = load(tmp_path, """\
        indicators:
          - id: a
            target: {value: 95, text: "95"}
            name:
              zh: 名称
          - id: b
            tags: [x, y]
        """)
    assert errors == []
    assert loaded.data["indicators"][0]["target"] == {"value": 95, "text": "95"}
    marks = loaded.locations.marks
    assert marks[()] == (1, 1)
    assert marks[("indicators",)] == (2, 3)
    assert marks[("indicators", 0)] == (2, 5)
    assert marks[("indicators", 0, "id")] == (2, 9)
    assert marks[("indicators", 0, "target")] == (3, 13)
    assert marks[("indicators", 0, "target", "value")] == (3, 21)
    assert marks[("indicators", 0, "target", "text")] == (3, 31)
    assert marks[("indicators", 0, "name", "zh")] == (5, 11)
    assert marks[("indicators", 1, "tags", 1)] == (7, 15)


def test_a_path_without_its_own_position_takes_its_nearest_ancestors():
    locations = Locations("data/x.yml", {(): (1, 1), ("items",): (2, 3), ("items", 0): (2, 5)})
    assert locations.of(("items", 0, "title", "en")) == (2, 5)  # a missing field
    assert locations.of(("other",)) == (1, 1)
    assert Locations("data/x.yml").of(("a",)) == (1, 1)  # nothing known at all
    assert locations.error(("items", 0, "title", "en"), "missing-en") == DataError("data/x.yml", 2, 5, "items[0].title.en", "missing-en")


def test_field_paths_read_like_python():
    assert format_path(("indicators", 3, "target", "value")) == "indicators[3].target.value"
    assert format_path(("audiences", 0)) == "audiences[0]"
    assert format_path(()) == ""


def test_a_key_written_twice_is_reported_at_the_second_one(tmp_path):
    loaded, errors = load(tmp_path, """\
        items:
          - id: a
            title: first
            title: second
        """)
    assert loaded is None
    assert said(errors) == [("data/x.yml", 4, 5, "items[0].title", "duplicate-key", "key appears twice in the same mapping")]


def test_every_repeated_key_is_reported_not_only_the_first(tmp_path):
    _, errors = load(tmp_path, "a: 1\nb: 2\na: 3\nb: 4\n")
    assert [(e.line, e.field) for e in errors] == [(3, "a"), (4, "b")]


def test_a_key_that_is_not_plain_text_is_refused(tmp_path):
    loaded, errors = load(tmp_path, "? [a, b]\n: 1\n")
    assert loaded is None
    assert said(errors) == [("data/x.yml", 1, 1, "", "key-not-text", "a key must be plain text, got ['a', 'b']")]


def test_nesting_deeper_than_the_limit_is_refused_with_a_message(tmp_path):
    depth = loader.MAX_DEPTH + 10
    loaded, errors = load(tmp_path, "a: " + "[" * depth + "]" * depth + "\n")
    assert loaded is None
    [error] = errors
    assert error.code == "yaml-too-deep"
    assert error.message == f"malformed YAML: nesting deeper than {loader.MAX_DEPTH} levels"
    assert (error.file, error.line) == ("data/x.yml", 1)


def test_extremely_deep_nesting_is_refused_without_a_recursion_error(tmp_path):
    # PyYAML's composer recurses two or more frames per level: this is past Python's limit.
    depth = sys.getrecursionlimit() * 2 // 3
    loaded, errors = load(tmp_path, "[" * depth + "]" * depth + "\n")
    assert loaded is None
    [error] = errors
    assert error.file == "data/x.yml"
    assert error.code == "yaml-too-deep"
    assert error.message == f"malformed YAML: nesting deeper than {loader.MAX_DEPTH} levels"


def test_aliases_that_expand_exponentially_are_refused_at_the_first_anchor(tmp_path):
    # "Billion laughs": nine levels of nine aliases would be 387 million values.
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    loaded, errors = load(tmp_path, "\n".join(lines) + "\n")
    assert loaded is None
    assert errors == [DataError("data/x.yml", 1, 5, "", "yaml-anchors")]


def test_too_many_plain_values_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "MAX_VALUES", 50)
    loaded, errors = load(tmp_path, "".join(f"- {i}\n" for i in range(60)))
    assert loaded is None
    [error] = errors
    assert error.code == "too-many-values"
    assert error.message == "malformed YAML: more than 50 values" and (error.line, error.column) == (50, 3)


def test_the_value_limit_is_far_above_what_a_data_file_holds():
    """A hundred times the largest real file: the limit stops bombs, never a city's data."""
    from generator.data.validate import data_files

    root = Path(__file__).resolve().parent.parent
    counts = {}
    for path in data_files(root):
        loaded, errors = load_file(path, path.relative_to(root).as_posix())
        assert errors == [] and loaded is not None, errors
        counts[loaded.relative] = len(loaded.locations.marks)  # one mark per value read
    largest = max(counts, key=counts.__getitem__)
    assert counts[largest] > 100, counts  # the count is of values: a real file holds hundreds
    assert loader.MAX_VALUES >= 100 * counts[largest], (largest, counts[largest])


def test_anchors_aliases_and_merge_keys_even_in_moderation_are_refused_with_their_place(tmp_path):
    loaded, errors = load(tmp_path, """\
        base: {unit: yuan, period: year}
        standard:
          <<: {unit: yuan}
          value: 1250
        """)
    assert loaded is None
    assert errors == [DataError("data/x.yml", 3, 3, "", "yaml-anchors")]


def test_the_same_characters_in_quoted_text_are_fine(tmp_path):
    loaded, errors = load(tmp_path, """\
        "<<": "&a *b"
        note: 5 * 3 & more
        """)
    assert errors == []
    assert loaded.data == {"<<": "&a *b", "note": "5 * 3 & more"}


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 10)
    loaded, errors = load(tmp_path, "title: more than ten bytes\n")
    assert loaded is None
    assert said(errors) == [("data/x.yml", 0, 0, "", "file-too-large", "file is too large (27 bytes; the limit is 10)")]
    assert str(errors[0]) == "data/x.yml: [file-too-large] file is too large (27 bytes; the limit is 10)"


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    loaded, errors = load(tmp_path, "title: 标题\n".encode("gbk"))
    assert loaded is None
    assert said(errors) == [("data/x.yml", 0, 0, "", "not-utf8", "file is not valid UTF-8 text (invalid start byte at byte 7)")]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_an_empty_file_is_refused(tmp_path, text):
    loaded, errors = load(tmp_path, text)
    assert loaded is None
    assert said(errors) == [("data/x.yml", 1, 1, "", "file-empty", "file is empty")]


def test_two_documents_in_one_file_are_refused(tmp_path):
    loaded, errors = load(tmp_path, "a: 1\n---\nb: 2\n")
    assert loaded is None
    [error] = errors
    assert (error.line, error.column) == (2, 1)
    assert error.message.startswith("malformed YAML: expected a single document in the stream")


def test_python_objects_in_yaml_are_refused(tmp_path):
    # SafeLoader: a data file can never make the build run code.
    loaded, errors = load(tmp_path, "a: !!python/name:os.system ''\n")
    assert loaded is None
    [error] = errors
    assert (error.line, error.column) == (1, 4)
    assert "could not determine a constructor for the tag 'tag:yaml.org,2002:python/name:os.system'" in error.message


def test_a_tag_on_a_list_or_mapping_yields_plain_data_only(tmp_path):
    # Lists and mappings are built by the loader itself, so their tags construct nothing.
    loaded, errors = load(tmp_path, "a: !!python/object/apply:os.system ['true']\n")
    assert errors == []
    assert loaded.data == {"a": ["true"]}


def test_a_malformed_quoted_string_says_where_it_started(tmp_path):
    loaded, errors = load(tmp_path, 'a: 1\ntitle: "unclosed\nb: 2\n')
    assert loaded is None
    [error] = errors
    assert (error.line, error.column) == (4, 1)
    assert error.message == (
        "malformed YAML: while scanning a quoted scalar that starts at line 2, column 8, "
        "found unexpected end of stream"
    )


def test_a_text_parsed_once_gives_every_caller_objects_of_its_own(tmp_path):
    # The history reads the same file texts commit after commit: parsed once per process,
    # but a caller that changes what it got must not change what the next caller gets.
    path = tmp_path / "city.yml"
    path.write_text("name:\n  zh: 上饶\nitems: [1, 2]\n", encoding="utf-8")
    first, _ = load_file(path, "data/x/city.yml")
    first.data["items"].append(3)
    again, _ = load_file(path, "data/x/city.yml")
    assert again.data == {"name": {"zh": "上饶"}, "items": [1, 2]}
    assert again.locations.of(("items",)) == (3, 8)  # where the value starts, as on the first read
    path.write_text("name:\n  zh: 宜春\nitems: [1, 2]\n", encoding="utf-8")  # a new text is read anew
    assert load_file(path, "data/x/city.yml")[0].data["name"]["zh"] == "宜春"
    path.write_text("name: [\n", encoding="utf-8")  # and a broken one is refused every time
    assert load_file(path, "data/x/city.yml")[0] is None
    assert load_file(path, "data/x/city.yml")[1][0].code == "malformed-yaml"
