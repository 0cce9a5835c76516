"""Bring in the registers organizations already keep (CSV or XLSX).

1. Read the rows (first sheet of an XLSX; CSV in UTF-8 with any common delimiter).
2. Map columns to Vigía's fields (guessed from Spanish or English headers, editable).
3. Validate the whole file, every row, inside one transaction with a savepoint per row.
4. If any row has a problem, roll everything back and report the problems by row;
   otherwise commit: one transaction, nothing half-imported.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vigia.incidents import services
from vigia.incidents.models import Actor, EventType, PerpetratorType
from vigia.zones.models import Zone

MAX_ROWS = 20_000

FIELDS: dict[str, str] = {
    "date": "fecha",
    "event_type": "tipo",
    "zone": "distrito / zona",
    "perpetrator_type": "tipo de agresor",
    "actor": "grupo",
    "killed": "asesinadas",
    "missing": "desaparecidas",
    "injured": "heridas",
    "registration_fee": "inscripción",
    "weekly_quota": "cupo semanal",
    "currency": "moneda",
    "narrative": "relato",
    "victim_pseudonym": "víctima",
    "victim_nationality": "nacionalidad",
    "victim_gender": "identidad de género",
    "source_kind": "tipo de fuente",
    "source_url": "enlace de la fuente",
    "source_title": "título de la fuente",
}
_GUESSES: dict[str, tuple[str, ...]] = {
    "date": ("fecha", "date", "dia"),
    "event_type": ("tipo", "hecho", "event type", "type", "evento"),
    "zone": ("distrito", "zona", "lugar", "district", "ubigeo"),
    "perpetrator_type": ("agresor", "perpetrador", "perpetrator"),
    "actor": ("grupo", "banda", "organizacion criminal", "actor"),
    "killed": ("asesinadas", "muertas", "fallecidas", "killed", "victimas mortales"),
    "missing": ("desaparecidas", "missing"),
    "injured": ("heridas", "injured"),
    "registration_fee": ("inscripcion", "plaza", "registration"),
    "weekly_quota": ("cupo", "cuota", "quota"),
    "currency": ("moneda", "currency"),
    "narrative": ("relato", "descripcion", "narrative", "observaciones"),
    "victim_pseudonym": ("victima", "nombre", "seudonimo", "victim"),
    "victim_nationality": ("nacionalidad", "nationality"),
    "victim_gender": ("genero", "identidad", "gender"),
    "source_kind": ("tipo de fuente", "source kind"),
    "source_url": ("enlace", "url", "link"),
    "source_title": ("titulo", "fuente", "title", "source"),
}
NATIONALITIES = {
    "peru": "PE", "peruana": "PE", "venezuela": "VE", "venezolana": "VE",
    "colombia": "CO", "colombiana": "CO", "ecuador": "EC", "ecuatoriana": "EC",
}  # fmt: skip
GENDERS = {
    "mujer_trans": "trans_woman", "trans": "trans_woman", "mujer": "cis_woman",
    "mujer_cis": "cis_woman",
}  # fmt: skip
SOURCE_KINDS = {
    "prensa": "press", "familia": "family", "integrante": "member", "oficial": "official",
    "organizacion aliada": "partner_org",
}  # fmt: skip


class ImportFileError(Exception):
    """The file cannot be read at all; one sentence for the user."""


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def read_table(data: bytes, filename: str) -> tuple[list[str], list[dict[str, str]]]:
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        if not reader.fieldnames:
            raise ImportFileError(_("El archivo no tiene una fila de encabezados."))
        rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except csv.Error:
        # A line break inside an unquoted cell, or a cell too long to be data.
        raise ImportFileError(
            _("No se pudo leer el archivo como CSV: revise las comillas y los saltos de línea.")
        ) from None
    return [h for h in reader.fieldnames if h], rows


def _read_xlsx(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception:
        raise ImportFileError(_("No se pudo leer la planilla: ¿es un archivo XLSX?")) from None
    lines = sheet.iter_rows(values_only=True)
    header = next(lines, None)
    if not header:
        raise ImportFileError(_("La planilla está vacía."))
    names = [str(h).strip() if h is not None else "" for h in header]
    rows = []
    for values in lines:
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        cells = {}
        for name, value in zip(names, values, strict=False):
            if not name:
                continue
            if isinstance(value, date):
                cells[name] = value.strftime("%Y-%m-%d")
            else:
                cells[name] = "" if value is None else str(value).strip()
        rows.append(cells)
    return [n for n in names if n], rows


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """field → header, from what the header says; the user can change it."""
    mapping: dict[str, str] = {}
    folded = {h: fold(h) for h in headers}
    for target, words in _GUESSES.items():
        for header, name in folded.items():
            if header in mapping.values():
                continue
            if name in words or any(name.startswith(w) for w in words):
                mapping[target] = header
                break
    return mapping


@dataclass
class RowError:
    row: int  # 1-based, counting the header as row 1 (as spreadsheets show it)
    messages: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: int
    created: int
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_date(text: str) -> tuple[date, str]:
    text = text.strip()
    for pattern, precision in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "day"),
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", "day_dmy"),
        (r"(\d{4})-(\d{1,2})", "month"),
        (r"(\d{1,2})/(\d{4})", "month_my"),
        (r"(\d{4})", "year"),
    ):
        match = re.fullmatch(pattern, text)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        if precision == "day":
            return date(parts[0], parts[1], parts[2]), "day"
        if precision == "day_dmy":
            return date(parts[2], parts[1], parts[0]), "day"
        if precision == "month":
            return date(parts[0], parts[1], 1), "month"
        if precision == "month_my":
            return date(parts[1], parts[0], 1), "month"
        return date(parts[0], 1, 1), "year"
    raise ValueError(_("fecha «%(v)s» no reconocida (use AAAA-MM-DD o DD/MM/AAAA)") % {"v": text})


class _Lookups:
    """Code lists loaded once per import, matched on codes, labels and aliases."""

    def __init__(self) -> None:
        self.types = self._index(EventType.objects.all(), ("code", "label_es", "label_en"))
        self.perpetrators = self._index(
            PerpetratorType.objects.all(), ("code", "label_es", "label_en")
        )
        self.actors = self._index(Actor.objects.all(), ("code", "name"), aliases=True)
        self.zones = self._index(Zone.objects.filter(active=True), ("name", "ubigeo"), aliases=True)

    @staticmethod
    def _index(items: Any, attrs: tuple[str, ...], aliases: bool = False) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for item in items:
            keys = [getattr(item, a) for a in attrs] + (list(item.aliases) if aliases else [])
            for key in keys:
                if key:
                    found.setdefault(fold(str(key)), item)
        return found


def _number(text: str, label: str) -> int:
    if not text:
        return 0
    if text.lower() in ("varias", "varios", "several"):
        return 3  # conservative reading of "several" (register rules)
    try:
        value = int(Decimal(text.replace(",", ".")))
    except InvalidOperation:
        raise ValueError(_("%(f)s «%(v)s» no es un número") % {"f": label, "v": text}) from None
    if value < 0:
        raise ValueError(_("%(f)s no puede ser negativo") % {"f": label})
    return value


def _row_fields(row: dict[str, str], mapping: dict[str, str], lookups: _Lookups) -> dict[str, Any]:
    def cell(name: str) -> str:
        header = mapping.get(name)
        return row.get(header, "").strip() if header else ""

    problems: list[str] = []
    values: dict[str, Any] = {}

    def attempt(func: Callable[[], None]) -> None:
        try:
            func()
        except ValueError as exc:
            problems.append(str(exc))

    def parse_date() -> None:
        if not cell("date"):
            raise ValueError(_("falta la fecha"))
        values["date"], values["date_precision"] = _parse_date(cell("date"))

    def pick(name: str, table: dict[str, Any], required: bool, label: str) -> None:
        raw = cell(name)
        if not raw:
            if required:
                raise ValueError(_("falta %(f)s") % {"f": label})
            return
        found = table.get(fold(raw))
        if found is None:
            raise ValueError(_("%(f)s «%(v)s» no existe") % {"f": label, "v": raw})
        values[name] = found

    attempt(parse_date)
    attempt(lambda: pick("event_type", lookups.types, True, _("el tipo")))
    attempt(lambda: pick("zone", lookups.zones, True, _("la zona")))
    attempt(lambda: pick("perpetrator_type", lookups.perpetrators, False, _("el tipo de agresor")))
    attempt(lambda: pick("actor", lookups.actors, False, _("el grupo")))
    for name, label in (("killed", _("asesinadas")), ("missing", _("desaparecidas")),
                        ("injured", _("heridas"))):  # fmt: skip
        try:
            values[name] = _number(cell(name), label)
        except ValueError as exc:
            problems.append(str(exc))
    for name in ("registration_fee", "weekly_quota"):
        if cell(name):
            try:
                values[name] = Decimal(re.sub(r"[^\d.,]", "", cell(name)).replace(",", "."))
            except InvalidOperation:
                problems.append(_("monto «%(v)s» no reconocido") % {"v": cell(name)})
    if cell("currency"):
        values["currency"] = cell("currency").upper()[:3]
    if cell("narrative"):
        values["narrative"] = cell("narrative")
    if problems:
        raise ValidationError(problems)
    return values


def run_import(
    *, actor: Any, rows: list[dict[str, str]], mapping: dict[str, str], dry_run: bool = False
) -> ImportResult:
    """Validate every row; write all of them in one transaction, or none."""
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("El archivo tiene más de %(n)d filas: divídalo.") % {"n": MAX_ROWS})
    lookups = _Lookups()
    errors: list[RowError] = []
    created = 0
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            try:
                with transaction.atomic():
                    _import_row(actor, row, mapping, lookups)
                created += 1
            except ValidationError as exc:
                errors.append(RowError(number, _messages(exc)))
        if errors or dry_run:
            transaction.set_rollback(True)
    return ImportResult(rows=len(rows), created=0 if errors or dry_run else created, errors=errors)


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{name}: {m}" for name, errs in exc.message_dict.items() for m in errs]
    return list(exc.messages)


def _import_row(
    actor: Any, row: dict[str, str], mapping: dict[str, str], lookups: _Lookups
) -> None:
    fields = _row_fields(row, mapping, lookups)
    if "actor" in fields:
        fields["group"] = fields.pop("actor")  # the services' ``actor`` is who writes
    incident = services.incident_create(actor=actor, **fields)

    def cell(name: str) -> str:
        header = mapping.get(name)
        return row.get(header, "").strip() if header else ""

    if cell("victim_pseudonym") or cell("victim_nationality") or cell("victim_gender"):
        nationality = cell("victim_nationality")
        gender = fold(cell("victim_gender")).replace(" ", "_")
        services.victim_add(
            actor=actor,
            incident=incident,
            pseudonym=cell("victim_pseudonym") or None,
            nationality=NATIONALITIES.get(fold(nationality), nationality.upper()[:2]),
            gender_identity=GENDERS.get(gender, gender or "unknown"),
            killed=incident.killed > 0,
            missing=incident.missing > 0,
        )
    if cell("source_kind") or cell("source_url") or cell("source_title"):
        kind = fold(cell("source_kind")) or ("press" if cell("source_url") else "partner_org")
        kind = SOURCE_KINDS.get(kind, kind)
        services.source_add(
            actor=actor,
            incident=incident,
            kind=kind,
            url=cell("source_url"),
            title=cell("source_title")[:300],
        )
