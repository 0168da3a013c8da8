"""Throttling: sign-ins (django-axes hooks) and the public forms (counted in the audit log)."""

import datetime

from axes.helpers import get_client_ip_address, get_cool_off
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from casework.audit.models import Action
from casework.audit.selectors import recent_count


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


def over_limit(request, action: Action, *, limit: int, window: datetime.timedelta) -> bool:
    """Whether the request's address did `action` `limit` times within `window` already.

    The address is the one django-axes locks out (the same settings resolve it), and the
    count comes from the audit log, shared by every web process.
    """
    return (
        recent_count(
            action,
            since=timezone.now() - window,
            ip_address=get_client_ip_address(request),
        )
        >= limit
    )


def too_many_requests(request) -> HttpResponse:
    """The answer to a throttled form (429), the same whatever was typed into it."""
    return render(request, "accounts/too_many_requests.html", status=429)
