"""Every read that lists cases. Lists always start from cases_visible_to(user)."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from casework.accounts.models import User

from .models import Case, CaseDeadline, Note, Person


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Council staff see every case from submission on; everyone else what guardian grants.

    Guardian grants come from the organisation's group (its own cases, drafts included), a
    government agency's group (cases escalated to it) or a named share.
    """
    if not user.is_authenticated:
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
    if not user.has_perm("cases.view_internal_note"):
        notes = notes.filter(internal=False)
    return notes
