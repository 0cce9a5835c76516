from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from vigia.vault.errors import VaultError

MIN_REGISTER = 500


class Command(BaseCommand):
    help = (
        "Linkage: `vigia linkage train [--synthetic] [--output FILE]`, "
        "`vigia linkage relink`, `vigia linkage networks`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["train", "relink", "networks"])
        parser.add_argument(
            "--synthetic",
            action="store_true",
            help="train on the synthetic register with known truth instead of the register",
        )
        parser.add_argument("--output", help="also write the parameters to this JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except VaultError as exc:
            raise CommandError(str(exc)) from None

    def _train(self, options: dict[str, Any]) -> None:
        from vigia.linkage import model, records, services
        from vigia.linkage.eval import train_shipped

        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        if options["synthetic"]:
            params = train_shipped()
            params.version = f"synthetic-{stamp}"
        else:
            rows = records.register_rows()
            if len(rows) < MIN_REGISTER:
                raise CommandError(
                    f"The register has {len(rows)} incidents; re-training needs at least "
                    f"{MIN_REGISTER}. The shipped parameters stay in use (or use --synthetic)."
                )
            print(f"training on {len(rows)} incidents…", file=sys.stderr)
            params = model.train_unsupervised(
                rows,
                services.active_params(),
                version=f"register-{stamp}",
                trained_on=f"register, {len(rows)} incidents, expectation maximisation",
            )
        stored = services.model_store(actor=None, params=params)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(params.to_json() + "\n")
        self.stdout.write(f"linkage model {stored.version} is now active")

    def _relink(self, options: dict[str, Any]) -> None:
        from vigia.linkage import services

        queued = services.relink_register()
        self.stdout.write(f"{queued} new pairs in the review queue")

    def _networks(self, options: dict[str, Any]) -> None:
        from vigia.linkage import services

        self.stdout.write(f"{services.networks_rebuild()} networks")
