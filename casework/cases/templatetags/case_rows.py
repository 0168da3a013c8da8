"""The case list's rows, drawn in Python.

A list page draws 25 rows of eight cells. Through the template engine they took half of the
page's time (a dozen variable lookups, a translation and two tags per row), which is what held
the list's throughput down; written here they cost a tenth of that. The table around them is
in cases/_results.html.
"""

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .case_deadlines import countdown
from .case_labels import case_label, unread_badge

register = template.Library()

NOTHING = "—"


@register.simple_tag
def case_rows(cases, *, selectable: bool) -> str:
    """One <tr> per case; `selectable` adds the bulk action's checkbox."""
    row = _RowWriter(selectable)
    return mark_safe("".join(row(case) for case in cases))  # noqa: S308 (format_html's rows)


class _RowWriter:
    """Writes the rows of one list: the words every row repeats are translated once."""

    def __init__(self, selectable: bool):
        self.selectable = selectable
        self.deadline_label = _("Next deadline")
        self.unread_badge = unread_badge()
        self.labels = {}  # (field, value) -> its label in the reader's language

    def label(self, case, field: str) -> str:
        key = (field, getattr(case, field))
        if key not in self.labels:
            self.labels[key] = getattr(case, f"get_{field}_display")()
        return self.labels[key]

    def __call__(self, case) -> str:
        return format_html(
            "<tr>{}"
            '<th scope="row"><a href="{}">{}</a>{}{}</th>'
            '<td class="case-kind">{}</td>'
            '<td class="case-status"><span class="badge status-{}">{}</span></td>'
            '<td class="case-urgency"><span class="badge urgency-{}">{}</span></td>'
            '<td class="case-deadline" data-label="{}">{}</td>'
            '<td class="case-organisation">{}</td>'
            '<td class="case-assigned">{}</td>'
            "</tr>",
            _checkbox(case) if self.selectable else "",
            case.get_absolute_url(),
            case.reference,
            case_label(case),
            self.unread_badge if case.unread else "",
            self.label(case, "kind"),
            case.status,
            self.label(case, "status"),
            case.urgency,
            self.label(case, "urgency"),
            self.deadline_label,
            _deadline(case.next_deadline),
            case.organisation,
            case.assigned_to.display_name if case.assigned_to else NOTHING,
        )


def _checkbox(case) -> str:
    return format_html(
        '<td class="case-select"><input type="checkbox" name="bulk-cases" value="{}"'
        ' id="select-{}" aria-label="{}"></td>',
        case.pk,
        case.pk,
        _("Select %(reference)s") % {"reference": case.reference},
    )


def _deadline(day) -> str:
    if day is None:
        return NOTHING
    return format_html("{} {}", formats.date_format(day, "SHORT_DATE_FORMAT"), countdown(day))
