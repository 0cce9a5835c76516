"""Argument and input parsing for the standalone commands (`vigia extract`, `vigia press`).

argparse exits on its own when the usage is wrong; these commands must instead print one
sentence and exit 2 (contracts.md §4), so the parser raises :class:`UsageError` for them.
Both read JSON Lines: a bad line becomes one output line with an error, never a crash, so
reading a line raises :class:`LineError` with that sentence.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any, NoReturn


class UsageError(Exception):
    """The command line is wrong; the message says how."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


class LineError(ValueError):
    """One input line is unusable; the message is the sentence its output line carries."""


def json_object(line: bytes, number: int) -> dict[str, Any]:
    """Line ``number`` as a JSON object."""
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise LineError(f"line {number} is not UTF-8 text") from None
    except json.JSONDecodeError:
        raise LineError(f"line {number} is not valid JSON") from None
    if not isinstance(record, dict):
        raise LineError(f"line {number} is not a JSON object")
    return record


def optional_date(record: dict[str, Any]) -> date | None:
    """The record's ``"date"``: absent, or a date written YYYY-MM-DD."""
    raw = record.get("date")
    if raw is None:
        return None
    try:
        if isinstance(raw, str) and len(raw) == 10:
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise LineError('"date" must be a date written YYYY-MM-DD')
