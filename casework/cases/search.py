"""Search as people type: accents, case and word order do not matter.

Every case keeps `Case.search_text` (services._refresh_derived writes it with every change):
its reference, short title, government reference, the names and UCIs of its people and the
numbers of its government files, normalised as a query is (search_normalise). A query matches
a case when each of its words is found in that text: "castano LUCIA" finds Lucía Morales
Castaño, "12 3456 7890" her UCI, "2026-00042" case CCR-2026-00042. One column and one
condition on both databases; on PostgreSQL a trigram index on the column serves the LIKE
(migration 0011_case_search_text).
"""

import re
from collections.abc import Iterable

from django.db.models import Q

from .identifiers import normalise_name

# Digit groups split by spaces, dashes or dots are one number: "12-3456 7890" is a UCI,
# "IMM-1234-26" a Federal Court docket however it is typed.
_DIGIT_GROUPS = re.compile(r"(?<=\d)[\s\-.]+(?=\d)")
# Fewer digits than this match the reference only, never a UCI or a file number: "123" is
# part of too many numbers to say anything.
MIN_NUMBER_DIGITS = 4
_SEPARATOR = "|"


def search_normalise(text: str) -> str:
    return normalise_name(_DIGIT_GROUPS.sub("", text or ""))


def search_text(case, people: Iterable, government_files: Iterable) -> str:
    """What a case is found by, normalised; fields separated so words never run together."""
    parts = [case.reference, case.title, case.government_reference]
    for person in people:
        parts += [f"{person.given_names} {person.family_name}", person.uci]
    parts += [file.number for file in government_files]
    return _SEPARATOR.join(search_normalise(part) for part in parts if part)


def search_condition(text: str) -> Q:
    """Cases whose search text holds every word of `text` (at most 10 words are used)."""
    condition = Q()
    for word in search_normalise(text).replace(_SEPARATOR, " ").split()[:10]:
        if word.isdigit() and len(word) < MIN_NUMBER_DIGITS:
            condition &= Q(reference__icontains=word)
        else:
            condition &= Q(search_text__contains=word)
    return condition
