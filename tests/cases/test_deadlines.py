"""Deadlines derived from the facts of a case, and their stored rows.

NOW is Monday 4 May 2026, 10:00 in Toronto (tests/factories.py).
"""

import datetime

import pytest
from django.utils import translation

from casework.cases import services
from casework.cases.deadlines import Deadline, case_deadlines, next_working_day, prra_deadline
from casework.cases.models import (
    Case,
    CaseDeadline,
    DeadlineKind,
    GovernmentFile,
    Kind,
    Removal,
    Status,
)
from casework.cases.templatetags.case_deadlines import deadline_state
from tests.factories import NOW, TORONTO, act, advance, case_at, make_case, removal_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

DAY = datetime.timedelta(days=1)
MAY = {day: datetime.date(2026, 5, day) for day in range(1, 32)}


def removal_case(caseworker, **removal) -> Case:
    return make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, removal=removal_fields(**removal))


def add_file(case, actor, **fields) -> GovernmentFile:
    defaults = {"agency": "IRCC", "kind": "hc", "number": "E000123456"}
    return services.government_file_add(case=case, actor=actor, **(defaults | fields))


def stored(case) -> list[tuple]:
    return [
        (row.kind, row.due_on, row.met, row.detail)
        for row in CaseDeadline.objects.filter(case=case).order_by("due_on", "kind")
    ]


def of_kind(case, kind) -> list[Deadline]:
    case = Case.objects.get(pk=case.pk)
    return [deadline for deadline in case_deadlines(case) if deadline.kind == kind]


# PRRA: notice + 15 days, + 7 when mailed, off a weekend


def test_it_leaves_a_weekday_and_moves_a_weekend_to_monday():
    assert next_working_day(MAY[15]) == MAY[15]  # Friday
    assert next_working_day(MAY[16]) == MAY[18]  # Saturday
    assert next_working_day(MAY[17]) == MAY[18]  # Sunday


@pytest.mark.parametrize(
    ("notified_on", "mailed", "due"),
    [
        (MAY[4], False, MAY[19]),  # Monday + 15 = Tuesday
        (MAY[4], True, MAY[26]),  # mailed: + 22 = Tuesday
        (MAY[1], False, MAY[18]),  # Friday + 15 = Saturday: Monday
        (MAY[2], False, MAY[18]),  # Saturday + 15 = Sunday: Monday
        (datetime.date(2026, 4, 24), True, MAY[18]),  # mailed Friday + 22 = Saturday: Monday
    ],
)
def test_it_computes_the_prra_deadline(caseworker, notified_on, mailed, due):
    assert prra_deadline(notified_on, mailed=mailed) == due
    mode = Removal.NoticeMode.MAIL if mailed else Removal.NoticeMode.IN_PERSON
    case = removal_case(caseworker, prra_notified_on=notified_on, prra_notice_mode=mode)
    assert [(d.due, d.met) for d in of_kind(case, DeadlineKind.PRRA)] == [(due, False)]


def test_it_gives_the_earlier_in_person_deadline_when_the_notice_mode_is_unknown(caseworker):
    case = removal_case(caseworker, prra_notified_on=MAY[4], prra_notice_mode="")
    assert [d.due for d in of_kind(case, DeadlineKind.PRRA)] == [MAY[19]]


def test_it_meets_the_prra_deadline_when_a_prra_is_filed_after_the_notice(caseworker):
    case = removal_case(caseworker, prra_notified_on=MAY[1])
    # A PRRA filed before this notice belongs to an earlier removal.
    add_file(
        case, caseworker, kind="prra", number="E000000001", submitted_on=datetime.date(2025, 1, 6)
    )
    assert [d.met for d in of_kind(case, DeadlineKind.PRRA)] == [False]

    add_file(case, caseworker, kind="prra", number="E000000002", submitted_on=MAY[4])
    assert [d.met for d in of_kind(case, DeadlineKind.PRRA)] == [True]


def test_it_has_no_prra_deadline_without_a_notice(caseworker):
    case = removal_case(caseworker)
    assert of_kind(case, DeadlineKind.PRRA) == []


# Judicial review: decision received + 15 days in Canada, + 60 outside


@pytest.mark.parametrize(("outside", "due"), [(False, MAY[16]), (True, datetime.date(2026, 6, 30))])
def test_it_computes_the_judicial_review_deadline_of_a_refusal(caseworker, outside, due):
    case = removal_case(caseworker)
    add_file(
        case,
        caseworker,
        decided_on=datetime.date(2026, 4, 28),
        decision="refused",
        notified_on=MAY[1],
        decided_outside_canada=outside,
    )
    assert [(d.due, d.met, d.detail) for d in of_kind(case, DeadlineKind.JUDICIAL_REVIEW)] == [
        (due, False, "IRCC E000123456")
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"decision": "approved", "notified_on": MAY[1]},  # nothing to challenge
        {"decision": "", "notified_on": MAY[1]},  # outcome not recorded
        {"decision": "refused"},  # not received yet: the window has not opened
        {"decision": "refused", "notified_on": MAY[1], "agency": "FC", "number": "IMM-1-26"},
        {"decision": "refused", "notified_on": MAY[1], "kind": "stay_motion"},
    ],
)
def test_it_has_no_judicial_review_deadline_without_a_received_refusal(caseworker, fields):
    case = removal_case(caseworker)
    add_file(case, caseworker, **fields)
    assert of_kind(case, DeadlineKind.JUDICIAL_REVIEW) == []


