"""Government identifiers: parsing, validation and display.

Formats are in ../shared/domain/data-model.md: a UCI is 8 or 10 digits (shown 0000-0000 or
00-0000-0000); an IRCC application number is a letter and nine digits; a Federal Court docket
is IMM-<n>-<yy>.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

APPLICATION_NUMBER = re.compile(r"^[A-Z][0-9]{9}$")
APPLICATION_NUMBER_LEGACY = re.compile(r"^[A-Z]{1,2}[0-9]{8,9}$")
FEDERAL_COURT_DOCKET = re.compile(r"^IMM-[0-9]{1,5}-[0-9]{2}$")
# A case reference: prefix, year, number of at least five digits (CCR-2026-00042).
CASE_REFERENCE = re.compile(r"\A[A-Z]{2,10}-[0-9]{4}-[0-9]{5,10}\Z")


def is_case_reference(value: str) -> bool:
    return bool(CASE_REFERENCE.match(value))


def normalise_uci(value: str) -> str:
    """Digits only; ValidationError unless 8 or 10 digits and not the all-zero placeholder."""
    digits = re.sub(r"[\s\-.]", "", value or "")
    if not digits.isdigit() or len(digits) not in (8, 10):
        raise ValidationError(
            _("A UCI has 8 or 10 digits, for example 1234-5678 or 12-3456-7890."), code="uci"
        )
    if set(digits) == {"0"}:
        raise ValidationError(
            _("00000000 is a placeholder, not a UCI. Leave the field empty instead."),
            code="uci_placeholder",
        )
    return digits


def format_uci(digits: str) -> str:
    if len(digits) == 8:
        return f"{digits[:4]}-{digits[4:]}"
    if len(digits) == 10:
        return f"{digits[:2]}-{digits[2:6]}-{digits[6:]}"
    return digits


def normalise_file_number(value: str, *, agency: str) -> str:
    """Upper-case and check a government file number against its agency's format."""
    number = re.sub(r"\s", "", value or "").upper()
    if not number:
        raise ValidationError(_("Enter the file number."), code="required")
    if agency == "FC" and not FEDERAL_COURT_DOCKET.match(number):
        raise ValidationError(
            _("A Federal Court file number looks like IMM-1234-26."), code="docket"
        )
    if agency == "IRCC" and not (
        APPLICATION_NUMBER.match(number) or APPLICATION_NUMBER_LEGACY.match(number)
    ):
        raise ValidationError(
            _("An IRCC application number is a letter followed by nine digits, e.g. C123456789."),
            code="application_number",
        )
    if len(number) > 40:
        raise ValidationError(_("A file number has at most 40 characters."), code="max_length")
    return number


def normalise_name(value: str) -> str:
    """A name as duplicate detection compares it: "  Zoé  DUPONT" and "zoe dupont" match.

    NFKD splits accented letters into letter and combining mark; the marks are dropped, case
    is folded and runs of whitespace become one space.
    """
    decomposed = unicodedata.normalize("NFKD", value or "")
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(letters.casefold().split())


def person_match_key(given_names: str, family_name: str, date_of_birth) -> str:
    """Name and date of birth in one indexed value; empty when either is missing."""
    name = normalise_name(f"{given_names} {family_name}")
    if not name or date_of_birth is None:
        return ""
    return f"{date_of_birth.isoformat()}|{name}"


def normalise_client_id(value: str) -> str:
    """A CBSA client (FOSS) identifier: digits only, spaces and dashes dropped.

    Its length is not documented in any source the council holds (domain/brief.md, section 2):
    only the shape is checked, 5 to 12 digits, and the all-zero placeholder is refused.
    """
    digits = re.sub(r"[\s\-.]", "", value or "")
    if not digits.isdigit() or not 5 <= len(digits) <= 12 or set(digits) == {"0"}:
        raise ValidationError(
            _("A CBSA client ID has 5 to 12 digits, as printed on CBSA's documents."),
            code="client_id",
        )
    return digits
