"""A case's human label: its principal person's name and its title."""

from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def case_label(case) -> str:
    """'<name> · <title>', either alone, or nothing. Written in Python: lists show it on every
    row, where an included template cost more than the rest of the row (both are plain text,
    escaped by the standard library's escape, which Django's wraps)."""
    name = (
        f'<span class="case-name">{escape(case.principal_name)}</span>'
        if case.principal_name
        else ""
    )
    title = f'<span class="case-title">{escape(case.title)}</span>' if case.title else ""
    if not (name or title):
        return ""
    between = " · " if name and title else ""
    return mark_safe(f'<span class="case-label">{name}{between}{title}</span>')  # noqa: S308 (escaped)


@register.simple_tag
def case_at_a_glance(case) -> str:
    """Its urgency, its reference (a link), its label, and "New message" when the user has one
    unread: a case as Today lists it, up to 120 times a page, so written in Python too."""
    unread = unread_badge() if getattr(case, "unread", False) else ""
    return mark_safe(  # noqa: S308 (every value escaped)
        f'<span class="badge urgency-{escape(str(case.urgency))}">'
        f"{escape(str(case.get_urgency_display()))}</span>"
        f' <a class="today-ref" href="{escape(case.get_absolute_url())}">'
        f"{escape(case.reference)}</a>"
        f"{case_label(case)}{unread}"
    )


def unread_badge() -> str:
    """ "New message", beside a case with a message the reader has not read."""
    return format_html(' <span class="badge unread">{}</span>', _("New message"))