def test_it_meets_the_judicial_review_deadline_once_leave_is_filed(caseworker):
    case = removal_case(caseworker)
    add_file(case, caseworker, kind="prra", decision="refused", notified_on=MAY[1])
    add_file(
        case,
        caseworker,
        agency="FC",
        kind="judicial_review",
        number="IMM-1234-26",
        submitted_on=MAY[4],
    )
    assert [d.met for d in of_kind(case, DeadlineKind.JUDICIAL_REVIEW)] == [True]


# IAD: reasons received + 30 days, for a refused sponsorship


def test_it_gives_a_refused_sponsorship_both_the_iad_appeal_and_judicial_review(caseworker):
    case = make_case(caseworker)
    add_file(
        case,
        caseworker,
        kind="sponsorship",
        number="F123456789",
        decision="refused",
        notified_on=datetime.date(2026, 4, 20),
        decided_outside_canada=True,
    )
    assert [(d.kind, d.due) for d in case_deadlines(Case.objects.get(pk=case.pk))] == [
        (DeadlineKind.APPEAL, MAY[20]),
        (DeadlineKind.JUDICIAL_REVIEW, datetime.date(2026, 6, 19)),
    ]

    add_file(case, caseworker, agency="IRB", kind="appeal", number="MB6-01234", submitted_on=MAY[4])
    assert [d.met for d in of_kind(case, DeadlineKind.APPEAL)] == [True]


# Follow-up after an escalation with no answer


def test_it_sets_a_follow_up_date_while_the_escalation_is_unanswered(caseworker, director):
    case = case_at(Status.ACCEPTED, member=caseworker, council=director)
    case = act(case, director, "escalate", target="IRCC", sent_on=MAY[4])
    assert [(d.due, d.met, d.detail) for d in of_kind(case, DeadlineKind.FOLLOW_UP)] == [
        (MAY[18], False, "IRCC")
    ]
    case.refresh_from_db()
    assert case.next_deadline == MAY[18]

    act(case, director, "record_response", received_on=MAY[4], response="Under review.")

    assert [d.met for d in of_kind(case, DeadlineKind.FOLLOW_UP)] == [True]
    case.refresh_from_db()
    assert case.next_deadline is None
    assert stored(case) == [(DeadlineKind.FOLLOW_UP, MAY[18], True, "IRCC")]


def test_it_restarts_the_follow_up_when_the_council_follows_up(caseworker, director, time_machine):
    case = case_at(Status.RESPONDED, member=caseworker, council=director)  # sent 4 May
    time_machine.move_to(NOW + 10 * DAY, tick=False)
    act(case, director, "follow_up", comment="They asked for school records; sent.")
    assert [(d.due, d.met) for d in of_kind(case, DeadlineKind.FOLLOW_UP)] == [(MAY[28], False)]


def test_it_takes_the_follow_up_delay_from_the_settings(caseworker, director, settings):
    settings.CASEWORK = settings.CASEWORK | {"FOLLOW_UP_DAYS": 7}
    case = case_at(Status.ESCALATED, member=caseworker, council=director)
    assert [d.due for d in of_kind(case, DeadlineKind.FOLLOW_UP)] == [MAY[11]]


# The removal and the deadline typed in by hand


def test_it_lists_the_removal_and_the_manual_deadline_soonest_first(caseworker):
    removal_at = datetime.datetime(2026, 5, 10, 0, 30, tzinfo=TORONTO)
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        removal=removal_fields(removal_at=removal_at),
        deadline=MAY[12],
        deadline_note="Stay motion hearing",
    )
    deadlines = case_deadlines(case)
    assert [(d.kind, d.due, d.met, d.detail) for d in deadlines] == [
        (DeadlineKind.REMOVAL, removal_at, False, ""),
        (DeadlineKind.LEGAL, MAY[12], False, "Stay motion hearing"),
    ]
    # The day of a removal is its day in the council's time zone, whatever the storage's.
    assert deadlines[0].due_on == MAY[10]
    assert str(deadlines[0].label) == "Removal"
    assert stored(case) == [
        (DeadlineKind.REMOVAL, MAY[10], False, ""),
        (DeadlineKind.LEGAL, MAY[12], False, "Stay motion hearing"),
    ]
    assert CaseDeadline.objects.get(case=case, kind="removal").due_at == removal_at
    assert Case.objects.get(pk=case.pk).next_deadline == MAY[10]


