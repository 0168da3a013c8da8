"""A fact's value in the reader's language: dates in the active locale, lists joined."""

import datetime

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def fact_value(value) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(fact_value(item) for item in value)
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)
