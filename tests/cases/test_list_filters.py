"""The case list filters behind the dashboard's numbers."""

import datetime

import pytest

from casework.cases.models import Kind, Status
from casework.cases.selectors import CaseFilters, case_list
from tests.factories import NOW, act, case_at, client_for, make_case, removal_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def refs(cases) -> set[str]:
    return {case.reference for case in cases}


def removal_in(caseworker, days: float, **fields):
    return make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        submitted=True,
        removal=removal_fields(removal_at=NOW + datetime.timedelta(days=days)),
        **fields,
    )


def test_it_lists_open_cases_whose_removal_is_within_the_days_asked(caseworker, director):
    soon = removal_in(caseworker, 13.9)
    later = removal_in(caseworker, 14.1)
    withdrawn = act(removal_in(caseworker, 2), caseworker, "withdraw", comment="Left Canada.")

    found = refs(case_list(director, CaseFilters(removal_within=14)))

    assert soon.reference in found
    assert later.reference not in found and withdrawn.reference not in found


def test_it_lists_escalations_whose_follow_up_day_has_passed(caseworker, director, time_machine):
    time_machine.move_to(NOW - datetime.timedelta(days=15), tick=False)
    overdue = case_at(Status.ESCALATED, member=caseworker, council=director)
    answered = case_at(Status.RESPONDED, member=caseworker, council=director)
    time_machine.move_to(NOW - datetime.timedelta(days=13), tick=False)
    recent = case_at(Status.ESCALATED, member=caseworker, council=director)
    time_machine.move_to(NOW, tick=False)

    found = refs(case_list(director, CaseFilters(overdue=True)))

    assert found == {overdue.reference}
    assert answered.reference not in found and recent.reference not in found


def test_it_tells_new_submissions_from_answered_information_requests(caseworker, director):
    new = make_case(caseworker, submitted=True)
    answered = case_at(Status.INFO_REQUESTED, member=caseworker, council=director)
    answered = act(answered, caseworker, "resubmit")
    finished = act(make_case(caseworker, submitted=True), caseworker, "withdraw", comment="No.")

    assert refs(case_list(director, CaseFilters(submission="new"))) == {new.reference}
    assert refs(case_list(director, CaseFilters(submission="info_received"))) == {
        answered.reference
    }
    assert refs(case_list(director, CaseFilters(state="finished"))) == {finished.reference}
    assert finished.reference not in refs(case_list(director, CaseFilters(state="open")))


def test_it_ignores_a_bad_filter_value_and_says_so(caseworker):
    make_case(caseworker)

    response = client_for(caseworker).get("/cases/?removal_within=soon&status=draft")

    assert response.status_code == 200
    assert response.context["form"].errors["removal_within"]
    assert response.context["page"].paginator.count == 1  # the valid filter still applies
