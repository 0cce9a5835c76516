"""Arbitrary text never crashes the extractor, and the output is deterministic."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from vigia.evidence.extract import extract_text

_PIECES = st.sampled_from(
    ["yapea al ", "900 001 234", "S/ ", "150", " soles", " semanal", " cupo ", "Lince", "ayer",
     "el viernes", " 15 de febrero", "+51", "-", ".", "CCI ", "0011", " DNI ", "🔫", "\n",
     "Los Gallegos", " a las 10 p. m.", "İ", "ß", "١٢٣", "\u00a0", "@user"]
)  # fmt: skip
_TEXT = st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=25).map("".join))


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, day=st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2099, 12, 31))))
def test_arbitrary_text_never_crashes_and_gives_the_same_output_twice(
    text: str, day: date | None
) -> None:
    first = extract_text(text, day)
    second = extract_text(text, day)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    for group in ("indicators", "amounts", "dates", "places", "actors"):
        for item in first[group]:
            start, end = item["span"]
            assert 0 <= start < end <= len(text)
