"""Dates and times as readers of each language expect them (formats in casework.formats).

`date_display` is Django's date formatting plus what a format string cannot say in French: the
first day of a month is "1er", and a time zone is named by its French abbreviation (HNE, not
EST). Templates get the same through the `date` filter, replaced by casework.templatetags.dates
(a template builtin, settings.TEMPLATES), so every page follows without a change.
"""

import re

from django.template.defaultfilters import date as django_date
from django.utils.translation import get_language

# Canadian time zones: the abbreviation the system gives, and the French one.
FRENCH_ZONES = {
    "EST": "HNE", "EDT": "HAE", "CST": "HNC", "CDT": "HAC", "MST": "HNR", "MDT": "HAR",
    "PST": "HNP", "PDT": "HAP", "AST": "HNA", "ADT": "HAA", "NST": "HNT", "NDT": "HAT",
}  # fmt: skip
_ZONE = re.compile(r"\b(" + "|".join(FRENCH_ZONES) + r")\b")
# "1 janv." or "1 janvier" at the start of a date or after a space.
_FIRST_DAY = re.compile(r"(?<!\d)1(?= [a-zéû])")
# Django's French month abbreviations that differ from the Office québécois de la langue
# française's (janv., févr., juill.).
FRENCH_MONTHS = {"jan.": "janv.", "fév.": "févr.", "juil.": "juill."}
_MONTH = re.compile(r"(?<![\w.])(" + "|".join(re.escape(m) for m in FRENCH_MONTHS) + r")")


def french(text: str) -> str:
    text = _MONTH.sub(lambda match: FRENCH_MONTHS[match.group(1)], text)
    return _ZONE.sub(lambda match: FRENCH_ZONES[match.group(1)], _FIRST_DAY.sub("1er", text))


def date_display(value, arg=None) -> str:
    """Django's `date` filter, in French with "1er" and French zone abbreviations."""
    text = django_date(value, arg)
    if text and (get_language() or "").startswith("fr"):
        return french(text)
    return text
