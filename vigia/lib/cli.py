"""Argument parsing for the standalone commands (`vigia extract`, `vigia press`).

argparse exits on its own when the usage is wrong; these commands must instead print one
sentence and exit 2 (contracts.md §4), so the parser raises :class:`UsageError` for them.
"""

from __future__ import annotations

import argparse
from typing import NoReturn


class UsageError(Exception):
    """The command line is wrong; the message says how."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)
