"""Login throttling (django-axes) hooks."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its log lines: never with the attempted username.

    A username typed into the login form can be a password typed into the wrong field, or the
    name of a person; the audit table keeps it, the logs must not.
    """
    return f"{{ip_address: {ip_address!r}}}"


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
