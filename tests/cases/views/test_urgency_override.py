"""Setting the urgency by hand, with a reason."""

import pytest

from casework.cases.models import Urgency
from tests.factories import client_for, make_case, snapshot

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_it_overrides_the_urgency_with_a_reason(caseworker, director):
    case = make_case(caseworker, submitted=True)
    response = client_for(director).post(
        f"/cases/{case.reference}/urgency/",
        {"urgency-urgency": Urgency.CRITICAL, "urgency-reason": "Child hospitalised."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.urgency, case.urgency_override_reason) == (Urgency.CRITICAL, "Child hospitalised.")


def test_it_refuses_an_urgency_override_without_a_reason(caseworker, director):
    case = make_case(caseworker, submitted=True)
    before = snapshot(case)
    response = client_for(director).post(
        f"/cases/{case.reference}/urgency/", {"urgency-urgency": Urgency.CRITICAL}
    )
    assert response.status_code == 400
    assert "Give a reason for overriding the computed urgency." in page(response)
    assert snapshot(case) == before
