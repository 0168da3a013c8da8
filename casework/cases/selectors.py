"""Every read that lists cases. Lists always start from cases_visible_to(user)."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from casework.accounts.models import Agency, Membership, User
from casework.briefings.models import Briefing

from . import rules
from .models import (
    COUNCIL_ONLY_EVENTS,
    NON_TERMINAL,
    TERMINAL,
    Case,
    CaseDeadline,
    CaseEvent,
    CaseLink,
    CaseRead,
    CaseUserObjectPermission,
    DeadlineKind,
    DuplicateFlag,
    Note,
    Reminder,
    SavedFilter,
    Status,
)
from .search import search_condition


class _AmongIds(Func):
    """`column` is one of the ids a subquery returns.

    On PostgreSQL `column = ANY(ARRAY(subquery))`: the subquery runs once, before the scan (an
    InitPlan), and its ids are looked up in the primary key's index, where `IN (subquery)`
    beside an OR tests every row against a hashed subplan. Elsewhere `column IN (subquery)`.
    """

    output_field = BooleanField()

    def __init__(self, column: str, ids: QuerySet):
        super().__init__(F(column), Subquery(ids))

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="%(expressions)s", arg_joiner=" IN ", **extra_context
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        column, ids = (compiler.compile(expression) for expression in self.source_expressions)
        return f"{column[0]} = ANY(ARRAY{ids[0]})", (*column[1], *ids[1])


class _SharedCaseIds(Func):
    """The ids of the cases shared with the user (an OuterRef to the account) by name, as text:
    "12,40" (empty: none). Annotated on the account MembershipModelBackend loads for each
    request, so `visibility` knows them without a query of its own."""

    output_field = CharField()

    def __init__(self, user: OuterRef):
        shares = CaseUserObjectPermission.objects.filter(
            user=user, permission__codename="view_case"
        ).values("content_object_id")
        super().__init__(Subquery(shares))

    def as_sql(self, compiler, connection, **extra_context):
        shares, params = compiler.compile(self.source_expressions[0])
        sql = f"COALESCE((SELECT group_concat(content_object_id) FROM {shares}), '')"  # noqa: S608
        return sql, params

    def as_postgresql(self, compiler, connection, **extra_context):
        shares, params = compiler.compile(self.source_expressions[0])
        return f"array_to_string(ARRAY{shares}, ',')", params


def shared_case_ids() -> _SharedCaseIds:
    """For User.objects.annotate(shared_case_ids=...): see _SharedCaseIds."""
    return _SharedCaseIds(OuterRef("pk"))


def visibility(user: User, prefix: str = "") -> Q:
    """The condition on a case (reached through `prefix`, e.g. "process__case__") that makes
    it visible to an authenticated user; cases_visible_to explains who sees what.

    Members are matched by the case's organisation_id, which names the organisation whose group
    holds the case's grants (case_create gives both at once and nothing moves a case), plus the
    cases shared with them by name: the same rows as guardian's get_objects_for_user, without
    testing every case against two hashed subplans (tests/cases/test_visibility.py compares both
    on random data). The account of a request comes with its membership and its shares, read
    with it (MembershipModelBackend), so the condition holds their values and the list reads the
    organisation's index in order, as a plain organisation_id filter would; any other account
    object is asked through subqueries (it may be older than its membership).
    """
    if rules.can_see_submitted_cases(user):
        return Q(**{f"{prefix}submitted_at__isnull": False})
    if rules.reads_disclosures_only(user):
        # No case at all; a condition no row meets, since an empty IN cannot be written as SQL
        # (the inbox compiles its counts to SQL of its own).
        return Q(**{f"{prefix}pk__isnull": True})
    shared_ids = getattr(user, "shared_case_ids", None)
    if shared_ids is not None:
        own = Q(**{f"{prefix}organisation_id": user.organisation_id})
        shared = [int(pk) for pk in shared_ids.split(",") if pk]
        return own | Q(**{f"{prefix}pk__in": shared}) if shared else own
    # Read from the membership row, not the account object: an account moved to another
    # organisation stops seeing the old one's cases at once (membership_sync_groups).
    organisation = Membership.objects.filter(user_id=user.pk).values("organisation_id")
    shared = CaseUserObjectPermission.objects.filter(user=user, permission__codename="view_case")
    return Q(**{f"{prefix}organisation_id": Subquery(organisation)}) | Q(
        _AmongIds(f"{prefix}pk", shared.values("content_object_id"))
    )


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Council staff see every case from submission on; everyone else what guardian grants.

    Guardian grants come from the organisation's group (its own cases, drafts included) or a
    named share; `visibility` reads them by the shortest way. A government contact sees no
    case: only what was disclosed to their agency (casework.disclosures).
    """
    if _sees_no_case(user):
        return Case.objects.none()
    return Case.objects.filter(visibility(user))


