"""`vigia members move-channel --from CHANNEL --via CHANNEL [--via ...] [--zone CODE]
[--to PLACE] [--dry-run] [--close]`: move members off a lost channel (see
``vigia.members.services_moving``)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from vigia.audit.chain import SYSTEM
from vigia.members import services_moving as moving
from vigia.members.models import ChannelMove
from vigia.members.services import MemberError
from vigia.vault.errors import VaultError

CHANNELS = ["whatsapp", "telegram", "sms"]


class Command(BaseCommand):
    help = (
        "Members: `vigia members move-channel --from whatsapp --via sms [--via telegram] "
        "[--zone CODE] [--to PLACE] [--dry-run] [--close]`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        move = actions.add_parser(
            "move-channel", help="invite the members of a lost channel through another one"
        )
        move.add_argument("--from", dest="from_channel", required=True, choices=CHANNELS)
        move.add_argument(
            "--via", action="append", default=[], choices=CHANNELS,
            help="channel to invite through, in order of preference (repeatable); the same "
            "channel as --from when only the organization's number changed",
        )  # fmt: skip
        move.add_argument("--zone", help="only members of this zone (ubigeo or name)")
        move.add_argument(
            "--to", default="", help="where members must send their code (the new number or bot)"
        )
        move.add_argument("--dry-run", action="store_true", help="count only; send nothing")
        move.add_argument("--close", action="store_true", help="end the open move")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._move(options)
        except (MemberError, VaultError) as exc:
            raise CommandError(str(exc)) from None

    def _move(self, options: dict[str, Any]) -> None:
        channel = options["from_channel"]
        if options["close"]:
            move = ChannelMove.objects.filter(from_channel=channel, closed_at__isnull=True).first()
            if move is None:
                raise CommandError(_("No hay un cambio abierto desde ese canal."))
            moving.move_close(actor=SYSTEM, move=move)
            self.stdout.write(_("Cambio %(ref)s terminado.") % {"ref": str(move.pk)[:8]})
            return
        zone = None
        if options["zone"]:
            zone = moving.zone_by_code(options["zone"])
            if zone is None:
                raise CommandError(_("No existe esa zona."))
        result = moving.move_run(
            actor=SYSTEM,
            from_channel=channel,
            vias=options["via"],
            zone=zone,
            write_to=options["to"],
            dry_run=options["dry_run"],
            progress=self._progress,
        )
        self._report(result)

    def _progress(self, done: int, total: int) -> None:
        if total >= 100:
            print(_("%(done)d de %(total)d integrantes…") % {"done": done, "total": total},
                  file=sys.stderr)  # fmt: skip

    def _report(self, result: moving.MoveResult) -> None:
        write = self.stdout.write
        if result.dry_run:
            write(_("Simulación: no se envió nada."))
            write(_("Se invitaría ahora: %(n)d") % {"n": result.invited})
        else:
            ref = str(result.move.pk)[:8] if result.move else "-"
            write(_("Cambio de canal %(ref)s") % {"ref": ref})
            write(_("Invitadas ahora: %(n)d") % {"n": result.invited})
        write(_("Ya invitadas antes (código vigente): %(n)d") % {"n": result.already_invited})
        write(_("Ya se cambiaron: %(n)d") % {"n": result.moved})
        write(_("Comprometidas (no se les envía nada): %(n)d") % {"n": result.compromised})
        write(
            _("Sin otro canal (hay que buscarlas en persona): %(n)d")
            % {"n": len(result.no_channel)}
        )
        if result.no_channel:
            # References only: the names are on the staff page, not in a terminal's scrollback.
            refs = ", ".join(member.short_ref for member in result.no_channel)
            write(_("Referencias sin otro canal: %(refs)s") % {"refs": refs})
