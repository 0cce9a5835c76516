"""Image extraction on a handful of drawn screenshots and slips (real OCR, a few seconds)."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from vigia.evidence.cli import main
from vigia.evidence.eval.images.render import render
from vigia.evidence.image import extract_image

NO_DEGRADE = {"jpeg": 85, "rotate": 0.0, "blur": 0.0, "photo": False, "shrink": False}
PHOTO = {"jpeg": 60, "rotate": 1.8, "blur": 0.7, "photo": True, "shrink": False}


def _chat(theme: str, degrade: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"chat-{theme}",
        "kind": "chat",
        "spec": {
            "width": 1080, "height": 2400, "font": "DejaVuSans", "font_scale": 0.04,
            "degrade": degrade, "theme": theme, "title": "+51 900 000 111",
            "subtitle": "en línea", "chip": "HOY",
            "bubbles": [
                {"side": "received", "time": "21:02",
                 "text": "La cuota es S/ 200 semanal, yapea al 900 000 222 o ya sabes"},
                {"side": "sent", "time": "21:05", "text": "mi número es 900 000 333"},
                {"side": "sent", "time": "21:06", "text": "900 000 444"},
                {"side": "received", "time": "9:10 p. m.", "text": "Ayer te avisamos"},
            ],
        },
    }  # fmt: skip


def _slip(app: str, rows: list[list[str]]) -> dict[str, Any]:
    return {
        "id": f"slip-{app}",
        "kind": "slip",
        "spec": {"width": 1080, "height": 2160, "font": "LiberationSans", "font_scale": 0.04,
                 "degrade": PHOTO, "app": app, "rows": rows},
    }  # fmt: skip


YAPE = _slip("yape", [
    ["¡Yapeaste!"], ["S/ 150.00"], ["Carlos P. Ramírez"], ["16 mar. 2025 - 09:12 p. m."],
    ["DATOS DE LA TRANSACCIÓN"], ["Nro. de celular", "900 000 555"], ["Destino", "Yape"],
    ["Celular origen", "900 000 666"], ["Nro. de operación", "912345678"],
    ["Mensaje", "cupo semana"],
])  # fmt: skip
BANK = _slip("bank", [
    ["Constancia de transferencia"], ["BCP"], ["Monto enviado"], ["S/ 300.00"], ["Enviado a"],
    ["Jhon R. Salas"], ["CCI destino"], ["00219100000012345655"], ["Cuenta de cargo"],
    ["Ahorros 191-00054321-0-12"], ["Fecha y hora"], ["02/04/2025 - 18:40"],
    ["Nro. de operación"], ["00123456"],
])  # fmt: skip


@cache
def _extract(name: str) -> dict[str, Any]:
    record = {
        "light": _chat("light", PHOTO),
        "dark": _chat("dark", NO_DEGRADE),
        "yape": YAPE,
        "bank": BANK,
    }[name]
    return extract_image(render(record), message_date=date(2026, 3, 20))


def _values(result: dict[str, Any], kinds: tuple[str, ...]) -> set[str]:
    return {item["value"] for item in result["indicators"] if item["kind"] in kinds}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_chat_reports_the_contact_and_received_numbers_but_not_the_members_own(
    theme: str,
) -> None:
    result = _extract(theme)
    assert result["layout"] == "chat"
    phones = _values(result, ("phone", "yape", "plin"))
    assert phones == {"+51900000111", "+51900000222"}
    assert [m["side"] for m in result["messages"]] == ["received", "sent", "sent", "received"]
    assert [m["time"] for m in result["messages"]] == ["21:02", "21:05", "21:06", "21:10"]
    assert {(a["value"], a["period"]) for a in result["amounts"]} == {("200.00", "weekly")}
    assert [d["value"] for d in result["dates"]] == ["2026-03-19"]
    assert result["contact"]["text"].replace(" ", "") == "+51900000111"


def test_spans_point_into_the_ocr_text_and_carry_a_box() -> None:
    result = _extract("light")
    for item in result["indicators"]:
        start, end = item["span"]
        digits = "".join(ch for ch in result["ocr_text"][start:end] if ch.isdigit())
        assert item["value"].endswith(digits[-9:])
        x0, y0, x1, y1 = item["box"]
        assert 0 <= x0 < x1 and 0 <= y0 < y1
        assert 0 < item["confidence"] <= 1


def test_a_yape_slip_gives_its_fields_and_never_the_payer_or_the_operation_number() -> None:
    result = _extract("yape")
    assert result["layout"] == "slip"
    assert _values(result, ("phone", "yape", "plin")) == {"+51900000555"}
    assert result["indicators"][0]["kind"] == "yape"
    slip = result["slip"]
    assert slip["app"] == "yape"
    assert slip["payee"]["name"] == "Carlos P. Ramírez"
    assert slip["operation"]["value"] == "912345678"
    assert (slip["date"], slip["time"]) == ("2025-03-16", "21:12")
    assert {(a["value"], a["period"]) for a in result["amounts"]} == {("150.00", "weekly")}
    assert "2025-03-16" in {d["value"] for d in result["dates"]}


def test_a_bank_slip_gives_the_destination_cci_and_not_the_payers_account() -> None:
    result = _extract("bank")
    accounts = {(i["kind"], i["value"]) for i in result["indicators"]}
    assert accounts == {("cci", "00219100000012345655")}
    slip = result["slip"]
    assert slip["destination"]["value"] == "00219100000012345655"
    assert slip["amount"]["value"] == "300.00"
    assert slip["payee"]["name"] == "Jhon R. Salas"
    assert (slip["date"], slip["time"]) == ("2025-04-02", "18:40")


def test_the_command_answers_an_image_line_relative_to_the_input_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shots"
    folder.mkdir()
    (folder / "yape.jpg").write_bytes(render(YAPE))
    (folder / "broken.png").write_bytes(b"\x89PNG not really")
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(json.dumps(line) for line in (
            {"id": "a", "image": "shots/yape.jpg", "date": "2025-03-16"},
            {"id": "b", "image": "shots/broken.png"},
        )) + "\n", encoding="utf-8",
    )  # fmt: skip
    assert main(["--jsonl", str(source)]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["id"] == "a" and "ocr_text" in first
    assert {i["value"] for i in first["indicators"]} == {"+51900000555"}
    assert second == {"id": "b", "error": "not an image that can be read: shots/broken.png"}


def test_a_blank_or_tiny_image_gives_an_empty_extraction() -> None:
    for size in ((720, 1600), (8, 8)):
        buffer = BytesIO()
        Image.new("RGB", size, (255, 255, 255)).save(buffer, format="PNG")
        result = extract_image(buffer.getvalue())
        assert result["ocr_text"] == ""
        assert result["indicators"] == [] and result["amounts"] == []
