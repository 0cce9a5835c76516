"""The importer on files people actually have: a known group named, broken CSV, a damaged
spreadsheet. Each is either imported or refused with one sentence, never a crash."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from vigia.incidents.importer import ImportFileError, guess_mapping, read_table, run_import
from vigia.incidents.models import Actor, Incident

pytestmark = pytest.mark.django_db


def test_a_row_naming_a_known_group_is_imported_with_that_group(
    coordinator: Any, reference_rows: None
) -> None:
    group = Actor.objects.order_by("pk").first()
    assert group is not None
    data = f"fecha,tipo,distrito,grupo\n2024-03-12,extortion_demand,Lince,{group.name}\n"
    headers, rows = read_table(data.encode(), "registro.csv")
    result = run_import(actor=coordinator, rows=rows, mapping=guess_mapping(headers))
    assert (result.created, result.errors) == (1, [])
    assert Incident.objects.get().actor == group


@pytest.mark.parametrize(
    "data",
    [
        b"fecha,tipo\n2024-03-12,extor\rsion\n",  # a bare carriage return in a cell
        b"fecha,tipo\n" + b"x" * 140_000 + b",y\n",  # a cell longer than csv allows
    ],
)
def test_a_broken_csv_is_refused_in_one_sentence(data: bytes) -> None:
    with pytest.raises(ImportFileError):
        read_table(data, "registro.csv")


def test_a_spreadsheet_without_a_sheet_is_refused_in_one_sentence() -> None:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    import zipfile

    damaged = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            if not item.filename.startswith("xl/worksheets/"):
                content = source.read(item.filename)
                if item.filename == "xl/workbook.xml":
                    content = content.replace(b"<sheet ", b"<nosheet ")
                target.writestr(item, content)
    with pytest.raises(ImportFileError):
        read_table(damaged.getvalue(), "registro.xlsx")
