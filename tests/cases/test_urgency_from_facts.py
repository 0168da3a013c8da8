"""Urgency and deadlines that follow from the facts of a case's kind (issue 15)."""

import datetime

import pytest

from casework.cases import services
from casework.cases.deadlines import Deadline
from casework.cases.facts import derived_facts
from casework.cases.models import Case, DeadlineKind, Kind, Person, Urgency
from casework.cases.urgency import compute_urgency
from tests.factories import NOW, make_case, removal_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

D = datetime.date
TODAY = NOW.date()


def record(case, actor, **data):
    case = Case.objects.get(pk=case.pk)
    return services.case_facts_update(
        case=case, actor=actor, expected_version=case.version, data=data
    )


@pytest.mark.parametrize(
    ("factors", "urgency"),
    [
        ({}, Urgency.MEDIUM),
        ({"risk_medical": True}, Urgency.HIGH),
        ({"risk_marriage_or_labour": True}, Urgency.HIGH),
        ({"risk_no_caregiver": True}, Urgency.CRITICAL),
        ({"risk_trafficking": True, "risk_medical": True}, Urgency.CRITICAL),
        ({"risk_armed_conflict": True}, Urgency.CRITICAL),
    ],
)
def test_a_separated_childs_risk_factors_set_the_urgency(caseworker, factors, urgency):
    case = make_case(caseworker, kind=Kind.SEPARATED_CHILD)
    case = record(case, caseworker, country="SD", **factors)
    assert case.urgency == urgency
    assert Case.objects.get(pk=case.pk).urgency == urgency


def test_removing_the_risk_factor_lowers_the_urgency_again(caseworker):
    case = make_case(caseworker, kind=Kind.SEPARATED_CHILD)
    case = record(case, caseworker, risk_no_caregiver=True)
    case = record(case, caseworker, risk_no_caregiver=False)
    assert case.urgency == Urgency.MEDIUM


def child(case, actor, born, precision="day"):
    services.person_add(
        case=case, actor=actor, role=Person.Role.EXCLUDED_MEMBER, family_name="Haile",
        given_names="Selam", date_of_birth=born, date_of_birth_precision=precision,
    )  # fmt: skip
    return Case.objects.get(pk=case.pk)


def deadlines(case, kind):
    return list(case.deadlines.filter(kind=kind).values_list("due_on", flat=True))


def test_a_child_ageing_out_gets_a_deadline(caseworker):
    case = child(make_case(caseworker, people=0), caseworker, D(2004, 9, 1), "month")
    assert deadlines(case, DeadlineKind.AGE_OUT) == [D(2026, 9, 1)]
    assert case.next_deadline == D(2026, 9, 1)


def test_an_application_received_in_time_locks_the_age_in_and_clears_the_deadline(caseworker):
    case = child(make_case(caseworker, people=0), caseworker, D(2004, 9, 1))
    record(case, caseworker, sponsor_pr_on=D(2017, 1, 10), applied_on=D(2026, 3, 2))
    assert deadlines(Case.objects.get(pk=case.pk), DeadlineKind.AGE_OUT) == []


def test_a_separated_child_ages_out_at_18(caseworker):
    case = make_case(caseworker, kind=Kind.SEPARATED_CHILD, people=0)
    services.person_add(
        case=case, actor=caseworker, role=Person.Role.CHILD, family_name="Haile",
        date_of_birth=D(2008, 10, 24),
    )  # fmt: skip
    assert deadlines(Case.objects.get(pk=case.pk), DeadlineKind.AGE_OUT) == [D(2026, 10, 24)]


def test_an_age_out_further_than_six_months_is_shown_but_is_not_a_deadline(caseworker):
    case = child(make_case(caseworker, people=0), caseworker, D(2016, 3, 2))
    assert deadlines(case, DeadlineKind.AGE_OUT) == []
    rows = derived_facts(case, None, case.people.all(), today=TODAY)
    assert [(str(row.label), row.value) for row in rows] == [
        ("Selam Haile turns 22 on", D(2038, 3, 2))
    ]


def test_an_eligible_sponsor_who_has_not_applied_gets_the_pilots_end_as_a_deadline(caseworker):
    case = record(make_case(caseworker), caseworker, sponsor_category="resettled_refugee")
    assert deadlines(case, DeadlineKind.PILOT_ENDS) == [D(2026, 9, 9)]
    other = record(make_case(caseworker), caseworker, sponsor_category="other")
    assert deadlines(other, DeadlineKind.PILOT_ENDS) == []
    applied = record(
        make_case(caseworker), caseworker, sponsor_category="resettled_refugee",
        sponsor_pr_on=D(2016, 1, 1), applied_on=D(2026, 1, 5),
    )  # fmt: skip
    assert deadlines(applied, DeadlineKind.PILOT_ENDS) == []


@pytest.mark.parametrize(
    ("kind", "days", "urgency"),
    [
        (DeadlineKind.AGE_OUT, 180, Urgency.MEDIUM),
        (DeadlineKind.AGE_OUT, 200, Urgency.ROUTINE),
        (DeadlineKind.PILOT_ENDS, 90, Urgency.MEDIUM),
        (DeadlineKind.PILOT_ENDS, 91, Urgency.ROUTINE),
    ],
)
def test_an_age_out_or_the_pilots_end_coming_soon_makes_a_case_at_least_medium(
    caseworker, kind, days, urgency
):
    """Any kind of case: a removal without a date and without a minor is routine otherwise."""
    case = make_case(
        caseworker, kind=Kind.REMOVAL_DEFERRAL, removal=removal_fields(removal_at=None)
    )
    found = [Deadline(kind, TODAY + datetime.timedelta(days=days))]
    assert compute_urgency(case, now=NOW, people=[], deadlines=found) == urgency


def test_the_hourly_recomputation_keeps_a_child_in_danger_critical(caseworker):
    case = make_case(caseworker, kind=Kind.SEPARATED_CHILD)
    record(case, caseworker, risk_trafficking=True)
    Case.objects.filter(pk=case.pk).update(urgency=Urgency.ROUTINE)

    assert services.urgency_recompute_all() == 1
    assert Case.objects.get(pk=case.pk).urgency == Urgency.CRITICAL


def test_a_detention_review_is_a_deadline_and_raises_the_urgency_when_near(caseworker):
    case = make_case(caseworker, kind=Kind.DETENTION)
    case = record(case, caseworker, facility="Laval IHC", detained_since=D(2026, 4, 1),
                  last_review_on=D(2026, 4, 12))  # fmt: skip
    # the last review three weeks ago: the next is due within 30 days of it, 12 May
    assert deadlines(case, DeadlineKind.DETENTION_REVIEW) == [D(2026, 5, 12)]
    assert case.urgency == Urgency.ROUTINE
    case = record(case, caseworker, next_review_on=D(2026, 5, 6))  # the hearing set
    assert deadlines(case, DeadlineKind.DETENTION_REVIEW) == [D(2026, 5, 6)]
    assert case.next_deadline == D(2026, 5, 6)
    assert case.urgency == Urgency.HIGH  # a legal deadline within 5 days
