"""The JSON Lines reading shared by `vigia extract` and `vigia press classify`: each bad line
gets its own sentence, and a date is accepted only as YYYY-MM-DD."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from vigia.lib.cli import LineError, json_object, optional_date


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        (b"\xff\xfe{}", "line 7 is not UTF-8 text"),
        (b'{"id": "a"', "line 7 is not valid JSON"),
        (b'["id", "a"]', "line 7 is not a JSON object"),
        (b'"texto"', "line 7 is not a JSON object"),
    ],
)
def test_a_bad_line_is_named_by_its_number(line: bytes, sentence: str) -> None:
    with pytest.raises(LineError) as raised:
        json_object(line, 7)
    assert str(raised.value) == sentence


def test_a_good_line_is_its_object() -> None:
    assert json_object('{"id": "m1", "text": "¿cuánto?"}'.encode(), 1) == {
        "id": "m1",
        "text": "¿cuánto?",
    }


@pytest.mark.parametrize("raw", ["2026-3-1", "20260301", "2026-02-30", 20260301, "", ["2026"]])
def test_a_date_not_written_yyyy_mm_dd_is_refused(raw: Any) -> None:
    with pytest.raises(LineError, match='"date" must be a date written YYYY-MM-DD'):
        optional_date({"date": raw})


def test_a_date_is_optional() -> None:
    assert optional_date({}) is None
    assert optional_date({"date": None}) is None
    assert optional_date({"date": "2026-03-20"}) == date(2026, 3, 20)
