"""Bulk actions on the case list: council staff take or assign the cases they tick; each case
is asked on its own whether it may be changed; a member may not act in bulk at all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.cases.models import Case, Status
from tests.factories import case_at, client_for, make_case, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def post(client, cases, action="take", assignee="", **extra):
    return client.post(
        "/cases/bulk/",
        {"bulk-cases": [case.pk for case in cases], "bulk-action": action,
         "bulk-assignee": assignee, **extra},
        follow=True,
    )  # fmt: skip


def test_it_takes_the_ticked_cases(caseworker, director):
    new = make_case(caseworker, submitted=True)
    in_review = case_at(Status.IN_REVIEW, member=caseworker, council=director)

    response = post(client_for(director), [new, in_review])

    assert response.status_code == 200
    new.refresh_from_db()
    in_review.refresh_from_db()
    # a new submission taken is in review at once; the other is simply the director's
    assert (new.status, new.assigned_to) == (Status.IN_REVIEW, director)
    assert in_review.assigned_to == director
    assert "Done for 2 case(s)" in response.content.decode()


def test_it_assigns_the_ticked_cases_to_a_colleague(caseworker, director, council_staff):
    cases = [make_case(caseworker, submitted=True) for _ in range(3)]

    post(client_for(director), cases, action="assign", assignee=council_staff.pk)

    assert {Case.objects.get(pk=c.pk).assigned_to for c in cases} == {council_staff}
    # assigned, not taken: still waiting for triage
    assert {Case.objects.get(pk=c.pk).status for c in cases} == {Status.SUBMITTED}


def test_a_case_that_may_not_be_changed_is_reported_and_left_alone(caseworker, director):
    open_case = make_case(caseworker, submitted=True)
    closed = case_at(Status.CLOSED, member=caseworker, council=director)
    before = snapshot(closed)

    response = post(client_for(director), [open_case, closed])

    assert snapshot(closed) == before
    page = response.content.decode()
    assert f"Case {closed.reference} was not changed" in page
    assert Case.objects.get(pk=open_case.pk).assigned_to == director


def test_cases_the_user_may_not_see_are_ignored(caseworker, director):
    draft = make_case(caseworker)  # drafts are the organisation's own
    before = snapshot(draft)

    response = post(client_for(director), [draft])

    assert snapshot(draft) == before
    assert "1 selected case(s) could not be found" in response.content.decode()
    assert draft.reference not in response.content.decode()


def test_a_member_may_not_act_in_bulk(caseworker, colleague):
    case = make_case(caseworker, submitted=True)
    before = snapshot(case)
    response = client_for(colleague).post(
        "/cases/bulk/", {"bulk-cases": [case.pk], "bulk-action": "take"}
    )
    assert response.status_code == 403
    assert snapshot(case) == before


def test_nothing_ticked_is_a_clear_message(director):
    response = post(client_for(director), [])
    assert "Tick at least one case." in response.content.decode()


def test_a_get_is_refused(director):
    assert client_for(director).get("/cases/bulk/").status_code == 405


def test_only_council_staff_see_the_checkboxes(caseworker, director):
    make_case(caseworker, submitted=True)
    assert 'name="bulk-cases"' in client_for(director).get("/cases/").content.decode()
    assert 'name="bulk-cases"' not in client_for(caseworker).get("/cases/").content.decode()


def test_the_cost_of_a_bulk_action_grows_by_the_same_queries_per_case(
    caseworker, director, council_staff
):
    """No query per case for reading them: one to fetch the ticked cases, then each case's own
    write (lock, save, deadlines, history), the same for each."""
    client = client_for(director)

    def queries(count: int) -> int:
        cases = [make_case(caseworker, submitted=True) for _ in range(count)]
        with CaptureQueriesContext(connection) as captured:
            client.post(
                "/cases/bulk/",
                {"bulk-cases": [c.pk for c in cases], "bulk-action": "assign",
                 "bulk-assignee": council_staff.pk},
            )  # fmt: skip
        return len(captured)

    queries(1)  # warm the process-wide caches
    one, two, four = queries(1), queries(2), queries(4)
    assert four - two == 2 * (two - one)


def test_taking_never_takes_a_case_from_a_colleague(caseworker, director, council_staff):
    held = case_at(Status.IN_REVIEW, member=caseworker, council=council_staff)
    before = snapshot(held)

    response = post(client_for(director), [held])

    assert snapshot(held) == before
    assert Case.objects.get(pk=held.pk).assigned_to == council_staff
    assert f"took case {held.reference} first" in response.content.decode()
