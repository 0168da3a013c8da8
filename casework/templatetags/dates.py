"""The `date` filter of every template (a builtin: settings.TEMPLATES), as casework.dates
writes dates: "1er janv. 2027, 9 h 00 HNE" in French."""

from django import template

from casework.dates import date_display

register = template.Library()
register.filter("date", date_display, expects_localtime=True, is_safe=False)
