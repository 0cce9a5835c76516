"""``vigia press``: ``classify --jsonl FILE`` (standalone), ``fetch``, ``import``, ``decisions``.

``classify`` follows contracts.md §4 exactly: one output line per input line, in order; a
bad line gives ``{"id": …, "error": "…"}`` and the run goes on (exit 0); exit 1 with one
sentence on stderr only when the input cannot be read; exit 2 on a usage error; no database,
keys or environment; progress on stderr only when stderr is a terminal.

The other subcommands work on the installation's database, so they set Django up first.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from vigia.lib.cli import LineError, Parser, UsageError, json_object, optional_date

__all__ = ["main"]

# Lines classified together: the encoder is faster on batches; output order is kept.
BATCH = 32


def _parser() -> Parser:
    parser = Parser(prog="vigia press", description="Press monitoring.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    classify = commands.add_parser(
        "classify", help="relevance and extraction for articles given as JSON Lines"
    )
    classify.add_argument(
        "--jsonl",
        required=True,
        metavar="FILE",
        help='one {"id", "title", "text", "date"?, "lang"?} a line ("-" = stdin)',
    )
    commands.add_parser(
        "fetch", help="fetch every due source now (the worker does it on a schedule)"
    )
    imported = commands.add_parser("import", help="ingest saved HTML or text files from a folder")
    imported.add_argument("folder", type=Path)
    imported.add_argument("--source", default="", help="name of the folder source (created if new)")
    decisions = commands.add_parser(
        "decisions", help="export the coordinators' decisions as training data (JSON Lines)"
    )
    decisions.add_argument("--output", type=Path, required=True)
    return parser


def _parse(line: bytes, number: int) -> tuple[str | None, Any]:
    """(id, Article) or (id, error message)."""
    from vigia.press.classify import Article

    try:
        record = json_object(line, number)
    except LineError as error:
        return None, str(error)
    ident = record.get("id")
    if not isinstance(ident, str):
        return None, f'line {number} has no string "id"'
    title, text = record.get("title"), record.get("text")
    if not isinstance(title, str) or not isinstance(text, str):
        return ident, 'each line needs a string "title" and a string "text"'
    try:
        published = optional_date(record)
    except LineError as error:
        return ident, str(error)
    lang = record.get("lang")
    if lang is not None and not isinstance(lang, str):
        return ident, '"lang" must be a language code such as "es"'
    return ident, Article(title=title, text=text, published=published, lang=lang or None)


def _batches(handle: IO[bytes]) -> Iterator[list[tuple[int, bytes]]]:
    batch: list[tuple[int, bytes]] = []
    for number, raw in enumerate(handle, start=1):
        batch.append((number, raw.rstrip(b"\r\n")))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _classify(handle: IO[bytes], out: IO[str]) -> None:
    from vigia.press.classify import Article, classify_many, contract_output

    progress = sys.stderr.isatty()
    done = 0
    for batch in _batches(handle):
        parsed = [(number, *_parse(line, number)) for number, line in batch]
        good = [
            (number, ident, item) for number, ident, item in parsed if isinstance(item, Article)
        ]
        try:
            results = dict(
                zip(
                    [n for n, _i, _a in good], classify_many([a for _n, _i, a in good]), strict=True
                )
            )
        except Exception:
            results = {}
        for number, ident, item in parsed:
            if isinstance(item, str):
                line = {"id": ident, "error": item}
            elif number in results:
                line = contract_output(ident or "", results[number])
            else:
                line = {"id": ident, "error": f"line {number} could not be classified"}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
        done += len(batch)
        if progress:
            sys.stderr.write(f"\rpress classify: {done} lines")
            sys.stderr.flush()
    if progress and done:
        sys.stderr.write("\n")


def _run_classify(source: str) -> int:
    try:
        if source == "-":
            _classify(sys.stdin.buffer, sys.stdout)
            return 0
        with Path(source).open("rb") as handle:
            _classify(handle, sys.stdout)
    except FileNotFoundError:
        sys.stderr.write(f"Cannot read {source}: no such file.\n")
        return 1
    except IsADirectoryError:
        sys.stderr.write(f"Cannot read {source}: it is a folder, not a file.\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"Cannot read {source}: {exc.strerror or exc.__class__.__name__}.\n")
        return 1
    return 0


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigia.settings")
    import django

    django.setup()


def _run_database_command(args: argparse.Namespace) -> int:
    from vigia.lib.env import ConfigError

    try:
        _django()
        from vigia.press import ingest, services

        if args.command == "fetch":
            checked = ingest.fetch_due(force=True)
            print(f"{len(checked)} sources checked")
        elif args.command == "import":
            if not args.folder.is_dir():
                sys.stderr.write(f"Cannot read {args.folder}: not a folder.\n")
                return 1
            stored = ingest.import_folder(args.folder, source_name=args.source or args.folder.name)
            print(f"{stored} new articles stored")
        else:
            count = services.export_decisions(args.output)
            print(f"{count} decisions written to {args.output}")
    except ConfigError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    return 0


def main(argv: list[str]) -> int:
    """Run ``vigia press`` with ``argv`` (the arguments after "press")."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        sys.stderr.write(f"{parser.format_usage()}vigia press: error: {exc}\n")
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    if args.command == "classify":
        return _run_classify(args.jsonl)
    return _run_database_command(args)
