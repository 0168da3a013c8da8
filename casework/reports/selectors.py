"""The numbers behind the dashboard and the statistics: aggregate queries only.

A dashboard costs the same few queries whatever the number of cases. Each of its counts is
built from the same condition as the case-list filter it links to (casework.cases.selectors),
so following the link lists exactly that many cases.
"""

import dataclasses
import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from casework.accounts.models import Agency, Organisation, User
from casework.accounts.selectors import member_organisation_choices
from casework.cases import rules
from casework.cases.models import (
    NON_TERMINAL,
    Case,
    CaseDeadline,
    DuplicateFlag,
    Kind,
    Outcome,
    Reminder,
    Status,
    Urgency,
)
from casework.cases.selectors import (
    cases_visible_to,
    deadlines_of_visible_cases,
    duplicate_flags_open,
    follow_up_day,
    follow_up_overdue,
    is_info_received,
    is_new_submission,
    is_open,
    reminders_due,
    removal_within,
    unread_only,
)
from casework.counting import count_each
from flows.selectors import MINE, rows_of, section_tasks

# Removals this close count as needing action today.
REMOVAL_SOON_DAYS = 14
# Possible duplicates listed on the dashboard; the count covers them all.
DASHBOARD_FLAGS = 10


@dataclass(frozen=True)
class Tile:
    """One number of the dashboard, and the case-list query string listing those cases."""

    label: str
    count: int
    query: str


@dataclass(frozen=True)
class Dashboard:
    needs_action: list[Tile]
    by_status: list[Tile]
    by_kind: list[Tile]
    by_urgency: list[Tile]
    by_organisation: list[Tile] = field(default_factory=list)
    duplicate_flags: list[DuplicateFlag] = field(default_factory=list)
    duplicate_flag_count: int = 0


def _query(**params) -> str:
    # urlencode as QueryDict.urlencode writes it, without building a QueryDict per tile: the
    # council's dashboard writes 300 of them.
    return urlencode(params)


def _needs_action(user: User) -> list[tuple[str, Q, str]]:
    """(label, condition, list query) of what the user's role must act on today."""
    removals = (
        _("Removals in the next 14 days"),
        removal_within(REMOVAL_SOON_DAYS),
        _query(removal_within=REMOVAL_SOON_DAYS),
    )
    if rules.can_triage(user):
        return [
            (_("New submissions"), is_new_submission(), _query(submission="new")),
            (_("Information received"), is_info_received(), _query(submission="info_received")),
            (_("Government follow-up overdue"), Q(follow_up_overdue()), _query(overdue="on")),
            removals,
        ]
    if rules.can_create_case(user):
        return [
            (
                _("Information requested by the council"),
                Q(status=Status.INFO_REQUESTED),
                _query(status=Status.INFO_REQUESTED),
            ),
            (_("Drafts not yet submitted"), Q(status=Status.DRAFT), _query(status=Status.DRAFT)),
            removals,
        ]
    return []


def dashboard(user: User) -> Dashboard:
    """Counts of the cases the user may see: the status, kind and urgency tiles from one
    grouped query, the "needs action" tiles from one query of a count each (as FILTER clauses
    of one aggregate, every case was tested against every tile: 460 ms at 100,000 cases); for
    council staff, one more by organisation and two for possible duplicates."""
    cases = cases_visible_to(user)
    by_status, open_by_kind, open_by_urgency = Counter(), Counter(), Counter()
    # COUNT(*), not COUNT(id): the id is not in the index that can answer alone
    # (case_submitted_counts_idx).
    for row in cases.order_by().values("status", "kind", "urgency").annotate(n=Count("*")):
        by_status[row["status"]] += row["n"]
        # Kind and urgency describe the work in hand: open cases only, as their links say.
        if row["status"] in NON_TERMINAL:
            open_by_kind[row["kind"]] += row["n"]
            open_by_urgency[row["urgency"]] += row["n"]
    actions = _needs_action(user)
    needing = count_each(
        {
            n: cases.filter(condition).values("pk")
            for n, (_label, condition, _q) in enumerate(actions)
        }
    )
    result = Dashboard(
        needs_action=[
            Tile(label, needing[n], query) for n, (label, _condition, query) in enumerate(actions)
        ],
        by_status=[
            Tile(label, by_status[value], _query(status=value))
            for value, label in Status.choices
            # Drafts are private to their organisation: nobody else ever has one to count.
            if value != Status.DRAFT or rules.can_create_case(user)
        ],
        by_kind=[
            Tile(label, open_by_kind[value], _query(kind=value, state="open"))
            for value, label in Kind.choices
        ],
        by_urgency=[
            Tile(label, open_by_urgency[value], _query(urgency=value, state="open"))
            for value, label in Urgency.choices
        ],
    )
    if not rules.can_see_submitted_cases(user):
        return result
    flags = duplicate_flags_open(user)
    return dataclasses.replace(
        result,
        by_organisation=_open_by_organisation(cases),
        duplicate_flags=list(flags[:DASHBOARD_FLAGS]),
        duplicate_flag_count=flags.count(),
    )


