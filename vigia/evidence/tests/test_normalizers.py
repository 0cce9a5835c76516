"""Phone numbers and bank accounts (vigia.lib.phones, vigia.lib.banks)."""

from __future__ import annotations

from datetime import date

import pytest

from vigia.evidence.dates import find_dates
from vigia.lib.banks import account_candidate, bank_from_name, cci_check_digits, parse_cci
from vigia.lib.phones import format_national, is_peruvian_mobile, mask_phone, normalize_phone


@pytest.mark.parametrize(
    "text",
    ["900 001 234", "900001234", "900-001-234", "900.001.234", "+51 900 001 234",
     "+51900001234", "0051 900 001 234", "51 900 001 234", "(+51) 900 001 234"],
)  # fmt: skip
def test_it_reads_a_peruvian_mobile_in_any_spacing_and_prefix(text: str) -> None:
    assert normalize_phone(text) == "+51900001234"


def test_it_reads_lima_landlines_with_and_without_the_trunk_prefix() -> None:
    assert normalize_phone("(01) 000-1234") == "+5110001234"
    assert normalize_phone("+51 1 000 1234") == "+5110001234"


def test_it_reads_venezuelan_mobiles_international_and_national() -> None:
    assert normalize_phone("+58 412 000 1234") == "+584120001234"
    assert normalize_phone("0412-0001234") == "+584120001234"


@pytest.mark.parametrize("text", ["90000123", "9000 0123", "+51 9000 0123", "51 90000123"])
def test_it_does_not_repair_eight_digit_numbers(text: str) -> None:
    assert normalize_phone(text) is None


@pytest.mark.parametrize("text", ["9000012345", "800001234", "abc", "", "+51 900 001 234 ext 2"])
def test_it_rejects_what_is_not_a_complete_valid_number(text: str) -> None:
    assert normalize_phone(text) is None


def test_it_formats_and_masks_numbers_for_people() -> None:
    assert is_peruvian_mobile("+51900001234")
    assert format_national("+51900001234") == "900 001 234"
    assert mask_phone("+51900001234").endswith("234")
    assert "001" not in mask_phone("+51900001234")


@pytest.mark.parametrize(
    ("cci", "bank"),
    [("011 356 000200194450 39", "BBVA"), ("00392401319240299683", "Interbank"),
     ("009-280-212800062989-96", "Scotiabank"), ("03810110700064503226", "BanBif"),
     ("04947900601503257899", "Mibanco"), ("01800000400588058608", "Banco de la Nación")],
)  # fmt: skip
def test_it_validates_the_published_cci_test_vectors(cci: str, bank: str) -> None:
    parsed = parse_cci(cci)
    assert parsed is not None
    assert parsed.bank == bank
    assert parsed.checksum_ok


def test_a_cci_checksum_mismatch_is_a_soft_flag_not_a_rejection() -> None:
    parsed = parse_cci("00219313660082002414")
    assert parsed is not None
    assert parsed.bank == "BCP"
    assert not parsed.checksum_ok
    assert cci_check_digits("002193", "136600820024") == "12"


def test_it_does_not_take_a_spanish_ccc_for_a_cci() -> None:
    assert parse_cci("2100 0418 4502 0005 1332") is None


def test_it_names_the_bank_from_how_people_write_it() -> None:
    assert bank_from_name("deposita al Banco de Crédito") == "BCP"
    assert bank_from_name("por interbank") == "Interbank"
    assert bank_from_name("bn amiga, gracias") is None


def test_account_candidates_exclude_phones_dnis_and_ccis() -> None:
    assert account_candidate("900001234") is None
    assert account_candidate("45001234") is None
    assert account_candidate("00219313660082002414") is None
    candidate = account_candidate("191-00001234-0-11", "BCP")
    assert candidate is not None
    assert candidate.value == "19100001234011"
    assert candidate.confidence == 0.9


@pytest.mark.parametrize("base", [date(1, 1, 1), date(9999, 12, 31)])
@pytest.mark.parametrize("text", ["ayer", "manana a las 8", "el lunes", "hace 3 dias", "15/03"])
def test_relative_dates_at_the_ends_of_the_calendar_give_no_date(base: date, text: str) -> None:
    # A press page or feed can carry a broken date such as 0001-01-01 as the message date.
    assert find_dates(text, base) == []
