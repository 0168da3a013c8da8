"""Writes to the audit log: one INSERT per record, nothing else."""

from contextvars import ContextVar

from axes.helpers import get_client_ip_address
from django.http import HttpRequest

from casework.accounts.models import User

from .models import Action, AuditEntry

# Set by AuditRequestMiddleware for the duration of each request.
current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


def audit_record(
    *,
    action: Action,
    request: HttpRequest | None = None,
    actor: User | None = None,
    case=None,
    target: str = "",
    username: str = "",
) -> AuditEntry:
    """Record that `actor` (by default the request's user) did `action`, from the request's address.

    `case` is the Case concerned, if any; `username` is for a failed sign-in, where there is
    no account to point at but the attempted username must be kept.
    """
    request = request or current_request.get()
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        username=(actor.get_username() if actor is not None else username)[:150],
        case_reference=case.reference if case is not None else "",
        target=target[:200],
        # The same address django-axes locks out, resolved by the same settings.
        ip_address=get_client_ip_address(request) if request is not None else None,
    )
