"""Query budgets of the API's list and detail endpoints: constant however many cases.

Pinned like the pages' (tests/cases/test_queries.py). Each request is made once before it is
counted, so process-wide caches are warm and the token's last-used time (kept to the minute;
the clock stands still here) is already written.
"""

import pytest

from casework.cases import services
from casework.cases.models import Kind
from tests.cases.test_queries import enrich, make_cases
from tests.factories import make_case

from .helpers import api_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# The token with its user, membership and organisation; one page of cases with their
# organisation and assignee (visibility a subquery of it). No count: cursor pages need none.
LIST_QUERIES = 2
# The token; the case; the audit INSERT; its removal (a removal case); for a draft, the
# "has people" check of the submit transition's condition.
DETAIL_QUERIES_MEMBER = 5
DETAIL_QUERIES_COUNCIL = 4


def count(client, url: str, django_assert_num_queries, expected: int):
    assert client.get(url).status_code == 200  # warm up
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("persona", ["caseworker", "director"])
def test_it_lists_10_or_1000_cases_in_the_same_number_of_queries(
    request, caseworker, colleague, director, django_assert_num_queries, persona
):
    client = api_client(request.getfixturevalue(persona))
    make_cases(caseworker, colleague, director, 10, seed=5)
    page = count(client, "/api/v1/cases/", django_assert_num_queries, LIST_QUERIES)
    assert 0 < len(page["results"]) <= 10

    make_cases(caseworker, colleague, director, 990, seed=2)
    page = count(client, "/api/v1/cases/", django_assert_num_queries, LIST_QUERIES)
    assert len(page["results"]) == 25
    count(client, page["next"], django_assert_num_queries, LIST_QUERIES)
    count(client, "/api/v1/cases/?q=Haddad&kind=removal_deferral", django_assert_num_queries,
          LIST_QUERIES)  # fmt: skip
    count(client, "/api/v1/cases/?state=open&submission=new", django_assert_num_queries,
          LIST_QUERIES)  # fmt: skip


def test_it_shows_a_case_in_the_same_number_of_queries_however_full(
    caseworker, director, django_assert_num_queries
):
    member, council = api_client(caseworker), api_client(director)
    bare = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL)
    full = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL)
    enrich(full, caseworker)
    for case in (bare, full):
        count(member, f"/api/v1/cases/{case.reference}/", django_assert_num_queries,
              DETAIL_QUERIES_MEMBER)  # fmt: skip
    for case in (bare, full):
        services.case_submit(case=case, actor=caseworker, expected_version=None)
        count(council, f"/api/v1/cases/{case.reference}/", django_assert_num_queries,
              DETAIL_QUERIES_COUNCIL)  # fmt: skip
