"""The case list's rows, drawn in Python.

A list page draws 25 rows of eight cells. Through the template engine they took half of the
page's time (a dozen variable lookups, a translation and two tags per row), which is what held
the list's throughput down; written here they cost a tenth of that. The rows are the values
selectors.case_list_page reads (no model instance per row); the table around them is in
cases/_results.html.
"""

import datetime
import functools

# The standard library's escape: Django's escape() is this one behind a check for lazy
# translations, which took a third of each row; every value escaped here is a plain string.
from html import escape

from django import template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from casework.accounts.models import display_name_of, organisation_name_in
from casework.dates import date_display

from ..models import Kind, Status, Urgency, case_url
from .case_deadlines import countdown
from .case_labels import case_label, unread_badge

register = template.Library()

NOTHING = "—"

_ROW = (
    "<tr>{checkbox}"
    '<th scope="row"><a href="{url}">{reference}</a>{label}{unread}</th>'
    '<td class="case-kind">{kind}</td>'
    '<td class="case-status"><span class="badge status-{status}">{status_label}</span></td>'
    '<td class="case-urgency"><span class="badge urgency-{urgency}">{urgency_label}</span></td>'
    '<td class="case-deadline" data-label="{deadline_label}">{deadline}</td>'
    '<td class="case-organisation">{organisation}</td>'
    '<td class="case-assigned">{assignee}</td>'
    "</tr>"
)
_CHECKBOX = (
    '<td class="case-select"><input type="checkbox" name="bulk-cases" value="{pk}"'
    ' id="select-{pk}" aria-label="{label}"></td>'
)
_CHOICES = {"kind": Kind, "status": Status, "urgency": Urgency}


@register.simple_tag
def case_rows(rows, *, selectable: bool) -> str:
    """One <tr> per row of selectors.case_list_page; `selectable` adds the bulk checkbox."""
    return mark_safe("".join(map(_RowWriter(selectable), rows)))  # noqa: S308 (every value escaped)


class _RowWriter:
    """Writes the rows of one list: what every row repeats (words, today) is worked out once
    per list."""

    def __init__(self, selectable: bool):
        self.selectable = selectable
        self.language = translation.get_language()
        self.deadline_label = escape(_("Next deadline"))
        self.unread_badge = unread_badge()
        self.today = timezone.localdate()
        self.labels = {}  # (field, value) -> its label in the reader's language, escaped

    def label(self, field: str, value) -> str:
        key = (field, value)
        if key not in self.labels:
            self.labels[key] = escape(_CHOICES[field](value).label)
        return self.labels[key]

    def __call__(self, row) -> str:
        first, last, username = (
            row.assigned_to__first_name,
            row.assigned_to__last_name,
            row.assigned_to__username,
        )
        return _ROW.format(
            checkbox=self.checkbox(row) if self.selectable else "",
            url=case_url(row.reference),
            reference=escape(row.reference),
            label=case_label(row),
            unread=self.unread_badge if row.unread else "",
            kind=self.label("kind", row.kind),
            status=escape(row.status),
            status_label=self.label("status", row.status),
            urgency=row.urgency,
            urgency_label=self.label("urgency", row.urgency),
            deadline_label=self.deadline_label,
            deadline=self.deadline(row.next_deadline),
            organisation=escape(
                organisation_name_in(
                    self.language, name=row.organisation__name, name_fr=row.organisation__name_fr
                )
            ),
            assignee=escape(display_name_of(first, last, username)) if username else NOTHING,
        )

    def checkbox(self, row) -> str:
        label = _("Select %(reference)s") % {"reference": row.reference}
        return _CHECKBOX.format(pk=row.pk, label=escape(label))

    def deadline(self, day) -> str:
        if day is None:
            return NOTHING
        return _deadline(day, self.today, self.language)


@functools.lru_cache(maxsize=4096)
def _deadline(day: datetime.date, today: datetime.date, language: str) -> str:
    """A due day and how far it is from `today`, in `language` (the active one; named so that
    each language keeps its own copy): the same for every reader, and most lists show the days
    of the last ones, so each process writes it once."""
    return f"{escape(date_display(day, 'SHORT_DATE_FORMAT'))} {countdown(day, today=today)}"