def _sees_no_case(user: User) -> bool:
    return not user.is_authenticated or rules.reads_disclosures_only(user)


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


def follow_up_day() -> Subquery:
    """The day the government's answer was expected (the unmet follow-up deadline)."""
    return Subquery(
        CaseDeadline.objects.filter(case=OuterRef("pk"), kind=DeadlineKind.FOLLOW_UP, met=False)
        .order_by("due_on")
        .values("due_on")[:1]
    )


def _their_messages(user: User) -> str | None:
    """The column of the case that says when the other side last wrote to the user's side."""
    if rules.can_triage(user):
        return "member_message_at"
    if user.has_perm("cases.add_case"):
        return "council_message_at"
    return None


def unread(user: User, prefix: str = "") -> Expression:
    """Whether the other side wrote since the user last opened the case page (the case reached
    through `prefix`, e.g. "process__case__" from a task).

    Council staff read the member organisation's messages, members the council's: unread when
    the case has such a message and no read marker of the user's since (_Unread), in the same
    query as the list or the inbox.
    """
    theirs = _their_messages(user)
    if theirs is None:
        return Value(False)
    return _Unread(F(f"{prefix}pk"), F(f"{prefix}{theirs}"), user.pk)


class _Unread(Func):
    """`<their last message> IS NOT NULL AND NOT EXISTS (<a read marker of the user on the
    case at or after it>)`, the marker being a CaseRead row (served by case_read_uniq).

    Written here as SQL rather than composed of Q, Exists and CaseRead.objects.filter(...):
    Django builds, resolves and compiles a subquery's whole Query on every request, which took
    a fifth of the case list's reading; this costs what its three values do.
    """

    output_field = BooleanField()

    def __init__(self, case, their_message_at, user_id: int):
        super().__init__(case, their_message_at, Value(user_id))

    def as_sql(self, compiler, connection, **extra_context):
        (case, case_params), (theirs, theirs_params), (user, user_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        table = connection.ops.quote_name(CaseRead._meta.db_table)
        column = {
            name: f"{table}.{connection.ops.quote_name(CaseRead._meta.get_field(name).column)}"
            for name in ("case", "user", "read_at")
        }
        # Every name is the model's own, quoted; every value a parameter.
        sql = (
            f"({theirs} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {table}"  # noqa: S608
            f" WHERE {column['case']} = {case} AND {column['user']} = {user}"
            f" AND {column['read_at']} >= {theirs}))"
        )
        return sql, (*theirs_params, *case_params, *user_params, *theirs_params)


def with_unread(cases: QuerySet[Case], user: User) -> QuerySet[Case]:
    """Annotate `unread` (see unread)."""
    return cases.annotate(unread=unread(user))


def unread_only(cases: QuerySet[Case], user: User) -> QuerySet[Case]:
    """The cases of `cases` with a message the user has not read. Only cases with a message
    at all are tested, which their partial index finds (Case.Meta.indexes): testing every case
    took 140 ms at 100,000 cases."""
    theirs = _their_messages(user)
    if theirs is None:
        return cases.none()
    return with_unread(cases.filter(**{f"{theirs}__isnull": False}), user).filter(unread=True)


def deadlines_of_visible_cases(user: User) -> QuerySet[CaseDeadline]:
    """The unmet deadlines of the cases the user may see; the visibility is a condition on the
    joined case row (as `case__in=cases_visible_to(user)`, the planner read every case)."""
    if _sees_no_case(user):
        return CaseDeadline.objects.none()
    return CaseDeadline.objects.filter(visibility(user, prefix="case__"), met=False)


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
        cases = cases.filter(search_condition(filters.text))
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
    return (
        with_unread(cases, user)
        .select_related("organisation", "assigned_to")
        .order_by("urgency", F("next_deadline").asc(nulls_last=True), "-submitted_at", "-id")
    )


# What a row of a list of cases shows of the case (the case list, the task inbox), with the
# status the FSM reads when a case is loaded.
CASE_ROW_FIELDS = (
    "reference",
    "title",
    "principal_name",
    "kind",
    "status",
    "urgency",
    "next_deadline",
)
# ...and what the case list's row shows (templatetags/case_rows.py), read as values: the rest
# of the case, its organisation and its assignee (the password hash among them) stays in the
# database, and no model instance is built per row (that took a third of the list's reading).
LIST_ROW_COLUMNS = (
    "pk",
    *CASE_ROW_FIELDS,
    "unread",
    "organisation__name",
    "organisation__name_fr",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
)


def case_list_page(user: User, filters: CaseFilters, *, number, per_page: int) -> Page:
    """Page `number` of case_list as the list page's rows (named tuples of LIST_ROW_COLUMNS),
    counted without the join that only draws them (the organisation's name): Django keeps an
    inner join of the rows' query in its count, where it took half of the count's time."""
    cases = case_list(user, filters)
    paginator = Paginator(cases.values_list(*LIST_ROW_COLUMNS, named=True), per_page)
    paginator.count = cases.count()
    return paginator.get_page(number)


def deadlines_due(user: User, *, today: datetime.date, within_days: int) -> QuerySet[CaseDeadline]:
    """Unmet deadlines of the cases the user may see, overdue or due within `within_days`.

    Soonest first, then the most urgent case. Finished cases keep no deadline rows (see
    services._refresh_derived), so they never appear. Served by the (met, due_on) index.
    """
    return (
        deadlines_of_visible_cases(user)
        .filter(due_on__lte=today + datetime.timedelta(days=within_days))
        .select_related("case", "case__organisation")
        .order_by("due_on", F("due_at").asc(nulls_last=True), "case__urgency", "id")
    )


def notes_visible_to(user: User, case: Case) -> QuerySet[Note]:
    notes = case.notes.select_related("author", "document")
    if not rules.can_read_internal_notes(user):
        notes = notes.filter(internal=False)
    return notes


def open_information_request(case: Case) -> CaseEvent | None:
    """What the council asked, while the case waits for the member's answer."""
    if case.status != Status.INFO_REQUESTED:
        return None
    return case.events.filter(action="case.request_info").order_by("-at", "-id").first()


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


# What a page shows of a case it names beside another (a duplicate, a link): its reference,
# its label and its status (which the FSM reads on loading too).
LINKED_CASE_FIELDS = ("reference", "title", "principal_name", "status")


def duplicate_flags_open(user: User) -> QuerySet[DuplicateFlag]:
    """Possible duplicates waiting for council staff; nothing for anyone else."""
    if not rules.can_review_duplicates(user):
        return DuplicateFlag.objects.none()
    cases = ("case", "other_case")
    people = ("person", "other_person")
    return (
        DuplicateFlag.objects.filter(resolution=DuplicateFlag.Resolution.OPEN)
        .select_related(*cases, *people)
        # What the case page and the dashboard show of each side (and the FSM's status).
        .only(
            "reason",
            *(f"{side}__{field}" for side in cases for field in LINKED_CASE_FIELDS),
            *(f"{side}__{field}" for side in people for field in ("given_names", "family_name")),
        )
    )


def duplicate_flags_of(user: User, case: Case) -> QuerySet[DuplicateFlag]:
    """The case's open possible duplicates, whichever side of the pair it is on."""
    return duplicate_flags_open(user).filter(Q(case=case) | Q(other_case=case))


def linked_cases(user: User, case: Case) -> list[Case]:
    """The cases council staff linked to this one; nothing for anyone else."""
    if not rules.can_review_duplicates(user):
        return []
    sides = ("case", "other_case")
    links = (
        CaseLink.objects.filter(Q(case=case) | Q(other_case=case))
        .select_related(*sides)
        .only(*(f"{side}__{field}" for side in sides for field in LINKED_CASE_FIELDS))
    )
    return [link.other_case if link.case_id == case.pk else link.case for link in links]


def cases_for_case_page(user: User) -> QuerySet[Case]:
    """The cases the user may see, each with what its page would otherwise ask in queries of
    their own: how many briefing versions it has, and for council staff whether it has open
    possible duplicates or links (their section reads them only then, and most cases have
    none)."""
    briefings = (
        Briefing.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    cases = cases_visible_to(user).annotate(
        briefing_count=Coalesce(Subquery(briefings, output_field=IntegerField()), Value(0))
    )
    if not rules.can_review_duplicates(user):
        return cases
    either_side = Q(case=OuterRef("pk")) | Q(other_case=OuterRef("pk"))
    return cases.annotate(
        has_duplicate_flags=Exists(
            DuplicateFlag.objects.filter(either_side, resolution=DuplicateFlag.Resolution.OPEN)
        ),
        has_links=Exists(CaseLink.objects.filter(either_side)),
    )


def reminders_due(user: User, *, on: datetime.date) -> QuerySet[Reminder]:
    """The user's own reminders due on or before that day and not dismissed, on cases they
    may still see; the most urgent case first."""
    return (
        Reminder.objects.filter(
            author=user,
            dismissed_at__isnull=True,
            remind_on__lte=on,
            case__in=cases_visible_to(user),
        )
        .select_related("case", "case__organisation")
        .order_by("case__urgency", "remind_on", "pk")
    )


def reminders_on_case(user: User, case: Case) -> QuerySet[Reminder]:
    """The user's own reminders on the case that are not dismissed."""
    return Reminder.objects.filter(author=user, case=case, dismissed_at__isnull=True).order_by(
        "remind_on", "pk"
    )


def saved_filters_of(user: User) -> QuerySet[SavedFilter]:
    """The user's own saved filters; nobody else's."""
    return SavedFilter.objects.filter(user=user)
