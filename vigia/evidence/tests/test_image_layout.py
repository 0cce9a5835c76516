"""Layout rules of image extraction, on hand-made OCR lines (no OCR runs here)."""

from __future__ import annotations

import json
from datetime import date

from vigia.evidence.eval.images import specs
from vigia.evidence.image import _fix_digits
from vigia.evidence.image_chat import chip_date, parse_chat, parse_time
from vigia.evidence.image_ocr import OcrLine, rows
from vigia.evidence.image_slip import Row, parse_slip, slip_datetime
from vigia.evidence.text import fold

WHITE = (255, 255, 255)
GREEN = (217, 253, 211)


def _line(text: str, x0: float, y0: float, x1: float, colour: tuple[int, int, int] = WHITE,
          height: float = 40) -> OcrLine:  # fmt: skip
    return OcrLine(text, 0.99, x0, y0, x1, y0 + height, colour)


def test_times_are_read_in_twelve_and_twenty_four_hours() -> None:
    assert parse_time("9:05 p. m.") == "21:05"
    assert parse_time("12:30 a.m.") == "00:30"
    assert parse_time("21:47") == "21:47"
    assert parse_time("sin hora") is None


def test_date_chips_resolve_against_the_message_date() -> None:
    today = date(2026, 3, 20)  # a Friday
    assert chip_date("HOY", today) == today
    assert chip_date("AYER", today) == date(2026, 3, 19)
    assert chip_date("LUNES", today) == date(2026, 3, 16)
    assert chip_date("15 DE MARZO DE 2025", None) == date(2025, 3, 15)


def test_ocr_confusions_are_fixed_only_inside_numbers() -> None:
    assert _fix_digits("yapea al 9O0 0l2 345") == "yapea al 900 012 345"
    assert _fix_digits("Hola Oscar, llama") == "Hola Oscar, llama"


def test_a_short_green_line_is_sent_even_in_the_middle_and_its_time_closes_the_bubble() -> None:
    width, height = 1080.0, 2400.0
    lines = [
        _line("+51 900 000 111", 200, 120, 520),
        _line("HOY", 500, 300, 580),
        _line("paga S/ 100 al 900 000 222", 40, 400, 700),
        _line("21:02", 600, 445, 680, height=30),
        _line("ok ya voy", 350, 560, 560, GREEN),
        _line("mi número es 900 000 333", 350, 605, 900, GREEN),
        _line("21:05 √√", 930, 650, 1040, GREEN, height=30),
        _line("último aviso 9:10 p. m.", 40, 760, 700),
    ]
    chat = parse_chat(lines, width, height, date(2026, 3, 20))
    assert [line.text for line in chat.contact] == ["+51 900 000 111"]
    assert [(b.side, b.time) for b in chat.bubbles] == [
        ("received", "21:02"),
        ("sent", "21:05"),
        ("received", "21:10"),
    ]
    assert [line.text for line in chat.bubbles[1].lines] == [
        "ok ya voy",
        "mi número es 900 000 333",
    ]
    assert chat.bubbles[2].lines[0].text == "último aviso"


def test_rows_are_found_on_a_tilted_photo() -> None:
    tilt = 0.04  # about 2.3 degrees
    label = OcrLine("Nro. de operación", 0.99, 60, 400, 460, 440, WHITE, tilt)
    value = OcrLine("03141592", 0.99, 800, 400 + 740 * tilt, 1000, 440 + 740 * tilt, WHITE, tilt)
    following = OcrLine("Mensaje", 0.99, 60, 470, 260, 510, WHITE, tilt)
    grouped = rows([following, value, label])
    assert [[line.text for line in row] for row in grouped] == [
        ["Nro. de operación", "03141592"],
        ["Mensaje"],
    ]


def test_slip_labels_find_values_on_the_same_row_or_below_and_set_the_payer_apart() -> None:
    texts = ["Constancia de transferencia", "S/ 300.00", "Enviado a", "Jhon R. Salas",
             "CCl destino", "00219100000012345655", "Cuenta de cargo", "Ahorros 191-00054321-0-12",
             "Fecha y hora 02/04/2025 - 6:40 p. m.", "Nro. de operación", "00123456"]  # fmt: skip
    table: list[Row] = []
    cursor = 0
    for text in texts:
        table.append(Row(text, cursor, cursor + len(text), 80 if text.startswith("S/") else 40))
        cursor += len(text) + 1
    slip = parse_slip(table, fold("\n".join(texts)))
    assert slip.payee is not None and slip.payee.text == "Jhon R. Salas"
    assert slip.destination is not None and slip.destination.text == "00219100000012345655"
    assert [field.text for field in slip.payer] == ["Ahorros 191-00054321-0-12"]
    assert slip.operation is not None and slip.operation.text == "00123456"
    assert slip.amount is not None and slip.amount.text == "S/ 300.00"
    assert slip_datetime(" ".join(f.text for f in slip.when), None) == ("2025-04-02", "18:40")


def test_yape_dates_with_short_month_names_are_read() -> None:
    assert slip_datetime("16 mar. 2025 - 09:12 p. m.", None) == ("2025-03-16", "21:12")
    assert slip_datetime("sin fecha", None) == (None, None)


def test_the_image_truth_is_what_its_generator_writes() -> None:
    written = [json.loads(line) for line in specs.TRUTH.read_text("utf-8").splitlines()]
    assert written == specs.build()
    assert len(written) >= 200
    assert {record["spec"].get("theme") for record in written} >= {"light", "dark"}
    assert {record["spec"].get("app") for record in written} >= {"yape", "plin", "bank"}
