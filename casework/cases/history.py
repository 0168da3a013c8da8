"""The one entry point that writes a case's history, and the audit log with it.

A case's history (CaseEvent) is what the people working on the case read; the audit log
(casework.audit) is what the council's privacy officer reads. What belongs in both (a
download, an export, a share) is written by one call, so neither can be forgotten.
"""

from casework.accounts.models import User
from casework.audit.models import Action
from casework.audit.services import audit_record
from casework.inputs import clean_text

from .models import Case, CaseEvent


def record(
    *,
    case: Case,
    actor: User | None,
    action: str,
    comment: str = "",
    from_status: str = "",
    to_status: str = "",
    audit: Action | None = None,
    audit_target: str = "",
    **data,
) -> CaseEvent:
    """Add a line to the case's history; with `audit`, an entry in the audit log as well.

    The audit entry takes its address from the request being served, if any (a worker has
    none). `data` is kept with the event, for the history to say more than its label.
    """
    event = CaseEvent.objects.create(
        case=case,
        actor=actor,
        action=action,
        # What people type reaches the history from forms, the API and scripts alike.
        comment=clean_text(comment),
        from_status=from_status,
        to_status=to_status,
        data=data,
    )
    if audit is not None:
        audit_record(action=audit, actor=actor, case=case, target=audit_target)
    return event
