"""Two council staff posting the same transition on one case at the same instant.

Each request runs in its own thread with its own database connection, as two gunicorn workers
or two threads of `bin/serve` would. Whatever the database (this file runs in both passes of
.ci/run): one request moves the case, the other waits for it and gets the 409 page saying
someone else changed the case; never a 500, and the history has one event.
"""

import threading

import pytest
from django.db import connections
from django.test import Client

from casework.cases.models import Case, Status
from tests.factories import case_at

pytestmark = pytest.mark.django_db(transaction=True)

TRIALS = 20


def _post_at_once(users, url: str, data: dict) -> list:
    """POST `data` to `url` as each user, all released at the same instant."""
    clients = []
    for user in users:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    start = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def post(index: int) -> None:
        try:
            start.wait()
            responses[index] = clients[index].post(url, data)
        finally:
            # The thread's own connection: left open, it would outlive the test.
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def test_it_lets_one_of_two_simultaneous_transitions_through(caseworker, director, council_staff):
    outcomes = []
    for _trial in range(TRIALS):
        case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
        url = f"/cases/{case.reference}/transition/accept/"

        responses = _post_at_once(
            [director, council_staff], url, {"accept-version": case.version, "accept-comment": ""}
        )

        codes = sorted(response.status_code for response in responses)
        outcomes.append(codes)
        assert codes == [302, 409], codes
        [refused] = [response for response in responses if response.status_code == 409]
        assert "Someone else changed case" in refused.content.decode()
        case = Case.objects.get(pk=case.pk)
        assert case.status == Status.ACCEPTED
        assert case.events.filter(to_status=Status.ACCEPTED).count() == 1
    assert outcomes == [[302, 409]] * TRIALS


def test_two_people_taking_one_case_at_once_one_takes_it_the_other_is_told(
    caseworker, director, council_staff
):
    """Take (assign and start the review) from Today or the inbox: the second is refused with
    a message naming who took it, nothing overwritten, one review started."""
    for _trial in range(5):
        case = case_at(Status.SUBMITTED, member=caseworker, council=director)

        responses = _post_at_once([director, council_staff], f"/cases/{case.reference}/take/", {})

        assert sorted(response.status_code for response in responses) == [302, 302]
        case = Case.objects.get(pk=case.pk)
        assert case.status == Status.IN_REVIEW
        assert case.assigned_to in (director, council_staff)
        assert case.events.filter(action="case.start_review").count() == 1
        refused = [r for r in responses if r["Location"] != case.get_absolute_url()]
        assert len(refused) == 1, [r["Location"] for r in responses]
