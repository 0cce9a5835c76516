"""Text extraction: what is reported, what is not, and where it came from."""

from __future__ import annotations

from datetime import date

from vigia.evidence.extract import Extraction, extract_text

FRIDAY = date(2026, 3, 20)


def _values(result: Extraction, *kinds: str) -> list[str]:
    return [item["value"] for item in result["indicators"] if item["kind"] in kinds]


def test_a_yape_number_is_reported_once_with_kind_yape() -> None:
    text = "Yapea al 900 001 234. Repito: 900001234"
    result = extract_text(text)
    assert [(i["kind"], i["value"]) for i in result["indicators"]] == [("yape", "+51900001234")]


def test_every_value_keeps_a_span_over_the_original_text() -> None:
    text = "Los Gallegos: el cupo es S/ 150 semanal en Lince, plinea al +51 900 001 234 ayer"
    result = extract_text(text, FRIDAY)
    indicator = result["indicators"][0]
    assert text[slice(*indicator["span"])] == "+51 900 001 234"
    assert indicator["kind"] == "plin"
    amount = result["amounts"][0]
    assert text[slice(*amount["span"])] == "S/ 150"
    assert (amount["value"], amount["currency"], amount["period"]) == ("150.00", "PEN", "weekly")
    assert text[slice(*result["places"][0]["span"])] == "Lince"
    assert result["places"][0]["ubigeo"] == "150116"
    assert result["actors"] == [{"name": "Los Gallegos", "span": [0, 12]}]
    assert result["dates"][0]["value"] == "2026-03-19"


def test_it_does_not_report_durations_times_dnis_or_operation_numbers() -> None:
    text = ("Tienes 3 días, a las 10 de la noche pasamos. DNI 45001234. "
            "Nro. de operación: 900001234. Son las 10:30 p. m.")  # fmt: skip
    result = extract_text(text)
    assert result["indicators"] == []
    assert result["amounts"] == []


def test_it_does_not_report_the_members_own_number() -> None:
    result = extract_text("mi número es 900 001 234 y el de ellos 900 001 235")
    assert _values(result, "phone") == ["+51900001235"]


def test_it_does_not_report_an_eight_digit_phone_like_string() -> None:
    assert extract_text("llama al 90000123")["indicators"] == []
    assert extract_text("llama al 900 001 2345")["indicators"] == []


def test_registration_and_weekly_quota_get_their_own_periods() -> None:
    result = extract_text("La inscripción es 300 lucas y el cupo 150 a la semana")
    assert [(a["value"], a["period"]) for a in result["amounts"]] == [
        ("300.00", "once"),
        ("150.00", "weekly"),
    ]


def test_money_that_is_not_a_demand_has_no_period() -> None:
    result = extract_text("me robaron 300 soles y el celular")
    assert [(a["value"], a["period"]) for a in result["amounts"]] == [("300.00", None)]
    assert "robbery" in result["event_types"]


def test_it_reads_dollars_number_words_and_thousands() -> None:
    result = extract_text("US$ 50 de entrada, doscientos soles x semana, 1.500 soles al mes")
    assert [(a["value"], a["currency"], a["period"]) for a in result["amounts"]] == [
        ("50.00", "USD", "once"),
        ("200.00", "PEN", "weekly"),
        ("1500.00", "PEN", "monthly"),
    ]


def test_it_resolves_relative_dates_against_the_message_date() -> None:
    text = "el pasado 15 de febrero, hace dos días, el viernes, anteayer y mañana"
    values = [d["value"] for d in extract_text(text, FRIDAY)["dates"]]
    assert values == ["2026-02-15", "2026-03-18", "2026-03-13", "2026-03-21"]


def test_without_a_message_date_only_dates_with_a_year_are_reported() -> None:
    values = [d["value"] for d in extract_text("ayer, el 1ro de setiembre del 2025")["dates"]]
    assert values == ["2025-09-01"]


def test_the_morning_is_not_tomorrow() -> None:
    assert extract_text("a las 9 de la mañana", FRIDAY)["dates"] == []


def test_a_cci_and_an_account_name_their_bank() -> None:
    text = "CCI 003-924-013192402996-83 o cuenta BCP 191-00001234-0-11"
    indicators = extract_text(text)["indicators"]
    assert [(i["kind"], i["value"], i.get("bank")) for i in indicators] == [
        ("cci", "00392401319240299683", "Interbank"),
        ("account", "19100001234011", "BCP"),
    ]
    assert indicators[0].get("checksum_ok") is True


def test_lima_next_to_a_district_is_the_city_not_a_second_place() -> None:
    places = extract_text("en Lince, Lima")["places"]
    assert [p["name"] for p in places] == ["Lince"]


def test_police_violence_is_also_police_abuse() -> None:
    result = extract_text("los tombos nos golpearon en Breña")
    assert result["event_types"] == ["assault", "police_abuse"]
    assert result["actors"][0]["name"] == "Policía Nacional del Perú"


def test_foreign_numbers_are_phones_in_e164() -> None:
    assert _values(extract_text("escríbele al +58 412 000 1234"), "phone") == ["+584120001234"]