def _open_by_organisation(cases: QuerySet[Case]) -> list[Tile]:
    """The open cases of each organisation, most first, named in the reader's language.

    Counted by organisation id alone, which an index answers (case_submitted_counts_idx), and
    named from the member organisations' cached names: grouped by the joined name, PostgreSQL
    joined 35,000 open cases to their organisation before counting (15 ms of the council's
    dashboard at 100,000 cases, 7 ms this way)."""
    counts = cases.filter(is_open()).order_by().values_list("organisation").annotate(n=Count("*"))
    language = get_language()
    names = dict(member_organisation_choices(language))
    if unnamed := {organisation for organisation, _count in counts} - names.keys():
        # Not a member organisation (any longer): read its name.
        others = Organisation.objects.filter(pk__in=unnamed).only("name", "name_fr")
        names |= {other.pk: other.name_in(language) for other in others}
    return [
        Tile(names[organisation], count, _query(organisation=organisation, state="open"))
        for organisation, count in sorted(
            counts, key=lambda row: (-row[1], names[row[0]].casefold())
        )
    ]


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True)
class Median:
    """Median number of days, over `cases` cases (None when there are none)."""

    days: float | None
    cases: int


@dataclass(frozen=True)
class AgencyTimes:
    agency: str
    to_escalation: Median
    to_response: Median


@dataclass(frozen=True)
class Statistics:
    start: datetime.date
    end: datetime.date
    total: int
    by_kind: list[Tally]
    by_province: list[Tally]
    by_organisation: list[Tally]
    outcomes: list[Tally]
    times: list[AgencyTimes]


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight in the council's time zone, which defines the periods."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )


def _submitted_between(start: datetime.date, end: datetime.date) -> QuerySet[Case]:
    """Every case submitted in the period, from every organisation: statistics are about the
    network as a whole (drafts never count; member views suppress small counts)."""
    return Case.objects.filter(
        submitted_at__gte=_day_start(start),
        submitted_at__lt=_day_start(end + datetime.timedelta(days=1)),
    ).order_by()


def _tallies(cases: QuerySet[Case], field_name: str, labels: dict, *, every=False) -> list[Tally]:
    """Cases per value of `field_name`, labelled from `labels` (else the value itself): every
    label in its order when `every` (zeros kept), else only the values present, most first."""
    counts = {
        row[field_name]: row["count"]
        for row in cases.values(field_name).annotate(count=Count("pk"))
    }
    if every:
        return [Tally(label, counts.get(value, 0)) for value, label in labels.items()]
    found = [Tally(labels.get(value, value) or _("Not recorded"), n) for value, n in counts.items()]
    return sorted(found, key=lambda tally: (-tally.count, str(tally.label)))


def _median(days: list[int]) -> Median:
    return Median(statistics.median(days) if days else None, len(days))


def _agency_times(cases: QuerySet[Case]) -> list[AgencyTimes]:
    """Median days from submission to escalation and from escalation to the government's
    response, per agency, from one query. The escalation date is the one the letter was sent
    (kept through follow-ups); the response is the latest recorded."""
    to_escalation, to_response = defaultdict(list), defaultdict(list)
    council_zone = timezone.get_default_timezone()
    rows = cases.exclude(escalation_sent_on=None).values_list(
        "escalation_target", "submitted_at", "escalation_sent_on", "response_received_on"
    )
    for agency, submitted_at, sent_on, received_on in rows:
        submitted_on = timezone.localtime(submitted_at, council_zone).date()
        to_escalation[agency].append((sent_on - submitted_on).days)
        if received_on is not None:
            to_response[agency].append((received_on - sent_on).days)
    return [
        AgencyTimes(label, _median(to_escalation[value]), _median(to_response[value]))
        for value, label in Agency.choices
    ]


