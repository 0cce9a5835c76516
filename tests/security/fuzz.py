"""A mutation fuzzer for what reads untrusted input: the webhook parsers, the evidence
extractors and the register importer. Used by the CI slice (test_fuzz.py) and
bench/security/fuzz.py (1,000,000 iterations).

Each iteration takes a seed input (the messaging fixtures, the evidence evaluation texts,
hand-made OCR layouts, a valid CSV and XLSX register), mutates it a few times and runs the
target. An exception the target documents (the ones its caller turns into a 400 or a form
error) is a rejection; any other exception is a **crash**. Every iteration has its own
``random.Random(f"{seed}:{target}:{i}")``, so a crash is replayed with :func:`replay`.

Targets:
- ``whatsapp``/``telegram``: the view's ``_parse`` on the raw body (JSON-tree mutations,
  then byte mutations), then what ingestion does with each item before any database write
  (the encrypted JSON encoding of ``as_raw()``, the address as bytes): errors there would be
  a 500, so only parsing may raise ``Malformed``, ``ValidationError``, ``ValueError``,
  ``TypeError``, ``OverflowError`` (what ``webhooks.receive`` answers 400 for).
- ``sms``: the same on a form body parsed by Django's request (duplicate keys included).
- ``evidence-text``: ``extract_text`` on mutated messages (no documented errors).
- ``evidence-image``: ``extract_image`` with the OCR engine replaced by mutated OCR lines
  (chats, payment slips, random boxes); pixels are not fuzzed (no documented errors).
- ``importer``: ``read_table`` and ``guess_mapping`` on mutated CSV and XLSX bytes
  (``ImportFileError`` documented) and, one iteration in 50 when a database is there,
  ``run_import(dry_run=True)`` on the rows (``ImportFileError``).
"""

from __future__ import annotations

import copy
import functools
import io
import json
import multiprocessing
import random
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "vigia" / "messaging" / "tests" / "fixtures"
DATASET = ROOT / "vigia" / "evidence" / "eval" / "dataset.jsonl"
SHARES = {
    "whatsapp": 0.25,
    "telegram": 0.2,
    "sms": 0.2,
    "evidence-text": 0.12,
    "evidence-image": 0.05,
    "importer": 0.18,
}
DATABASE_EVERY = 50  # importer iterations per dry-run import through the database
PIECES = (
    "yapea al ", "900 001 234", "S/ ", "150", " soles", " semanal", " cupo ", "Lince", "ayer",
    "el viernes", " 15 de febrero", "+51", "-", ".", "CCI ", "0011", " DNI ", "\U0001f52b", "\n",
    "Los Gallegos", " a las 10 p. m.", "İ", "ß", "١٢٣", "\u00a0", "@user", "\u200f", "\u0301",
    "00", "9" * 40, "S/.", "US$", "mil", "1.000,50", "31/02/2024", "hoy", "\x00", "\t", "\ufeff",
    "Nro. de operación", "Yapeaste", "destinatario", ":", ",", ";", '"', "''", "%",
)  # fmt: skip


@dataclass(frozen=True)
class Crash:
    target: str
    seed: int
    iteration: int
    error: str
    where: str
    data: str

    def __str__(self) -> str:
        return (
            f"{self.target} seed={self.seed} iteration={self.iteration}: {self.error} at "
            f"{self.where}; input {self.data[:300]!r}"
        )


@dataclass
class FuzzReport:
    iterations: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    crashes: list[Crash] = field(default_factory=list)
    slowest: dict[str, tuple[float, int]] = field(default_factory=dict)  # seconds, iteration
    seconds: float = 0.0

    def merge(self, other: FuzzReport) -> None:
        self.iterations.update(other.iterations)
        self.rejected.update(other.rejected)
        self.crashes.extend(other.crashes)
        for name, value in other.slowest.items():
            self.slowest[name] = max(self.slowest.get(name, (0.0, 0)), value)

    @property
    def total(self) -> int:
        return sum(self.iterations.values())

    def signatures(self) -> Counter[tuple[str, str, str]]:
        """Crashes grouped by target, exception type and the line that raised it."""
        return Counter((c.target, c.error.split(":")[0], c.where) for c in self.crashes)


