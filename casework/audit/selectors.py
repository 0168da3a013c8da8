"""Reads of the audit log."""

from django.db.models import QuerySet

from .models import AuditEntry


def case_access_history(case) -> QuerySet[AuditEntry]:
    """Everything recorded about one case, newest first, with who did it."""
    return AuditEntry.objects.filter(case_reference=case.reference).select_related(
        "actor__membership__organisation"
    )