def test_it_ignores_a_removal_date_on_a_family_case(caseworker):
    assert case_deadlines(make_case(caseworker)) == []


# Stored rows and next_deadline


def test_it_replaces_the_stored_deadlines_on_every_write(caseworker):
    case = removal_case(caseworker, removal_at=None, prra_notified_on=MAY[4])
    assert stored(case) == [(DeadlineKind.PRRA, MAY[19], False, "")]
    first_ids = set(CaseDeadline.objects.values_list("pk", flat=True))

    services.case_update(
        case=case,
        actor=caseworker,
        expected_version=case.version,
        data={
            "deadline": MAY[8],
            "removal": {"prra_notified_on": MAY[1], "prra_notice_mode": "mail"},
        },
    )
    assert stored(case) == [
        (DeadlineKind.LEGAL, MAY[8], False, ""),
        (DeadlineKind.PRRA, MAY[25], False, ""),
    ]
    assert not first_ids & set(CaseDeadline.objects.values_list("pk", flat=True))
    assert Case.objects.get(pk=case.pk).next_deadline == MAY[8]

    add_file(case, caseworker, kind="prra", submitted_on=MAY[4])
    assert stored(case)[1] == (DeadlineKind.PRRA, MAY[25], True, "")
    assert Case.objects.get(pk=case.pk).next_deadline == MAY[8]

    case = Case.objects.get(pk=case.pk)
    services.case_update(
        case=case, actor=caseworker, expected_version=case.version, data={"deadline": None}
    )
    assert Case.objects.get(pk=case.pk).next_deadline is None  # the PRRA is met


def test_it_keeps_no_deadline_for_a_finished_case(caseworker, director):
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        deadline=MAY[8],
        removal=removal_fields(prra_notified_on=MAY[4]),
        submitted=True,
    )
    assert len(stored(case)) == 3

    case = act(case, caseworker, "withdraw", comment="Client left Canada.")

    assert case_deadlines(case) == []
    assert stored(case) == []
    assert Case.objects.get(pk=case.pk).next_deadline is None


def test_it_keeps_the_deadlines_of_a_case_through_its_lifecycle(caseworker, director):
    case = make_case(caseworker, deadline=MAY[8])
    case = advance(case, Status.ESCALATED, member=caseworker, council=director)
    # Escalated today (4 May): follow up on 18 May; the manual deadline still comes first.
    assert [row[:2] for row in stored(case)] == [
        (DeadlineKind.LEGAL, MAY[8]),
        (DeadlineKind.FOLLOW_UP, MAY[18]),
    ]
    assert Case.objects.get(pk=case.pk).next_deadline == MAY[8]


# Where a deadline stands, in words


@pytest.mark.parametrize(
    ("due", "met", "expected"),
    [
        (MAY[1], False, ("overdue", "Overdue by 3 days")),
        (MAY[3], False, ("overdue", "Overdue by 1 day")),
        (MAY[4], False, ("soon", "Due today")),
        (MAY[5], False, ("soon", "Due in 1 day")),
        (MAY[9], False, ("soon", "Due in 5 days")),
        (MAY[10], False, ("later", "Due in 6 days")),
        (MAY[1], True, ("met", "Met")),
        (NOW + datetime.timedelta(hours=40, minutes=30), False, ("soon", "Due in 40 hours")),
        (NOW + datetime.timedelta(minutes=5), False, ("soon", "Due within the hour")),
        (NOW - datetime.timedelta(hours=1), False, ("overdue", "Overdue")),
        (NOW - 2 * DAY, False, ("overdue", "Overdue by 2 days")),
        (NOW + 4 * DAY, False, ("soon", "Due in 4 days")),
    ],
)
def test_it_says_where_a_deadline_stands(due, met, expected):
    assert deadline_state(Deadline(DeadlineKind.LEGAL, due, met=met)) == expected


@pytest.mark.parametrize(
    ("kind", "detail", "english", "french"),
    [
        (DeadlineKind.FOLLOW_UP, "CBSA", "CBSA", "ASFC"),
        (DeadlineKind.JUDICIAL_REVIEW, "IRB TB1-23456", "IRB TB1-23456", "CISR TB1-23456"),
        # A legal deadline's detail is the caseworker's own note: shown as written.
        (DeadlineKind.LEGAL, "CBSA interview", "CBSA interview", "CBSA interview"),
        (DeadlineKind.APPEAL, "", "", ""),
    ],
)
def test_it_shows_a_deadlines_agency_in_the_readers_language(kind, detail, english, french):
    deadline = CaseDeadline(kind=kind, due_on=MAY[20], detail=detail)

    with translation.override("en"):
        assert deadline.detail_display == english
    with translation.override("fr"):
        assert deadline.detail_display == french
