"""The rows of the dashboard's count tables, drawn in Python.

The council's dashboard counts open cases by organisation: 300 rows, which through the template
engine took most of the page (five lookups and a translation each). The table around them is
in reports/_count_table.html.
"""

from html import escape

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe

register = template.Library()

_ROW = (
    '<tr><th scope="row">{label}</th><td class="number"><a href="{url}">{count}'
    '<span class="visually-hidden">: {label}</span></a></td></tr>'
)


@register.simple_tag
def count_rows(tiles, *, case_list: str) -> str:
    """One <tr> per tile: its label, and its count linking to `case_list` filtered by it."""
    return mark_safe(  # noqa: S308 (every value escaped)
        "\n    ".join(
            _ROW.format(
                label=escape(str(tile.label)),
                url=escape(f"{case_list}?{tile.query}"),
                count=escape(str(localize(tile.count))),
            )
            for tile in tiles
        )
    )
