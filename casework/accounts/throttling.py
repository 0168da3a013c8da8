"""Login throttling (django-axes) hooks."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render


def lockout_response(request, original_response, credentials) -> HttpResponse:
    """The page a locked-out sign-in gets (429), in the visitor's language, without the username."""
    cool_off = get_cool_off(request)
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
        },
        status=429,
    )
