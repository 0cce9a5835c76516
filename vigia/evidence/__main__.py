"""``python -m vigia.evidence --jsonl FILE``: the same as ``vigia extract --jsonl FILE``."""

from __future__ import annotations

import sys

from vigia.evidence.cli import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
