"""10,000 forged webhook requests across WhatsApp, Telegram and SMS: 0 accepted.

Goal (issue 10): forged requests (wrong, missing or truncated signatures, a wrong secret
token, a signature over another body, a genuine delivery replayed with its body modified:
tests/security/forgery.py lists all 30 kinds) through Django's full request stack: none
answers 2xx and none creates a row; replays of genuine deliveries answer 200 and change no
row count (inbound messages, threads, queued tasks). Prints requests per second.
Run: `python bench/security/forgery.py [--requests N] [--genuine N]`. Ends with one RESULT
line; exit 1 on a miss.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.fanout import machine  # noqa: E402
from tests.security.harness import django_scratch, load, result  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--genuine", type=int, default=200, help="genuine deliveries per provider")
    parser.add_argument("--replays", type=int, default=3, help="times each genuine one is replayed")
    args = parser.parse_args()
    print(f"machine: {machine()}\n{load()}", flush=True)
    django_scratch()
    # One warning per refused request is the webhook's job; 10,000 of them are noise here.
    logging.getLogger("vigia.messaging.webhooks").setLevel(logging.ERROR)
    from django.test import override_settings

    from tests.security import forgery

    with override_settings(**forgery.SETTINGS):
        forged = forgery.forge(args.requests)
        replayed = forgery.replay(args.genuine, args.replays)
    print(f"forged: {forged.sent:,} requests of {len(forged.kinds)} kinds in "
          f"{forged.seconds:.1f} s ({forged.rate:,.0f} requests/s)")  # fmt: skip
    print(f"  answers: {dict(sorted(forged.statuses.items()))}")
    print(f"  accepted: {len(forged.accepted)} {forged.accepted[:10]}")
    print(f"  rows before {forged.rows_before}, after {forged.rows_after}")
    print(f"genuine: {replayed.delivered} delivered, answers {dict(replayed.first_answers)}, "
          f"rows {replayed.rows_before} -> {replayed.rows_after_first}")  # fmt: skip
    print(f"replays: {replayed.replays}, answers {dict(replayed.replay_answers)}, "
          f"rows after {replayed.rows_after_replays}")  # fmt: skip
    print(load())
    stored = replayed.rows_after_first["inbound"] - replayed.rows_before["inbound"]
    met = (
        not forged.accepted
        and forged.created == 0
        and stored == replayed.delivered
        and set(replayed.replay_answers) == {200}
        and replayed.second_effects == 0
    )
    return result(
        "forgery",
        {
            "forged": forged.sent,
            "accepted": len(forged.accepted),
            "rows_created": forged.created,
            "replays": replayed.replays,
            "second_effects": replayed.second_effects,
            "rate": f"{forged.rate:.0f}/s",
        },
        met,
    )


if __name__ == "__main__":
    sys.exit(main())
