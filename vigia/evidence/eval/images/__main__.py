"""``python -m vigia.evidence.eval.images``: precision and recall of image extraction.

Draws every image of ``truth.jsonl`` (into memory, never into the repository), runs
``extract_image`` on it and compares with the truth, per field, as sets per image counted
over the whole set (micro-averaged). Slips also report how often the payee, the operation
number, the date and the time were read right. Work is spread over the machine's cores, one
onnxruntime thread per process. Ends with the RESULT line of contracts.md section 6; exits 1
when a goal is missed.

Options: ``-v`` lists every difference; ``--limit N`` evaluates the first N chats and N slips;
``--jobs N`` sets the number of processes; ``--save DIR`` also writes the drawn images there.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, Final

from vigia.evidence.eval.__main__ import cpu_model
from vigia.evidence.eval.images.render import render
from vigia.evidence.eval.images.specs import TRUTH
from vigia.evidence.text import fold

GOALS: Final[dict[str, tuple[float, float]]] = {
    "phones": (0.98, 0.90),
    "accounts": (0.98, 0.90),
    "amounts_with_period": (0.95, 0.90),
}
SLIP_FIELDS: Final = ("payee", "operation", "date", "time", "destination")

Key = tuple[Any, ...]


def _predicted(result: dict[str, Any]) -> dict[str, set[Key]]:
    indicators = result["indicators"]
    return {
        "phones": {(i["value"],) for i in indicators if i["kind"] in ("phone", "yape", "plin")},
        "accounts": {
            (i["kind"], i["value"]) for i in indicators if i["kind"] in ("account", "cci")
        },
        "amounts": {(a["value"], a["currency"]) for a in result["amounts"]},
        "amounts_with_period": {
            (a["value"], a["currency"], a["period"]) for a in result["amounts"]
        },
        "dates": {(d["value"],) for d in result["dates"]},
    }


def _expected(truth: dict[str, Any]) -> dict[str, set[Key]]:
    return {
        "phones": {(p["value"],) for p in truth["phones"]},
        "accounts": {(a["kind"], a["value"]) for a in truth["accounts"]},
        "amounts": {(a["value"], a["currency"]) for a in truth["amounts"]},
        "amounts_with_period": {(a["value"], a["currency"], a["period"]) for a in truth["amounts"]},
        "dates": {(d,) for d in truth["dates"]},
    }


def _slip_hits(record: dict[str, Any], result: dict[str, Any]) -> dict[str, bool]:
    slip = result.get("slip") or {}
    truth = record["slip"]
    payee = (slip.get("payee") or {}).get("name", "")
    operation = (slip.get("operation") or {}).get("value", "")
    destination = (slip.get("destination") or {}).get("value", "")
    squash = "".join
    masked = "*" in truth["destination"]
    if masked:  # OCR reads a row of asterisks as one more or one fewer
        destination = destination.rstrip("*").split("*")[-1]
        truth = {**truth, "destination": truth["destination"].split("*")[-1]}
    return {
        # Pillow's own font has no accents: those images say "Ramirez" for "Ramírez".
        "payee": fold(" ".join(payee.split())) == fold(truth["payee"]),
        "operation": squash(operation.split()) == truth["operation"],
        "date": slip.get("date") == truth["date"],
        "time": slip.get("time") == truth["time"],
        "destination": squash(destination.split()) == squash(truth["destination"].split()),
    }


def _one(record: dict[str, Any], save: str | None) -> dict[str, Any]:
    from vigia.evidence.image import extract_image
    from vigia.evidence.image_ocr import configure_threads

    configure_threads(1)
    data = render(record)
    if save:
        (Path(save) / f"{record['id']}.jpg").write_bytes(data)
    base = date.fromisoformat(record["date"]) if record.get("date") else None
    started = time.perf_counter()
    result = extract_image(data, message_date=base)
    return {"result": result, "seconds": time.perf_counter() - started}


def _chunks(records: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    if limit is None:
        return records
    chats = [record for record in records if record["kind"] == "chat"][:limit]
    slips = [record for record in records if record["kind"] == "slip"][:limit]
    return chats + slips


def evaluate(
    records: list[dict[str, Any]], outputs: Iterable[dict[str, Any]], verbose: bool
) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]]:
    """Counts per field (tp, predicted, expected), per layout, and slip field hits."""
    counts: dict[str, list[int]] = {}
    layouts: dict[str, list[int]] = {}
    slip_counts: dict[str, list[int]] = {name: [0, 0] for name in SLIP_FIELDS}
    for record, output in zip(records, outputs, strict=True):
        result = output["result"]
        got_all = _predicted(result)
        layout = layouts.setdefault(record["kind"], [0, 0])
        layout[1] += 1
        layout[0] += result["layout"] == record["kind"]
        for field, values in _expected(record["expected"]).items():
            got = got_all[field]
            tally = counts.setdefault(field, [0, 0, 0])
            tally[0] += len(got & values)
            tally[1] += len(got)
            tally[2] += len(values)
            if verbose and got != values:
                print(f"  {record['id']} {field}: missing {sorted(values - got)} "
                      f"extra {sorted(got - values)}")  # fmt: skip
        if record["kind"] == "slip":
            for name, hit in _slip_hits(record, result).items():
                slip_counts[name][0] += hit
                slip_counts[name][1] += 1
                if verbose and not hit:
                    print(f"  {record['id']} slip {name}: expected {record['slip'][name]!r} "
                          f"got {result.get('slip')!r:.300}")  # fmt: skip
    return counts, layouts, slip_counts


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vigia.evidence.eval.images")
    parser.add_argument("-v", action="store_true", help="list every difference")
    parser.add_argument("--limit", type=int, default=None, help="first N chats and N slips")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--save", default=None, help="folder to write the drawn images to")
    args = parser.parse_args(argv)
    records = _chunks(
        [json.loads(line) for line in TRUTH.read_text(encoding="utf-8").splitlines()], args.limit
    )
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}")
    chats = sum(1 for record in records if record["kind"] == "chat")
    print(f"data set: {len(records)} images, {chats} chats and {len(records) - chats} slips "
          f"({TRUTH.name}), {args.jobs} processes")  # fmt: skip
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outputs = list(pool.map(_one, records, [args.save] * len(records), chunksize=4))
    elapsed = time.perf_counter() - started
    counts, layouts, slip_counts = evaluate(records, outputs, args.v)
    seconds = sorted(output["seconds"] for output in outputs)
    print(f"time: {elapsed:.0f} s in all; per image median {seconds[len(seconds) // 2]:.2f} s, "
          f"slowest {seconds[-1]:.2f} s (one thread each)")  # fmt: skip
    for kind, (right, total) in layouts.items():
        print(f"layout recognized as {kind}: {right}/{total}")
    print(f"{'field':<22}{'precision':>10}{'recall':>9}{'tp':>6}{'pred':>6}{'exp':>6}")
    scores = {}
    for field, (tp, pred, exp) in counts.items():
        scores[field] = (_ratio(tp, pred), _ratio(tp, exp))
        print(
            f"{field:<22}{scores[field][0]:>10.3f}{scores[field][1]:>9.3f}{tp:>6}{pred:>6}{exp:>6}"
        )
    for name, (hits, total) in slip_counts.items():
        print(f"slip {name:<17}{'accuracy':>10}{_ratio(hits, total):>9.3f}{hits:>6}{total:>12}")
    met = all(
        scores[field][0] >= goal_p and scores[field][1] >= goal_r
        for field, (goal_p, goal_r) in GOALS.items()
    )
    phone_p, phone_r = scores["phones"]
    account_p, account_r = scores["accounts"]
    amount_p, amount_r = scores["amounts_with_period"]
    print(
        f"RESULT eval-evidence-images: images={len(records)} phone_precision={phone_p:.3f} "
        f"phone_recall={phone_r:.3f} account_precision={account_p:.3f} "
        f"account_recall={account_r:.3f} amount_precision={amount_p:.3f} "
        f"amount_recall={amount_r:.3f}; {'goal met' if met else 'goal missed'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
