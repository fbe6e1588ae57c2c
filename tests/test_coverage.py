"""Coverage, counted from the plans' own text: every indicator row and every
numbered box item has exactly one entry in data/ — nothing missing, nothing twice."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from generator.data.sourcedoc import blocks


def _table_rows(text: str) -> int:
    """Rows of the main-indicator table: one 约束性/预期性 cell per row."""
    start = re.search(r"社会发展(?:与|和)公共服务主要指标", text).end()
    end = re.search(r"第[一二三四五六七八九十]+章", text[start:]).start() + start
    return len(re.findall(r"(?:^|\t|\|)\s*(?:约束性|预期性)\s*(?=$|\t|\|)", text[start:end], re.M))


def _city(dataset, city_id):
    return next(c for c in dataset.cities if c.city.id == city_id)


@pytest.mark.parametrize("city_id,expected", [("shangrao", 22), ("yichun", 25)])
def test_every_indicator_row_has_one_entry(dataset, city_id, expected):
    city = _city(dataset, city_id)
    text = dataset.source_path(city).read_text(encoding="utf-8")
    rows = _table_rows(text)
    assert rows == expected  # the count the plan's table itself gives
    assert sorted(i.source.row for i in city.indicators) == list(range(1, rows + 1))


@pytest.mark.parametrize("city_id,expected", [("shangrao", 97), ("yichun", 50)])
def test_every_numbered_box_item_has_one_entry(dataset, city_id, expected):
    city = _city(dataset, city_id)
    in_text = Counter(b.anchor for b in blocks(dataset.source_path(city)) if b.kind == "item")
    in_data = Counter(f"box-{i.source.box}-item-{i.source.item}" for i in city.items)
    assert sum(in_text.values()) == expected
    assert in_data == in_text


def test_every_box_of_each_plan_is_declared(dataset):
    for city in dataset.cities:
        boxes_in_text = {int(b.anchor.split("-")[1]) for b in blocks(dataset.source_path(city)) if b.kind == "box"}
        assert {b.number for b in city.city.boxes} == boxes_in_text


def test_every_service_is_meant_for_someone(dataset):
    missing = [(c.city.id, i.id) for c in dataset.cities for i in c.items if i.kind.value == "service" and not i.audiences]
    assert missing == []
