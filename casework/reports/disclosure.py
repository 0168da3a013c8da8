"""Small-count suppression for anything shared outside the council.

A count from 1 to 4 could point to a person (the only separated child referred from one
province in a month): shared figures show it as "<5". Zero stays zero, it points to nobody.
A median over fewer than 5 cases is withheld for the same reason. The council's internal
views show exact figures, labelled as such.

Suppression is cell by cell, without secondary suppression: where a total and every other cell
of a breakdown are shown, a suppressed cell can be worked out by subtraction. The figures cover
the whole network over a period, which keeps that rare; the director checks a shareable table
before it leaves the council.
"""

from django.utils.translation import gettext_lazy as _

SMALL_COUNT = 5
SUPPRESSED = "<5"
SHAREABLE_NOTICE = _(
    "Shareable figures: counts from 1 to 4 are shown as <5 and medians over fewer than 5 cases "
    "are left out, so that nobody can be recognised."
)
INTERNAL_NOTICE = _("Council internal: exact counts. Do not share outside the council.")


def shown_count(count: int, *, shareable: bool) -> str:
    if shareable and 0 < count < SMALL_COUNT:
        return SUPPRESSED
    return str(count)


def is_suppressed(count: int, *, shareable: bool) -> bool:
    return shown_count(count, shareable=shareable) == SUPPRESSED


def shown_median(days: float | None, cases: int, *, shareable: bool) -> str:
    """Days to one decimal place (whole days without one), or "" when withheld or unknown."""
    if days is None or (shareable and cases < SMALL_COUNT):
        return ""
    return f"{days:.1f}".removesuffix(".0")
