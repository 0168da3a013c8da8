"""Every read that lists cases. Lists always start from cases_visible_to(user)."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from casework.accounts.models import Agency, User

from . import rules
from .models import (
    COUNCIL_ONLY_EVENTS,
    NON_TERMINAL,
    TERMINAL,
    Case,
    CaseDeadline,
    CaseEvent,
    CaseLink,
    DeadlineKind,
    DuplicateFlag,
    Note,
    Person,
    Status,
)


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Council staff see every case from submission on; everyone else what guardian grants.

    Guardian grants come from the organisation's group (its own cases, drafts included) or a
    named share. A government contact sees no case: only what was disclosed to their agency
    (casework.disclosures).
    """
    if not user.is_authenticated or rules.reads_disclosures_only(user):
        return Case.objects.none()
    if user.has_perm("cases.view_submitted_case"):
        return Case.objects.filter(submitted_at__isnull=False)
    return get_objects_for_user(
        user, "cases.view_case", klass=Case, accept_global_perms=False, with_superuser=False
    )


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    kind: str = ""
    urgency: int | None = None
    organisation: int | None = None
    text: str = ""
    state: str = ""  # "open" or "finished"
    submission: str = ""  # "new" or "info_received": submitted cases waiting for triage
    removal_within: int | None = None  # days
    overdue: bool = False  # the government's answer is overdue (follow-up deadline passed)


# The conditions behind the filters, shared with the dashboard's counts (casework.reports) so
# that each number there is exactly the length of the list it links to.


def is_open() -> Q:
    return Q(status__in=NON_TERMINAL)


def was_resubmitted() -> Exists:
    return Exists(CaseEvent.objects.filter(case=OuterRef("pk"), action="case.resubmit"))


def is_new_submission() -> Q:
    return Q(status=Status.SUBMITTED) & ~Q(was_resubmitted())


def is_info_received() -> Q:
    return Q(status=Status.SUBMITTED) & Q(was_resubmitted())


def removal_within(days: int) -> Q:
    """Open removal cases whose removal is from now to `days` days ahead."""
    now = timezone.now()
    return is_open() & Q(
        removal__removal_at__gte=now,
        removal__removal_at__lt=now + datetime.timedelta(days=days),
    )


def follow_up_overdue() -> Exists:
    """Escalated cases past their follow-up day with no answer from the government."""
    return Exists(
        CaseDeadline.objects.filter(
            case=OuterRef("pk"),
            kind=DeadlineKind.FOLLOW_UP,
            met=False,
            due_on__lt=timezone.localdate(),
        )
    )


def _text_matches(text: str) -> Q:
    """The reference, or the name or UCI of someone in the case, contains the text.

    One set of matching case ids (a union), rather than an OR across the case and a
    correlated subquery on people: each side reads its own trigram index on PostgreSQL
    (migration 0003_list_indexes) and the cases are then fetched by primary key.
    """
    name_match = Q(family_name__icontains=text) | Q(given_names__icontains=text)
    digits = re.sub(r"[\s\-]", "", text)
    if digits.isdigit() and len(digits) >= 4:
        name_match |= Q(uci__startswith=digits)
    by_reference = Case.objects.filter(reference__icontains=text).order_by().values("pk")
    by_person = Person.objects.filter(name_match).order_by().values("case_id")
    return Q(pk__in=by_reference.union(by_person))


def case_list(user: User, filters: CaseFilters) -> QuerySet[Case]:
    cases = cases_visible_to(user)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.urgency:
        cases = cases.filter(urgency=filters.urgency)
    if filters.organisation:
        cases = cases.filter(organisation_id=filters.organisation)
    if filters.text:
        cases = cases.filter(_text_matches(filters.text.strip()))
    if filters.state == "open":
        cases = cases.filter(is_open())
    elif filters.state == "finished":
        cases = cases.filter(status__in=TERMINAL)
    if filters.submission == "new":
        cases = cases.filter(is_new_submission())
    elif filters.submission == "info_received":
        cases = cases.filter(is_info_received())
    if filters.removal_within:
        cases = cases.filter(removal_within(filters.removal_within))
    if filters.overdue:
        cases = cases.filter(follow_up_overdue())
    return cases.select_related("organisation", "assigned_to").order_by(
        "urgency", F("next_deadline").asc(nulls_last=True), "-submitted_at", "-id"
    )


def deadlines_due(user: User, *, today: datetime.date, within_days: int) -> QuerySet[CaseDeadline]:
    """Unmet deadlines of the cases the user may see, overdue or due within `within_days`.

    Soonest first, then the most urgent case. Finished cases keep no deadline rows (see
    services._refresh_derived), so they never appear. Served by the (met, due_on) index.
    """
    return (
        CaseDeadline.objects.filter(
            met=False,
            due_on__lte=today + datetime.timedelta(days=within_days),
            case__in=cases_visible_to(user),
        )
        .select_related("case", "case__organisation")
        .order_by("due_on", F("due_at").asc(nulls_last=True), "case__urgency", "id")
    )


def notes_visible_to(user: User, case: Case) -> QuerySet[Note]:
    notes = case.notes.select_related("author")
    if not rules.can_read_internal_notes(user):
        notes = notes.filter(internal=False)
    return notes


def events_visible_to(user: User, case: Case) -> QuerySet[CaseEvent]:
    events = case.events.select_related("actor")
    if not rules.can_see_council_only_history(user):
        events = events.exclude(action__in=COUNCIL_ONLY_EVENTS)
    return events


def covering_consents(case: Case, agency: str, *, on: datetime.date | None = None):
    """The consents in force on that day that let the council share the case with the agency,
    newest first."""
    on = on or timezone.localdate()
    scope = {Agency.IRCC: "covers_ircc", Agency.CBSA: "covers_cbsa"}[agency]
    return (
        case.consents.filter(**{scope: True}, signed_on__lte=on)
        .exclude(expires_on__lt=on)
        .order_by("-signed_on", "-id")
    )


def consent_covers(case: Case, agency: str, *, on: datetime.date | None = None) -> bool:
    """Whether a consent in force on that day lets the council share the case with the agency."""
    return covering_consents(case, agency, on=on).exists()


def duplicate_flags_open(user: User) -> QuerySet[DuplicateFlag]:
    """Possible duplicates waiting for council staff; nothing for anyone else."""
    if not rules.can_review_duplicates(user):
        return DuplicateFlag.objects.none()
    return DuplicateFlag.objects.filter(resolution=DuplicateFlag.Resolution.OPEN).select_related(
        "case", "other_case", "person", "other_person"
    )


def duplicate_flags_of(user: User, case: Case) -> QuerySet[DuplicateFlag]:
    """The case's open possible duplicates, whichever side of the pair it is on."""
    return duplicate_flags_open(user).filter(Q(case=case) | Q(other_case=case))


def linked_cases(user: User, case: Case) -> list[Case]:
    """The cases council staff linked to this one; nothing for anyone else."""
    if not rules.can_review_duplicates(user):
        return []
    links = CaseLink.objects.filter(Q(case=case) | Q(other_case=case)).select_related(
        "case", "other_case"
    )
    return [link.other_case if link.case_id == case.pk else link.case for link in links]
