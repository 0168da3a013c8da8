"""Where a deadline stands, in words, for the viewer's own today and time zone."""

import datetime
import functools

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

register = template.Library()

HOURS_SHOWN = datetime.timedelta(hours=72)
SOON_DAYS = 5


def deadline_state(deadline, *, now: datetime.datetime | None = None) -> tuple[str, str]:
    """(state, text) of a Deadline or CaseDeadline; state is met, overdue, soon or later.

    A removal within 72 hours is counted in hours; everything else in days between the
    viewer's today and the due day, both in the active time zone.
    """
    if deadline.met:
        return "met", _("Met")
    now = now or timezone.now()
    today = timezone.localdate(now)
    due_at = deadline.due_at
    if due_at is not None:
        remaining = due_at - now
        if datetime.timedelta(0) <= remaining < HOURS_SHOWN:
            hours = int(remaining.total_seconds() // 3600)
            if hours < 1:
                return "soon", _("Due within the hour")
            text = ngettext("Due in %(count)d hour", "Due in %(count)d hours", hours)
            return "soon", text % {"count": hours}
        day = timezone.localdate(due_at)
        if remaining < datetime.timedelta(0) and day == today:
            return "overdue", _("Overdue")
    else:
        day = deadline.due_on
    return _day_state(day, today)


def _day_state(day: datetime.date, today: datetime.date) -> tuple[str, str]:
    """(state, text) of a due day seen from `today`."""
    days = (day - today).days
    if days < 0:
        text = ngettext("Overdue by %(count)d day", "Overdue by %(count)d days", -days)
        return "overdue", text % {"count": -days}
    if days == 0:
        return "soon", _("Due today")
    text = ngettext("Due in %(count)d day", "Due in %(count)d days", days)
    return ("soon" if days <= SOON_DAYS else "later"), text % {"count": days}


@register.simple_tag
def deadline_marker(deadline) -> str:
    return _marker(*deadline_state(deadline))


@register.simple_tag
def countdown(day: datetime.date, *, today: datetime.date | None = None) -> str:
    """How far the day is from the viewer's today (or `today`): "Due in 3 days", "Overdue by
    2 days"."""
    return _countdown(day, today or timezone.localdate(), get_language())


@functools.lru_cache(maxsize=4096)
def _countdown(day: datetime.date, today: datetime.date, language: str) -> str:
    """The same for every reader of `language` (the active one; named so that each language
    keeps its own copy), and lists show it for many cases: each process writes it once."""
    return _marker(*_day_state(day, today))


def _marker(state: str, text: str) -> str:
    return format_html('<span class="deadline-state deadline-{}">{}</span>', state, text)