# -- mutations ---------------------------------------------------------------------------


def random_text(rng: random.Random, size: int = 12) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(size)))
    if kind == 1:
        return "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 6)))
    if kind == 2:
        return str(rng.randrange(10 ** rng.randrange(1, 25)))
    if kind == 3:
        return rng.choice(["", " ", "a" * rng.choice([1, 256, 5000, 9000]), "+51900123456"])
    return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(size)))


def random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.choice([0, -1, 1, 2**31, 2**53 + 1, 2**63, 2**70, -(2**70), 10**40])
    if kind == 2:
        return rng.choice([0.5, -0.0, 1e308, -1e308, 1e-320, float("inf"), float("nan")])
    if kind in (3, 4, 5):
        return random_text(rng)
    if kind in (6, 7):
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {random_text(rng, 8): random_value(rng, depth + 1) for _ in range(rng.randrange(4))}


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _paths(child, (*prefix, index))


def mutate_tree(document: Any, rng: random.Random) -> Any:
    """Replace, delete, duplicate, re-type or add a node somewhere in a JSON document."""
    document = copy.deepcopy(document)
    for _ in range(rng.randrange(1, 4)):
        path = rng.choice(list(_paths(document)))
        if not path:
            document = random_value(rng) if rng.random() < 0.05 else document
            continue
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        key, node = path[-1], parent[path[-1]]
        action = rng.randrange(7)
        if action == 0:
            del parent[key]
        elif action == 1 and isinstance(node, dict):
            node[random_text(rng, 8) if rng.random() < 0.5 else rng.choice(list(node) or ["x"])] = (
                random_value(rng)
            )
        elif action == 2 and isinstance(node, list):
            many = len(node) < 4 and rng.random() < 0.05  # just over the models' 1,000 limit
            node.extend(copy.deepcopy(node[:1]) * (1001 if many else rng.choice([1, 2])))
        elif action == 3:
            parent[key] = str(node) if not isinstance(node, str) else _number_or_text(node, rng)
        elif action == 4:
            parent[key] = [node] if rng.random() < 0.5 else {"value": node}
        else:
            parent[key] = random_value(rng)
    return document


def _number_or_text(text: str, rng: random.Random) -> Any:
    try:
        return int(text)
    except ValueError:
        return mutate_text(text, rng)