def period_statistics(start: datetime.date, end: datetime.date) -> Statistics:
    """The network's cases submitted from `start` to `end` included: five queries."""
    cases = _submitted_between(start, end)
    by_kind = _tallies(cases, "kind", dict(Kind.choices), every=True)
    return Statistics(
        start=start,
        end=end,
        total=sum(tally.count for tally in by_kind),
        by_kind=by_kind,
        by_province=_tallies(cases, "organisation__province", dict(Organisation.Province.choices)),
        by_organisation=_tallies(cases, "organisation__name", {}),
        outcomes=_tallies(cases.exclude(outcome=""), "outcome", dict(Outcome.choices), every=True),
        times=_agency_times(cases),
    )


# "Today": what the user must look at now, critical first in every list.

# Rows each list of Today shows; the case list and the inbox hold the rest.
TODAY_ROWS = 20
# Deadlines this close (or passed and unmet) are Today's.
TODAY_DEADLINE_HOURS = 72


@dataclass(frozen=True)
class Today:
    my_tasks: list = field(default_factory=list)  # flows.selectors.InboxRow
    triage: list[Case] = field(default_factory=list)
    deadlines: list[CaseDeadline] = field(default_factory=list)
    overdue_answers: list[Case] = field(default_factory=list)
    unread: list[Case] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    council: bool = False


# What Today shows of a case (case_labels.case_at_a_glance and the line under it), with its
# organisation: the case's other columns, dozens of them, stay in the database.
GLANCE_FIELDS = (
    "reference",
    "title",
    "principal_name",
    "urgency",
    "status",
    "next_deadline",
    "escalation_target",
    "organisation__name",
    "organisation__name_fr",
)


def _by_urgency(cases: QuerySet[Case], *also: str) -> QuerySet[Case]:
    """`cases` most urgent first, with GLANCE_FIELDS and the fields `also` names."""
    return (
        cases.select_related("organisation")
        .only(*GLANCE_FIELDS, *also)
        .order_by("urgency", F("next_deadline").asc(nulls_last=True), "submitted_at", "pk")
    )


def today(user: User) -> Today:
    """Today's lists for the user, each one query (the first TODAY_ROWS rows), most urgent
    case first: the tasks assigned to them; for council staff the new critical and high
    submissions waiting for triage and the cases whose government answer is overdue; the
    deadlines within TODAY_DEADLINE_HOURS (or passed); the cases with a message they have not
    read; their own reminders due. Every list starts from the cases the user may see."""
    day = timezone.localdate()
    horizon = datetime.timedelta(hours=TODAY_DEADLINE_HOURS)
    visible = cases_visible_to(user)
    council = rules.can_triage(user)
    result = {
        "my_tasks": rows_of(section_tasks(user, MINE)[:TODAY_ROWS]),
        "deadlines": list(
            deadlines_of_visible_cases(user)
            .filter(
                Q(due_at__isnull=True, due_on__lte=day + horizon)
                | Q(due_at__lte=timezone.now() + horizon)
            )
            .select_related("case", "case__organisation")
            .only("kind", "due_on", "due_at", "met", *(f"case__{name}" for name in GLANCE_FIELDS))
            .order_by("case__urgency", "due_on", F("due_at").asc(nulls_last=True), "pk")[
                :TODAY_ROWS
            ]
        ),
        "unread": list(_by_urgency(unread_only(visible, user))[:TODAY_ROWS]),
        "reminders": list(reminders_due(user, on=day)[:TODAY_ROWS]),
        "council": council,
    }
    if council:
        result["triage"] = triage = list(
            _by_urgency(
                visible.filter(is_new_submission(), urgency__lte=Urgency.HIGH),
                "assigned_to__first_name",
                "assigned_to__last_name",
                "assigned_to__username",
            ).select_related("assigned_to")[:TODAY_ROWS]
        )
        for case in triage:
            # Someone else may hold it already: their name instead of a Take button.
            case.takeable = rules.can_take_from_queue(user, case)
        result["overdue_answers"] = list(
            _by_urgency(visible.filter(follow_up_overdue()))
            .annotate(expected_on=follow_up_day())
            .order_by("urgency", "expected_on", "pk")[:TODAY_ROWS]
        )
    return Today(**result)
