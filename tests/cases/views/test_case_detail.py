"""The case page."""

import datetime
import re

import pytest

from casework.cases import services
from casework.cases.models import Kind, Status
from tests.factories import NOW, advance, case_at, client_for, make_case, removal_fields

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# The detail page


def test_it_shows_the_detail_with_the_actions_the_user_may_take(caseworker, director, draft):
    response = client_for(caseworker).get(f"/cases/{draft.reference}/")
    assert response.status_code == 200
    # A draft is deleted, not withdrawn: the page offers "Delete the draft" instead.
    assert [transition.name for transition in response.context["transitions"]] == ["submit"]
    assert response.context["can_delete_draft"]
    assert draft.people.first().family_name in page(response)

    case = advance(draft, Status.IN_REVIEW, member=caseworker, council=director)
    response = client_for(director).get(f"/cases/{case.reference}/")
    assert [transition.name for transition in response.context["transitions"]] == [
        "request_info",
        "accept",
        "decline",
        "withdraw",
    ]
    response = client_for(caseworker).get(f"/cases/{case.reference}/")
    assert [transition.name for transition in response.context["transitions"]] == ["withdraw"]
    assert not response.context["can_edit"]


def test_it_shows_the_history_of_transitions(caseworker, director):
    case = case_at(Status.INFO_REQUESTED, member=caseworker, council=director)
    response = client_for(caseworker).get(f"/cases/{case.reference}/")
    assert "Add the birth certificate." in page(response)
    assert [(e.from_status, e.to_status) for e in response.context["events"] if e.to_status] == [
        (Status.IN_REVIEW, Status.INFO_REQUESTED),
        (Status.SUBMITTED, Status.IN_REVIEW),
        (Status.DRAFT, Status.SUBMITTED),
    ]


# Deadlines: on the case page, on the list, and the "due soon" page


def test_it_shows_the_deadlines_of_a_case_with_where_each_stands(caseworker, director):
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        deadline=datetime.date(2026, 5, 1),
        deadline_note="Stay motion record",
        removal=removal_fields(
            removal_at=NOW + datetime.timedelta(hours=40, minutes=10),
            prra_notified_on=datetime.date(2026, 4, 24),
            prra_notice_mode="mail",
        ),
    )
    services.government_file_add(
        case=case,
        actor=caseworker,
        agency="IRCC",
        kind="prra",
        number="E000123456",
        submitted_on=datetime.date(2026, 4, 30),
    )
    text = page(client_for(caseworker).get(f"/cases/{case.reference}/"))

    deadlines = text[text.index('id="deadlines-heading"') : text.index('id="removal-heading"')]
    assert [
        line.strip() for line in re.findall(r'class="deadline-state[^"]*">([^<]+)<', deadlines)
    ] == [
        "Overdue by 3 days",  # the manual deadline, 1 May
        "Due in 40 hours",  # the removal
        "Met",  # the PRRA, mailed 24 April: due 18 May, applied for on 30 April
    ]
    assert "Stay motion record" in deadlines
    assert "18 May 2026" in deadlines
    assert "PRRA notice" in text and "24 Apr 2026 (by mail)" in text
