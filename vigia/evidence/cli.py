"""``vigia extract --jsonl FILE``: JSON Lines in, one JSON line out per input line.

Contract (shared contracts, section 4): output lines in input order; a bad line gives
``{"id": …, "error": "…"}`` and the run goes on (exit 0); exit 1 with one sentence on stderr
only when the input cannot be read; exit 2 on a usage error. No database, keys or
environment are needed. A progress bar goes to stderr, and only when stderr is a terminal.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any, Final

from vigia.evidence.extract import extract_text
from vigia.lib.cli import LineError, Parser, UsageError, json_object, optional_date

__all__ = ["main"]

_PROGRESS_EVERY_S: Final = 0.1


def _parser() -> Parser:
    parser = Parser(
        prog="vigia extract",
        description="Extract phone numbers, accounts, amounts, dates, places, actors and event "
        "types from messages given as JSON Lines.",
    )
    parser.add_argument(
        "--jsonl",
        required=True,
        metavar="FILE",
        help='input file, one {"id", "text"|"image", "date"?} object a line ("-" = stdin); '
        "image paths are relative to the file's folder",
    )
    return parser


def _image(ident: str, path: Path, name: str, message_date: date | None) -> dict[str, Any]:
    """OCR one image line; ``name`` is the path as written in the input."""
    try:
        # Imported on first use: OCR loads onnxruntime and OpenCV, which text lines never need.
        from PIL import UnidentifiedImageError
        from PIL.Image import DecompressionBombError

        from vigia.evidence.image import extract_image
    except ImportError:
        return {"id": ident, "error": "image extraction is not installed"}
    try:
        return {"id": ident, **extract_image(path, message_date=message_date)}
    except (UnidentifiedImageError, DecompressionBombError, OSError):
        return {"id": ident, "error": f"not an image that can be read: {name}"}


def _process(line: bytes, number: int, folder: Path) -> dict[str, Any]:
    try:
        record = json_object(line, number)
    except LineError as error:
        return {"id": None, "error": str(error)}
    ident = record.get("id")
    if not isinstance(ident, str):
        return {"id": ident if isinstance(ident, int | float) else None,
                "error": f'line {number} has no string "id"'}  # fmt: skip
    try:
        message_date = optional_date(record)
    except LineError as error:
        return {"id": ident, "error": str(error)}
    text = record.get("text")
    image = record.get("image")
    if text is not None and image is not None:
        return {"id": ident, "error": 'give either "text" or "image", not both'}
    if isinstance(text, str):
        return {"id": ident, **extract_text(text, message_date)}
    if isinstance(image, str):
        if not (folder / image).is_file():
            return {"id": ident, "error": f"image not found: {image}"}
        return _image(ident, folder / image, image, message_date)
    return {"id": ident, "error": 'each line needs a string "text" or "image"'}


def _lines(handle: IO[bytes]) -> Iterator[bytes]:
    for raw in handle:
        yield raw.rstrip(b"\r\n")


class _Progress:
    """A one-line progress indicator on stderr, drawn only for a terminal."""

    def __init__(self, total_bytes: int | None) -> None:
        self._enabled = sys.stderr.isatty()
        self._total = total_bytes
        self._last = 0.0
        self._done = 0
        self._lines = 0

    def step(self, size: int) -> None:
        self._done += size
        self._lines += 1
        now = time.monotonic()
        if self._enabled and now - self._last >= _PROGRESS_EVERY_S:
            self._last = now
            self._draw()

    def _draw(self) -> None:
        if self._total:
            share = min(1.0, self._done / self._total)
            bar = "#" * int(share * 30)
            sys.stderr.write(f"\rextract [{bar:<30}] {share:4.0%} {self._lines} lines")
        else:
            sys.stderr.write(f"\rextract {self._lines} lines")
        sys.stderr.flush()

    def close(self) -> None:
        if self._enabled and self._lines:
            self._draw()
            sys.stderr.write("\n")


def _run(handle: IO[bytes], folder: Path, total: int | None, out: IO[str]) -> None:
    progress = _Progress(total)
    for number, line in enumerate(_lines(handle), start=1):
        try:
            result = _process(line, number, folder)
        except Exception as exc:
            result = {
                "id": None,
                "error": f"line {number} could not be processed ({exc.__class__.__name__})",
            }
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        progress.step(len(line) + 1)
    progress.close()
    out.flush()


def main(argv: list[str]) -> int:
    """Run ``vigia extract`` with ``argv`` (the arguments after "extract")."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        sys.stderr.write(f"{parser.format_usage()}vigia extract: error: {exc}\n")
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    source: str = args.jsonl
    try:
        if source == "-":
            _run(sys.stdin.buffer, Path.cwd(), None, sys.stdout)
            return 0
        path = Path(source)
        with path.open("rb") as handle:
            _run(handle, path.parent, path.stat().st_size, sys.stdout)
    except FileNotFoundError:
        sys.stderr.write(f"Cannot read {source}: no such file.\n")
        return 1
    except IsADirectoryError:
        sys.stderr.write(f"Cannot read {source}: it is a folder, not a file.\n")
        return 1
    except PermissionError:
        sys.stderr.write(f"Cannot read {source}: permission denied.\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"Cannot read {source}: {exc.strerror or exc.__class__.__name__}.\n")
        return 1
    return 0
