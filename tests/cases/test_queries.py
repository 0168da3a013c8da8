"""Query budgets (DESIGN.md "Budgets"): list and detail pages cost a constant number of queries.

The numbers are pinned: a change that adds a query per row, or any query at all, fails here.
Each request is made once before it is counted, so process-wide caches (content types,
guardian's permission lookups) are warm, as they are in a running server.
"""

import datetime

import pytest

from bench.generator import World, bulk_cases
from casework.cases import services
from casework.cases.models import Kind, Status
from tests.factories import (
    NOW,
    PersonFields,
    act,
    case_at,
    client_for,
    make_case,
    removal_fields,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# Permissions come from the account's role (casework.accounts.models.ROLE_PERMISSIONS): reading
# them costs no query.

# session, user with membership, count, one page of cases, the user's saved filters
LIST_QUERIES_MEMBER = 5
# The same for the council: the organisation filter's choices and the colleagues of the bulk
# action's "assign to" come from the cache (accounts.selectors.member_organisation_choices,
# staff_choices)
LIST_QUERIES_COUNCIL = 5
# A draft seen by its caseworker: session, user, the case, 2 "has people" checks (submit
# condition, submission problems), and one query each for deadlines, people, government files,
# consents, documents, notes and history, and one for the facts of the case's kind (whether
# recorded or not); the view is recorded in the audit log with one INSERT
# (casework.audit), deliberately, and the messages so far marked read with one upsert; the
# user's own reminders on the case. The forms that add records have pages of their own.
DETAIL_QUERIES_MEMBER = 16
# A submitted case seen by the council: session, user, the case (with its briefing count and
# whether it has possible duplicates or links: cases_for_case_page), deadlines, people,
# government files, consents, documents, the facts of its kind, notes, history, the audit
# INSERT, the read-marker upsert and the user's own reminders (the assignee choices come from
# the cache: accounts.selectors.staff_choices).
DETAIL_QUERIES_COUNCIL = 14
# ...and for a case with open possible duplicates and links, one query each for them.
DETAIL_QUERIES_COUNCIL_DUPLICATES = DETAIL_QUERIES_COUNCIL + 2


# The "due soon" page, for a member and for the council alike: session, user with membership,
# the count, and one page of deadlines with their cases and organisations (select_related).
# Visibility is a subquery of both.
DUE_QUERIES = 4

# The task inbox: session, user with membership, both sections' totals (one query), the user's
# own tasks and the queued tasks that ask for a permission the user holds, each read with its
# case in one join (flows.selectors.section_tasks). The council's inbox read the queued tasks'
# cases in a query of their own before (6).
INBOX_QUERIES_MEMBER = 5
INBOX_QUERIES_COUNCIL = 5


def make_cases(caseworker, colleague, director, count: int, seed: int) -> None:
    """`count` cases of every kind and state for organisation A, written in bulk."""
    world = World(
        council_staff=[director], members=[(caseworker.organisation, [caseworker, colleague])]
    )
    bulk_cases(world, count, seed=seed)


def queries_for(client, path: str, django_assert_num_queries, expected: int) -> None:
    assert client.get(path).status_code == 200  # warm up
    with django_assert_num_queries(expected):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("caseworker", LIST_QUERIES_MEMBER), ("director", LIST_QUERIES_COUNCIL)],
)
def test_it_lists_10_or_1000_cases_in_the_same_number_of_queries(
    request, caseworker, colleague, director, django_assert_num_queries, persona, expected
):
    client = client_for(request.getfixturevalue(persona))

    make_cases(caseworker, colleague, director, 10, seed=5)
    queries_for(client, "/cases/", django_assert_num_queries, expected)
    listed = len(client.get("/cases/").context["page"])
    assert 0 < listed <= 10

    make_cases(caseworker, colleague, director, 990, seed=2)
    queries_for(client, "/cases/", django_assert_num_queries, expected)
    queries_for(client, "/cases/?page=3&status=closed", django_assert_num_queries, expected)
    queries_for(
        client, "/cases/?q=Haddad&kind=removal_deferral", django_assert_num_queries, expected
    )
    # The dashboard's filters are conditions of the same query, not queries of their own.
    dashboard_filters = "/cases/?state=open&submission=new"
    queries_for(client, dashboard_filters, django_assert_num_queries, expected)
    assert client.get(dashboard_filters).context["page"], "an empty page would skip a query"
    assert len(client.get("/cases/").context["page"]) == 25


