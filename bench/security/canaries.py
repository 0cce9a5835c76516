"""The end-to-end canary scan: thousands of canaries, 0 found anywhere an attacker can read.

Goal (issue 10): after a full day (tests/security/endtoend.py: members report over
WhatsApp, Telegram, SMS and the web chat through the real webhooks and worker, with
screenshots; emergencies; staff records with victims, indicators, files and cases; a zone
alert fanned out over the three channels; staff and public exports in every format; a
backup), every canary (names, numbers in four spellings, duress words, narratives, notes,
captions, file names) is looked for in a dozen encodings (plain, upper/lower case, UTF-16,
base64 and URL-safe base64 at every alignment, hex, URL-, JSON- and HTML-escaping) in the
database file, an SQL dump, the backup archive, the attachments folder, the logs (every
record at DEBUG) and the exports (XLSX unpacked): 0 found.
Run: `python bench/security/canaries.py [--scale small]`. Ends with one RESULT line; exit 1
on a miss.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.fanout import machine  # noqa: E402
from tests.security.harness import django_scratch, load, result  # noqa: E402

FULL = {"whatsapp": 40, "telegram": 20, "sms": 20, "webchat": 20, "members": 1000,
        "incidents": 300, "cases": 100}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=("full", "small"), default="full")
    args = parser.parse_args()
    print(f"machine: {machine()}\n{load()}", flush=True)
    django_scratch()
    from tests.security import endtoend
    from tests.security.scan import Needles

    scale = endtoend.Scale(**FULL) if args.scale == "full" else endtoend.Scale()
    print(f"scale: {scale}", flush=True)
    with endtoend.configured() as whatsapp:
        run = endtoend.day(scale, whatsapp)
    print(f"day run in {run.seconds:.0f} s: {dict(run.stats)}", flush=True)
    needles = Needles(run.canaries)
    size = sum(len(data) for data in run.haystacks.values())
    print(f"canaries: {len(needles.canaries):,} values, {needles.count:,} encoded needles")
    print(f"haystacks: {len(run.haystacks)} ({size:,} bytes)")
    for name in ("database file", "SQL dump", "backup", "logs"):
        print(f"  {name}: {len(run.haystacks[name]):,} bytes")
    media = [name for name in run.haystacks if name.startswith("media/")]
    exports = [name for name in run.haystacks if name.startswith("export ")]
    print(f"  media: {len(media)} files; exports: {len(exports)} files (XLSX parts included)")
    began = time.perf_counter()
    endtoend.look(run)
    print(f"scanned in {time.perf_counter() - began:.1f} s; found: {len(run.findings)}")
    for found in run.findings[:30]:
        print(f"  {found}")
    print(load())
    return result(
        "canaries",
        {
            "canaries": len(needles.canaries),
            "needles": needles.count,
            "haystacks": len(run.haystacks),
            "bytes": size,
            "found": len(run.findings),
        },
        not run.findings,
    )


if __name__ == "__main__":
    sys.exit(main())
