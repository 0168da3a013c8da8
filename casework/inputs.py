"""What people type is kept as they meant it: no invisible characters, no impossible dates.

Used by every form (`CleanInputFormMixin`) and by the models services validate with
`full_clean()` (`CleanInputModelMixin`), so a caller that skips the form gets the same guard.

* Text: a right-to-left override (U+202E) typed in a name turns "invoice<U+202E>fdp.exe" into
  what reads as "invoiceexe.pdf" on the case page and in the briefing; a zero-width space makes
  two identical-looking names different. Such characters are removed. Zero-width (non-)joiners
  (U+200C, U+200D) and the direction marks (U+200E, U+200F, U+061C) stay: Persian and Arabic
  names and emoji need them, and a mark cannot reorder letters the way an override does.
* Dates: nothing before 1900, nothing absurdly far ahead. A date of 9999-12-31 passes Django's
  parsing and then overflows wherever a deadline is derived from it (an HTTP 500).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Bidi embeddings, overrides and isolates; zero-width space, word joiner, invisible operators;
# deprecated format characters; byte-order mark; interlinear annotation; C0 and C1 controls
# except tab, line feed and carriage return (a text area sends those).
_INVISIBLE = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb"
    "\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)

EARLIEST_DATE = datetime.date(1900, 1, 1)
# The furthest date anyone has a reason to enter (a consent's expiry, a hearing).
LATEST_YEARS_AHEAD = 10

DATE_TOO_EARLY = _("Check the year: dates before 1900 are not accepted.")
DATE_TOO_LATE = _("Check the year: this date is more than ten years away.")


def clean_text(value: str) -> str:
    """`value` without the invisible characters that change what a reader sees."""
    return _INVISIBLE.sub("", value)


def latest_date() -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year + LATEST_YEARS_AHEAD, day=min(today.day, 28))


def date_error(value: datetime.date | datetime.datetime) -> str | None:
    """Why `value` is refused, or None. A datetime is judged by its own calendar date,
    before any time-zone conversion (which is where 9999-12-31T23:59 overflows)."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    if day < EARLIEST_DATE:
        return str(DATE_TOO_EARLY)
    if day > latest_date():
        return str(DATE_TOO_LATE)
    return None


class CleanInputFormMixin:
    """Removes invisible characters from every text a form returns and refuses dates out of
    bounds, after the fields' own cleaning. Put it first among a form's bases."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = clean_text(value)
            elif isinstance(value, datetime.date) and (error := date_error(value)):
                self.add_error(name, error)
        return cleaned


class CleanInputModelMixin:
    """The same guard on a model's text and date fields, in `clean_fields()` (full_clean)."""

    def clean_fields(self, exclude=None):
        errors = {}
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            value = getattr(self, field.attname)
            if isinstance(field, models.CharField | models.TextField) and isinstance(value, str):
                setattr(self, field.attname, clean_text(value))
            elif isinstance(value, datetime.date) and (error := date_error(value)):
                errors[field.name] = [error]
        try:
            super().clean_fields(exclude=[*(exclude or []), *errors])
        except ValidationError as error:
            errors |= error.message_dict
        if errors:
            raise ValidationError(errors)
