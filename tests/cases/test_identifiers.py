import pytest
from django.core.exceptions import ValidationError

from casework.cases.identifiers import format_uci, normalise_file_number, normalise_uci


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12345678", "12345678"),
        ("1234-5678", "12345678"),
        ("1234 5678", "12345678"),
        (" 1234-5678 ", "12345678"),
        ("1234567890", "1234567890"),
        ("12-3456-7890", "1234567890"),
        ("12 3456 7890", "1234567890"),
        ("00000001", "00000001"),
    ],
)
def test_it_normalises_a_uci_to_its_digits(typed, stored):
    assert normalise_uci(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "1234567",
        "123456789",
        "12345678901",
        "1234-567",
        "",
        "1234567A",
        "ABCDEFGH",
        "X1234567",
        "12-3456-789O",
    ],
)
def test_it_rejects_a_uci_that_is_not_8_or_10_digits(typed):
    with pytest.raises(ValidationError) as error:
        normalise_uci(typed)
    assert error.value.code == "uci"
    assert "8 or 10 digits" in error.value.messages[0]


@pytest.mark.parametrize("typed", ["00000000", "0000-0000", "0000000000", "00-0000-0000"])
def test_it_rejects_the_all_zero_placeholder(typed):
    with pytest.raises(ValidationError) as error:
        normalise_uci(typed)
    assert error.value.code == "uci_placeholder"
    assert "placeholder" in error.value.messages[0]


@pytest.mark.parametrize(
    ("digits", "shown"),
    [("12345678", "1234-5678"), ("1234567890", "12-3456-7890"), ("", "")],
)
def test_it_formats_a_uci_for_display(digits, shown):
    assert format_uci(digits) == shown


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("F123456789", "F123456789"),
        ("f123456789", "F123456789"),
        ("C 123 456 789", "C123456789"),
        ("W12345678", "W12345678"),  # legacy: one letter, eight digits
        ("AB123456789", "AB123456789"),  # legacy: two letters
    ],
)
def test_it_accepts_ircc_application_numbers(typed, stored):
    assert normalise_file_number(typed, agency="IRCC") == stored


@pytest.mark.parametrize(
    "typed", ["123456789", "F12345", "F1234567890", "ABC123456789", "F12345678X", "IMM-1234-26"]
)
def test_it_rejects_malformed_ircc_application_numbers(typed):
    with pytest.raises(ValidationError) as error:
        normalise_file_number(typed, agency="IRCC")
    assert error.value.code == "application_number"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("IMM-1234-26", "IMM-1234-26"), ("imm-1-25", "IMM-1-25"), ("IMM-12345-24", "IMM-12345-24")],
)
def test_it_accepts_federal_court_dockets(typed, stored):
    assert normalise_file_number(typed, agency="FC") == stored


@pytest.mark.parametrize(
    "typed", ["IMM-123456-26", "IMM-1234-2026", "IMM1234-26", "T-1234-26", "IMM-12A4-26"]
)
def test_it_rejects_malformed_federal_court_dockets(typed):
    with pytest.raises(ValidationError) as error:
        normalise_file_number(typed, agency="FC")
    assert error.value.code == "docket"
    assert "IMM-1234-26" in error.value.messages[0]


@pytest.mark.parametrize("agency", ["IRCC", "FC", "CBSA", "IRB"])
def test_it_requires_a_file_number(agency):
    with pytest.raises(ValidationError) as error:
        normalise_file_number("  ", agency=agency)
    assert error.value.code == "required"


def test_it_upper_cases_other_agencies_numbers_without_a_format():
    assert normalise_file_number("tb1-2345 6", agency="IRB") == "TB1-23456"


def test_it_limits_other_file_numbers_to_40_characters():
    with pytest.raises(ValidationError) as error:
        normalise_file_number("X" * 41, agency="CBSA")
    assert error.value.code == "max_length"
