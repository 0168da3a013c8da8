"""Reads for notifications: who must hear about what happened to a case."""

from django.db.models import QuerySet

from casework.accounts.models import Role, User
from casework.accounts.selectors import users_with_permission
from casework.cases import rules
from casework.cases.models import Case

from .models import Notification

Kind = Notification.Kind


def _reachable(users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(is_active=True).exclude(email="")


def _council() -> QuerySet[User]:
    """Those who work the council's queue."""
    return _reachable(users_with_permission(rules.TRIAGE))


def _members(case: Case) -> QuerySet[User]:
    return _reachable(User.objects.filter(membership__organisation=case.organisation_id))


def recipients(kind: str, case: Case) -> QuerySet[User]:
    """The people who must act on (or are waiting for) what just happened to the case."""
    if kind in (Kind.SUBMITTED, Kind.RESUBMITTED):
        return _council()
    if kind == Kind.MESSAGE_TO_COUNCIL:
        # The staff member the case is assigned to; nobody yet, the council's queue.
        assigned = _council().filter(pk=case.assigned_to_id)
        return assigned if assigned.exists() else _council()
    if kind in (Kind.INFO_REQUESTED, Kind.MESSAGE_TO_MEMBER):
        # The caseworker who wrote the case; if they left the organisation, its administrators.
        creator = _members(case).filter(pk=case.created_by_id)
        if creator.exists():
            return creator
        return _members(case).filter(membership__role=Role.ORG_ADMIN)
    if kind == Kind.FOLLOW_UP_DUE:
        assigned = _council().filter(pk=case.assigned_to_id)
        return assigned if assigned.exists() else _council()
    return _members(case)
