"""The task inbox's rows, drawn in Python.

The inbox shows up to 50 tasks in each of its two sections: through the template engine their
rows took most of the page (a dozen lookups, two dates and a form each). The table around them
is in flows/_task_table.html; the case list's rows are written the same way (case_rows).
"""

from html import escape

from django import template
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from casework.cases.models import case_url
from casework.cases.templatetags.case_labels import case_label, unread_badge
from casework.cases.templatetags.case_rows import NOTHING
from casework.dates import date_display
from casework.links import reverse_one

register = template.Library()

_ROW = (
    "<tr>\n    <td>{title}</td>\n"
    '    <th scope="row"><a href="{url}">{reference}</a>{label}{unread}'
    ' <span class="muted">{kind}</span></th>\n'
    '    <td><span class="badge urgency-{urgency}">{urgency_label}</span></td>\n'
    "    <td>{deadline}</td>\n    <td>{organisation}</td>\n    <td>{created}</td>{claim}\n  </tr>"
)
_CLAIM = (
    '<td>\n      <form method="post" action="{action}">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">\n'
    '        <button class="button small">{label}</button>\n      </form>\n    </td>'
)


@register.simple_tag(takes_context=True)
def task_rows(context, rows, *, claim: bool) -> str:
    """One <tr> per flows.selectors.InboxRow; `claim` adds the button that takes the task."""
    write = _RowWriter(get_token(context["request"]) if claim else None)
    return mark_safe("\n  ".join(map(write, rows)))  # noqa: S308 (every value escaped)


class _RowWriter:
    def __init__(self, csrf_token: str | None):
        self.token = escape(csrf_token) if csrf_token else None
        self.unread_badge = unread_badge()

    def claim(self, task, reference: str) -> str:
        # As {% blocktranslate %} does: the translation is the catalogue's, the reference text.
        named = {"reference": escape(reference)}
        if task.flow_task.name == "triage":
            label = _("Take %(reference)s and start the review") % named
        else:
            label = _("Take %(reference)s") % named
        return _CLAIM.format(
            action=escape(reverse_one("flows:claim", task.pk)),
            token=self.token,
            label=label,
        )

    def __call__(self, row) -> str:
        task, case = row.task, row.case
        deadline = case.next_deadline
        return _ROW.format(
            title=escape(str(task.flow_task.task_title)),
            url=escape(case_url(case.reference)),
            reference=escape(case.reference),
            label=case_label(case),
            unread=self.unread_badge if case.unread else "",
            kind=escape(str(case.get_kind_display())),
            urgency=escape(str(case.urgency)),
            urgency_label=escape(str(case.get_urgency_display())),
            deadline=escape(date_display(deadline, "SHORT_DATE_FORMAT")) if deadline else NOTHING,
            organisation=escape(str(case.organisation)),
            created=escape(date_display(timezone.localtime(task.created), "SHORT_DATETIME_FORMAT")),
            claim=self.claim(task, case.reference) if self.token else "",
        )
