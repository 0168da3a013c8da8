"""A case's human label: its principal person's name and its title."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def case_label(case) -> str:
    """'<name> · <title>', either alone, or nothing. Written in Python: lists show it on every
    row, where an included template cost more than the rest of the row."""
    name = (
        format_html('<span class="case-name">{}</span>', case.principal_name)
        if case.principal_name
        else ""
    )
    title = format_html('<span class="case-title">{}</span>', case.title) if case.title else ""
    if not (name or title):
        return ""
    return format_html(
        '<span class="case-label">{}{}{}</span>', name, " · " if name and title else "", title
    )