def mutate_text(text: str, rng: random.Random) -> str:
    """Insert, delete, replace, repeat or swap pieces of a text."""
    for _ in range(rng.randrange(1, 5)):
        at = rng.randrange(len(text) + 1)
        action = rng.randrange(6)
        if action == 0:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif action == 1:
            text = text[:at] + text[at + rng.randrange(1, 20) :]
        elif action == 2:
            text = text[:at] + random_text(rng, 6) + text[at + 1 :]
        elif action == 3:
            text = (
                text[:at] + text[at : at + rng.randrange(1, 40)] * rng.randrange(2, 6) + text[at:]
            )
        elif action == 4:
            text = text.upper() if rng.random() < 0.5 else text.swapcase()
        else:
            text = text[at:] + text[:at]
    return text


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """Flip, insert, delete, truncate or repeat bytes."""
    buffer = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        at = rng.randrange(len(buffer) + 1)
        action = rng.randrange(5)
        if action == 0 and buffer:
            buffer[min(at, len(buffer) - 1)] ^= 1 << rng.randrange(8)
        elif action == 1:
            buffer[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        elif action == 2:
            del buffer[at : at + rng.randrange(1, 64)]
        elif action == 3:
            del buffer[at:]
        else:
            buffer[at:at] = buffer[at : at + rng.randrange(1, 64)] * rng.randrange(2, 5)
    return bytes(buffer)


# -- seeds -------------------------------------------------------------------------------


@functools.cache
def seeds() -> dict[str, list[Any]]:
    from vigia.messaging import fake

    whatsapp = [json.loads(p.read_text()) for p in sorted(FIXTURES.glob("whatsapp_*.json"))]
    for kind, fields in (
        ("image", {"media_id": "m1", "mime_type": "image/jpeg"}),
        ("audio", {"media_id": "m2"}),
        ("interactive", {"choice": "2"}),
        ("location", {"location": {"latitude": -12.08, "longitude": -77.03, "name": "Lince"}}),
        ("button", {"button": {"payload": "1", "text": "Sí"}}),
    ):
        message = fake.message("+51900000001", text="hola", kind=kind, **fields)
        whatsapp.append(json.loads(fake.delivery([message])))
    telegram = json.loads((FIXTURES / "telegram_updates.json").read_text())
    texts = [json.loads(line)["text"] for line in DATASET.read_text().splitlines() if line]
    sms = [
        {"MessageSid": "SM0123456789abcdef", "From": "+51900000002", "Body": texts[1],
         "NumMedia": "0"},
        {"MessageSid": "MM0123456789abcdef", "From": "900 000 003", "Body": "", "NumMedia": "1",
         "MediaUrl0": "https://gateway.example/media/1", "MediaContentType0": "image/jpeg"},
        {"MessageSid": "SM0123456789abcdee", "MessageStatus": "delivered", "ErrorCode": ""},
    ]  # fmt: skip
    return {"whatsapp": whatsapp, "telegram": telegram, "sms": sms, "texts": texts,
            "tables": _tables(texts)}  # fmt: skip


def _tables(texts: list[str]) -> list[tuple[str, bytes]]:
    from vigia.incidents.importer import FIELDS

    header = list(FIELDS.values())
    rows = [
        ["2024-03-12", "extortion_demand", "Lince", "criminal_group", "Los Gallegos", "0", "0",
         "0", "S/ 50", "200", "PEN", texts[1], "Rosa", "VE", "mujer trans", "press",
         "https://diario.example/1", "Título"],
        ["12/03/2024", "homicidio", "150116", "", "", "1", "varias", "0", "", "", "", texts[2],
         "", "", "", "", "", ""],
    ]  # fmt: skip
    text = io.StringIO()
    for row in [header, *rows]:
        text.write(
            ",".join('"' + cell.replace('"', '""') + '"' for cell in row[: len(header)]) + "\n"
        )
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [header, *rows]:
        sheet.append(row)
    xlsx = io.BytesIO()
    book.save(xlsx)
    return [("registro.csv", text.getvalue().encode()),
            ("registro.csv", text.getvalue().replace(",", ";").encode("latin-1", "replace")),
            ("registro.xlsx", xlsx.getvalue())]  # fmt: skip


# -- targets -----------------------------------------------------------------------------


def _store_side(parsed: Any) -> None:
    """What ingestion does with parsed items before the database: encode them for storage."""
    from vigia.messaging.models import InboundMessage

    raw = InboundMessage._meta.get_field("raw")
    for item in parsed.items:
        raw.encode(item.as_raw())
        item.address.encode()
        item.external_id.encode()
    for receipt in parsed.receipts:
        receipt.provider_id.encode()


def _json_body(name: str, rng: random.Random) -> bytes:
    from django.conf import settings

    document = mutate_tree(rng.choice(seeds()[name]), rng)
    body = json.dumps(document).encode()
    body = mutate_bytes(body, rng) if rng.random() < 0.2 else body
    # A longer body is answered 413 before it is verified or parsed: cut it there.
    return body[: settings.DATA_UPLOAD_MAX_MEMORY_SIZE]


def _webhook(view: str) -> Callable[[random.Random], tuple[Any, Callable[[], None]]]:
    def make(rng: random.Random) -> tuple[Any, Callable[[], None]]:
        import importlib

        module = importlib.import_module(f"vigia.messaging.providers.{view}.views")
        if view == "sms":
            from urllib.parse import urlencode

            from django.test import RequestFactory

            form = mutate_tree(rng.choice(seeds()["sms"]), rng)
            pairs = [
                (str(k), str(v))
                for k, v in (form.items() if isinstance(form, dict) else [("x", form)])
            ]
            # Any bytes may arrive percent-encoded, even ones that are not UTF-8.
            body = urlencode(pairs, errors="surrogatepass").encode()
            body = mutate_bytes(body, rng) if rng.random() < 0.3 else body
            if rng.random() < 0.1:
                body += b"&From=%2B51900000009"
            request = RequestFactory().post(
                "/hooks/sms/", body, content_type="application/x-www-form-urlencoded"
            )
            return body, lambda: _store_side(module._parse(request, body))
        body = _json_body(view, rng)
        return body, lambda: _store_side(module._parse(None, body))

    return make


def _evidence_text(rng: random.Random) -> tuple[Any, Callable[[], None]]:
    from vigia.evidence.extract import extract_text

    text = mutate_text(rng.choice(seeds()["texts"]), rng)
    day = rng.choice([None, date(2024, 3, 12), date(1, 1, 1), date(9999, 12, 31)])

    def run() -> None:
        extract_text(text, day)

    return (text, day), run


def _ocr_lines(rng: random.Random) -> list[Any]:
    from vigia.evidence.image_ocr import OcrLine

    texts = seeds()["texts"]
    if rng.random() < 0.4:
        words = ["¡Yapeaste!", "S/ 150", "Nombre del destinatario:", "Juan P.",
                 "Celular de destino: *** *** 234", "Fecha y hora:", "12 mar. 2024 - 10:45 p. m.",
                 "Nro. de operación:", "01234567", "Mensaje:",
                 mutate_text(rng.choice(texts), rng)]  # fmt: skip
    else:
        times = [f"21:0{rng.randrange(10)}" for _ in range(3)]
        words = [piece for text, at in zip(rng.sample(texts, 3), times, strict=True)
                 for piece in (text[:60], at)]  # fmt: skip
        words.insert(0, rng.choice(["HOY", "AYER", "LUNES", "+51 900 000 111", "15 DE MARZO"]))
    lines = []
    y = rng.uniform(0, 100)
    for text in words:
        x0 = rng.choice([40.0, 350.0, rng.uniform(-50, 1200)])
        height = rng.choice([30.0, 40.0, rng.uniform(0, 200)])
        colour = rng.choice([(255, 255, 255), (217, 253, 211), (0, 0, 0)])
        lines.append(
            OcrLine(mutate_text(text, rng) if rng.random() < 0.3 else text, rng.random(), x0, y,
                    x0 + rng.uniform(0, 900), y + height, colour, rng.uniform(-0.3, 0.3))
        )  # fmt: skip
        y += rng.uniform(-20, 120)
    if rng.random() < 0.2:
        rng.shuffle(lines)
    if rng.random() < 0.2 and lines:
        index = rng.randrange(len(lines))
        lines[index] = replace(lines[index], x0=lines[index].x1, y0=lines[index].y1)  # zero size
    return lines


class _Picture:
    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size


def _evidence_image(rng: random.Random) -> tuple[Any, Callable[[], None]]:
    from vigia.evidence import image

    lines = _ocr_lines(rng)
    size = rng.choice([(1080, 2400), (720, 1280), (1, 1), (4096, 300)])
    day = rng.choice([None, date(2024, 3, 12)])

    def run() -> None:
        with ExitStack() as stack:
            stack.enter_context(
                mock.patch.object(image, "load_image", lambda source: _Picture(size))
            )
            stack.enter_context(mock.patch.object(image, "recognize", lambda picture: lines))
            image.extract_image(b"", message_date=day)

    return lines, run


def _importer(database: bool) -> Callable[[random.Random], tuple[Any, Callable[[], None]]]:
    def make(rng: random.Random) -> tuple[Any, Callable[[], None]]:
        from vigia.incidents import importer

        name, data = rng.choice(seeds()["tables"])
        if name.endswith(".csv") and rng.random() < 0.5:
            text = mutate_text(data.decode("latin-1"), rng)
            data = text.encode(rng.choice(["utf-8", "utf-8-sig", "utf-16"]), "replace")
        if rng.random() < 0.5 or name.endswith(".xlsx"):
            data = mutate_bytes(data, rng)
        if rng.random() < 0.002:
            data = data + b'\n"' + b"x" * 140_000 + b'",1\n'  # one cell over csv's field limit
        through_database = database and rng.randrange(DATABASE_EVERY) == 0

        def run() -> None:
            try:
                headers, rows = importer.read_table(data, name)
                mapping = importer.guess_mapping(headers)
                if through_database:
                    importer.run_import(actor=None, rows=rows[:30], mapping=mapping, dry_run=True)
            except importer.ImportFileError:
                raise Rejected from None

        return data, run

    return make


class Rejected(Exception):
    """A documented error: the input was refused the way the caller expects."""


def _documented(name: str) -> tuple[type[BaseException], ...]:
    if name in ("whatsapp", "telegram", "sms"):
        from pydantic import ValidationError

        from vigia.messaging.webhooks import Malformed

        return (Rejected, Malformed, ValidationError, ValueError, TypeError, OverflowError)
    return (Rejected,)


def targets(database: bool) -> dict[str, Callable[[random.Random], tuple[Any, Callable[[], None]]]]:
    return {
        "whatsapp": _webhook("whatsapp"),
        "telegram": _webhook("telegram"),
        "sms": _webhook("sms"),
        "evidence-text": _evidence_text,
        "evidence-image": _evidence_image,
        "importer": _importer(database),
    }


# -- running -----------------------------------------------------------------------------


def _stage(make: Any, name: str, seed: int, i: int) -> tuple[Any, Callable[[], None]]:
    return make(random.Random(f"{seed}:{name}:{i}"))  # type: ignore[no-any-return]


def run_target(name: str, start: int, stop: int, seed: int, database: bool) -> FuzzReport:
    """Iterations ``start``..``stop`` of one target."""
    report = FuzzReport()
    make = targets(database)[name]
    documented = _documented(name)
    slowest = (0.0, start)
    for i in range(start, stop):
        data, run = _stage(make, name, seed, i)
        began = time.perf_counter()
        try:
            run()
        except documented:
            report.rejected[name] += 1
        except Exception as exc:
            report.crashes.append(
                Crash(name, seed, i, f"{type(exc).__name__}: {str(exc)[:200]}", _where(exc),
                      repr(data)[:2000])
            )  # fmt: skip
        slowest = max(slowest, (time.perf_counter() - began, i))
        report.iterations[name] += 1
    report.slowest[name] = slowest
    return report


def _where(exc: BaseException) -> str:
    """The last line of Vigía's own code in the traceback (else the last line)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f.filename.startswith(str(ROOT / "vigia"))] or frames
    name = ours[-1].filename
    shown = str(Path(name).relative_to(ROOT)) if name.startswith(str(ROOT)) else name
    return f"{shown}:{ours[-1].lineno}"


def replay(name: str, seed: int, iteration: int) -> None:
    """Run one recorded iteration again, letting its exception through."""
    _stage(targets(True)[name], name, seed, iteration)[1]()


def plan(iterations: int, processes: int) -> list[list[tuple[str, int, int]]]:
    """Per worker: (target, start, stop). The importer, which may write to the database,
    runs in worker 0 only; the other targets are split evenly."""
    work: list[list[tuple[str, int, int]]] = [[] for _ in range(processes)]
    for name, share in SHARES.items():
        count = round(iterations * share)
        if name == "importer":
            work[0].append((name, 0, count))
            continue
        step = -(-count // processes)
        for worker in range(processes):
            start, stop = worker * step, min(count, (worker + 1) * step)
            if start < stop:
                work[worker].append((name, start, stop))
    return work


def _worker(args: tuple[list[tuple[str, int, int]], int, bool]) -> FuzzReport:
    jobs, seed, database = args
    report = FuzzReport()
    for name, start, stop in jobs:
        report.merge(run_target(name, start, stop, seed, database))
    return report


def fuzz(
    iterations: int, *, seed: int = 0, processes: int = 1, database: bool = True
) -> FuzzReport:
    """Run about ``iterations`` iterations spread over the targets (SHARES)."""
    started = time.perf_counter()
    seeds()
    work = [(jobs, seed, database and n == 0) for n, jobs in enumerate(plan(iterations, processes))]
    report = FuzzReport()
    if processes > 1:
        from django.db import connections

        connections.close_all()  # each forked worker opens its own connection
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for part in pool.imap_unordered(_worker, work):
                report.merge(part)
    else:
        report.merge(_worker(work[0]))
    report.seconds = time.perf_counter() - started
    return report
