"""Reads of the audit log."""

import datetime

from django.db.models import QuerySet

from casework.accounts.models import User

from .models import Action, AuditEntry


def case_access_history(case) -> QuerySet[AuditEntry]:
    """Everything recorded about one case, newest first, with who did it."""
    return AuditEntry.objects.filter(case_reference=case.reference).select_related(
        "actor__membership__organisation"
    )


def recent_count(
    action: Action,
    *,
    since: datetime.datetime,
    ip_address: str | None = None,
    actor: User | None = None,
) -> int:
    """How many times `action` was recorded since then, from one address or by one account
    (what throttles a public form counts: the audit log has it already)."""
    entries = AuditEntry.objects.filter(action=action, at__gte=since)
    if ip_address is not None:
        entries = entries.filter(ip_address=ip_address)
    if actor is not None:
        entries = entries.filter(actor=actor)
    return entries.count()
