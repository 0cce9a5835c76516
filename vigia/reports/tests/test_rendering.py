"""The annual report as PDF (rendered, converted to PNG and read back), HTML and XLSX."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from PIL import Image

from vigia.incidents.tests.factories import verified

pytestmark = pytest.mark.django_db
KILLED_RGB = (0x8E, 0x1B, 0x1B)


@pytest.fixture
def register(coordinator: Any) -> None:
    for day in range(1, 13):
        verified(actor=coordinator, event_type="murder", date=date(2023, 3, day), killed=1,
                 weekly_quota=None)  # fmt: skip
    for day in range(1, 12):
        verified(actor=coordinator, date=date(2023, 5, day), weekly_quota="200")


def report(tmp_path: Path, fmt: str, *extra: str) -> Path:
    target = tmp_path / f"informe.{fmt}"
    call_command("report", "--year", "2023", "--format", fmt, "--output", str(target), *extra,
                 stderr=io.StringIO())  # fmt: skip
    return target


def test_the_pdf_shows_its_title_figures_charts_and_method(register: None, tmp_path: Path) -> None:
    pdf = report(tmp_path, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    text = " ".join(raw.split())
    assert "Violencia contra trabajadoras sexuales en Lima y Callao — informe 2023" in text
    assert "12" in text and "23" in text  # killed and incidents
    assert "Personas asesinadas y desaparecidas por año" in text  # the chart's own title
    assert "Método" in text and "encontrada sin vida" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    page = np.asarray(Image.open(next(tmp_path.glob("page*.png"))).convert("RGB"), dtype=int)
    dark_red = int((np.abs(page - np.array(KILLED_RGB)).max(axis=2) < 40).sum())
    assert dark_red > 200, "the yearly chart's bars (and the headline figures) are drawn"


def test_the_report_comes_in_english_too(register: None, tmp_path: Path) -> None:
    pdf = report(tmp_path, "pdf", "--lang", "en")
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    text = " ".join(raw.split())
    assert "Violence against sex workers in Lima and Callao" in text and "Method" in text


def test_the_html_and_xlsx_reports_carry_the_same_figures(register: None, tmp_path: Path) -> None:
    html = report(tmp_path, "html").read_text()
    assert 'data-figure="killed">12<' in html and "<script" not in html
    book = load_workbook(report(tmp_path, "xlsx"))
    assert "method" in book.sheetnames and "incidents_by_type" in book.sheetnames
    rows = list(book["headline"].iter_rows(values_only=True))
    assert ("headline", "2023-01-01", "2023-12-31", "measure", "killed", "Personas asesinadas",
            12, False) in rows  # fmt: skip