def give_each_a_task(caseworker, director) -> None:
    """Through the services: a review for the director, information to give for the caseworker."""
    for name in ("request_info", None):
        case = case_at(Status.SUBMITTED, member=caseworker, council=director)
        services.case_assign(case=case, actor=director, assignee=director)
        case = act(case, director, "start_review")
        if name:
            act(case, director, name, comment="Add the birth certificate.")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("caseworker", INBOX_QUERIES_MEMBER), ("director", INBOX_QUERIES_COUNCIL)],
)
def test_it_shows_the_task_inbox_for_10_or_1000_cases_in_the_same_number_of_queries(
    request, caseworker, colleague, director, django_assert_num_queries, persona, expected
):
    client = client_for(request.getfixturevalue(persona))

    make_cases(caseworker, colleague, director, 10, seed=1)
    give_each_a_task(caseworker, director)
    assert client.get("/tasks/").status_code == 200
    with django_assert_num_queries(expected):
        client.get("/tasks/")

    make_cases(caseworker, colleague, director, 990, seed=2)
    assert client.get("/tasks/").status_code == 200
    with django_assert_num_queries(expected):
        response = client.get("/tasks/")
    assert response.status_code == 200
    assert response.context["mine"]


SOME_FACTS = {
    Kind.FAMILY_REUNIFICATION: {
        "sponsor_category": "protected_person",
        "examined": "no",
        "visa_office": "Nairobi",
    },
    Kind.REMOVAL_DEFERRAL: {"counsel_name": "Me Tremblay", "hc_filed_on": "2026-01-15"},
}


def enrich(case, actor) -> None:
    """Give a case several of everything the detail page lists, and its facts."""
    services.case_facts_update(
        case=case, actor=actor, expected_version=None, data=SOME_FACTS[case.kind]
    )
    for _ in range(4):
        person = services.person_add(case=case, actor=actor, **PersonFields())
        services.government_file_add(
            case=case, actor=actor, agency="IRCC", kind="hc", number="F123456789", person=person
        )
        services.consent_add(
            case=case,
            actor=actor,
            person=person,
            signed_by="self",
            signed_on=person.created_at.date(),
        )
        services.document_add(case=case, actor=actor, kind="identity", upload=upload())
        services.note_add(case=case, actor=actor, body="Called the client.", internal=False)


def test_it_shows_a_draft_in_the_same_number_of_queries_however_full(
    caseworker, django_assert_num_queries
):
    client = client_for(caseworker)
    bare = make_case(caseworker)
    full = make_case(caseworker)
    enrich(full, caseworker)

    queries_for(
        client, f"/cases/{bare.reference}/", django_assert_num_queries, DETAIL_QUERIES_MEMBER
    )
    queries_for(
        client, f"/cases/{full.reference}/", django_assert_num_queries, DETAIL_QUERIES_MEMBER
    )


def test_it_shows_a_submitted_case_to_the_council_in_the_same_number_of_queries(
    caseworker, director, django_assert_num_queries
):
    client = client_for(director)
    bare = make_case(caseworker, submitted=True)
    full = make_case(caseworker)
    enrich(full, caseworker)
    full = services.case_submit(case=full, actor=caseworker, expected_version=None)
    services.note_add(case=full, actor=director, body="Strong file.", internal=True)

    queries_for(
        client, f"/cases/{bare.reference}/", django_assert_num_queries, DETAIL_QUERIES_COUNCIL
    )
    queries_for(
        client, f"/cases/{full.reference}/", django_assert_num_queries, DETAIL_QUERIES_COUNCIL
    )


def make_due_cases(caseworker, colleague, count: int) -> None:
    """Cases with a removal in 5 days (one deadline) or a deadline tomorrow."""
    for n in range(count):
        make_case(
            caseworker if n % 2 else colleague,
            submitted=True,
            kind=Kind.REMOVAL_DEFERRAL if n % 3 else Kind.FAMILY_REUNIFICATION,
            removal=removal_fields(removal_at=NOW + datetime.timedelta(days=5)) if n % 3 else None,
            deadline=None if n % 3 else NOW.date() + datetime.timedelta(days=1),
        )


@pytest.mark.parametrize("persona", ["caseworker", "director"])
def test_it_lists_3_or_30_deadlines_due_in_the_same_number_of_queries(
    request, caseworker, colleague, django_assert_num_queries, persona
):
    expected = DUE_QUERIES
    client = client_for(request.getfixturevalue(persona))

    make_due_cases(caseworker, colleague, 3)
    queries_for(client, "/cases/due/", django_assert_num_queries, expected)
    assert len(client.get("/cases/due/").context["page"]) == 3

    make_due_cases(caseworker, colleague, 27)
    queries_for(client, "/cases/due/", django_assert_num_queries, expected)
    queries_for(client, "/cases/due/?page=2", django_assert_num_queries, expected)
    assert len(client.get("/cases/due/").context["page"]) == 25
