"""`vigia simulate [--member] [--say TEXT ...]`: chat with the real flows through a local
fake WhatsApp, from the terminal; nothing is kept (see vigia/conversations/simulator.py)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigia.conversations import simulator
from vigia.vault.errors import VaultError


class Command(BaseCommand):
    help = "Chat with the conversation flows through a local fake WhatsApp; nothing is kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--member", action="store_true", help="write as an enrolled member (a test one)"
        )
        parser.add_argument(
            "--say",
            action="append",
            default=[],
            metavar="TEXT",
            help="a message to send (repeatable); without it, lines are read from stdin",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        said: list[str] = []
        lines = options["say"] or None
        if lines is None and sys.stdin.isatty():
            self.stderr.write("Escriba un mensaje por línea (Ctrl+D para terminar).")
        for line in lines or sys.stdin:
            text = line.strip()
            if not text:
                continue
            said.append(text)
            try:
                turns = simulator.replay(said, as_member=options["member"])
            except VaultError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"> {text}")
            for reply in turns[-1].replies:
                self.stdout.write("< " + reply.replace("\n", "\n  "))
