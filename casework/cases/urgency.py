"""Urgency of a case, computed from its facts (DESIGN.md, "Urgency"; domain brief section 6).

critical: removal within 72 hours, or detained with a removal date set; a separated child
          with a risk factor of immediate danger (no caregiver, trafficking, armed conflict:
          casework.cases.facts.ChildAtRiskFacts.RISK_FACTORS);
high:     removal within 14 days, or an unmet legal deadline (the one typed in, PRRA, judicial
          review, IAD appeal: see casework.cases.deadlines) within 5 days or already past; a
          separated child with any other risk factor (pressure to marry or work, medical);
medium:   a child ageing out within six months, or the pilot public policy ending within 90
          days for an eligible sponsor who has not applied (WARNING_DEADLINE_DAYS); a child
          at risk without imminent harm: every family-reunification case (each concerns a
          child), and a removal case with a minor in it;
routine:  everything else.
An override with a reason replaces the computed value until it is cleared.

Time alone moves a case up (a removal comes within 72 hours, a deadline within 5 days): every
write recomputes, and services.urgency_recompute_all runs hourly for the cases nobody touches.
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from .deadlines import case_deadlines
from .models import (
    FAMILY_KINDS,
    LEGAL_DEADLINE_KINDS,
    WARNING_DEADLINE_DAYS,
    Case,
    Kind,
    Urgency,
)

LEGAL_DEADLINE_WARNING = datetime.timedelta(days=5)


def compute_urgency(
    case: Case, *, now: datetime.datetime, people=None, deadlines: Iterable | None = None
) -> Urgency:
    """`deadlines`: the case's deadlines (Deadline or CaseDeadline); computed when not given."""
    removal = getattr(case, "removal", None) if case.is_removal else None
    removal_at = removal.removal_at if removal else None
    if removal_at is not None:
        if removal_at - now <= datetime.timedelta(hours=72) or removal.detained:
            return Urgency.CRITICAL
        if removal_at - now <= datetime.timedelta(days=14):
            return Urgency.HIGH
    child = getattr(case, "child_at_risk", None) if case.kind == Kind.SEPARATED_CHILD else None
    at_risk = child is not None and bool(child.risk_factors)
    if at_risk and child.in_immediate_danger:
        return Urgency.CRITICAL
    # Days are counted in the council's time zone, whoever's request or which server runs this.
    today = timezone.localtime(now, timezone.get_default_timezone()).date()
    if deadlines is None:
        deadlines = case_deadlines(case)
    deadlines = [deadline for deadline in deadlines if not deadline.met]
    if at_risk or any(
        deadline.kind in LEGAL_DEADLINE_KINDS and deadline.due_on - today <= LEGAL_DEADLINE_WARNING
        for deadline in deadlines
    ):
        return Urgency.HIGH
    if any(
        0 <= (deadline.due_on - today).days <= WARNING_DEADLINE_DAYS.get(deadline.kind, -1)
        for deadline in deadlines
    ):
        return Urgency.MEDIUM
    if case.kind in FAMILY_KINDS:
        return Urgency.MEDIUM
    people = case.people.all() if people is None else people
    if any((age := person.age_on(today)) is not None and age < 18 for person in people):
        return Urgency.MEDIUM
    return Urgency.ROUTINE


def effective_urgency(
    case: Case, *, now: datetime.datetime, deadlines: Iterable | None = None
) -> Urgency:
    if case.urgency_override is not None:
        return Urgency(case.urgency_override)
    return compute_urgency(case, now=now, deadlines=deadlines)
