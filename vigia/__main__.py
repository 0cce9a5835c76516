"""The `vigia` command: Django's management commands with Vigía's settings.

`vigia extract` and `vigia press classify` need no database, keys or environment, so they
run before Django is set up. Configuration errors print one sentence, without a traceback.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module

from vigia.lib.env import ConfigError

# Commands that must work with no settings at all (contracts.md §4, and setup).
STANDALONE = {
    "extract": "vigia.evidence.cli",
    "press": "vigia.press.cli",
    "setup": "vigia.accounts.setup",  # runs before any settings exist
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in STANDALONE:
        try:
            module = import_module(STANDALONE[args[0]])
        except ImportError:
            print(f"`vigia {args[0]}` is not available in this installation.", file=sys.stderr)
            return 1
        code: int = module.main(args[1:])
        return code
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigia.settings")
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["vigia", *args])
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
