"""Assigning a case to council staff."""

import pytest

from casework.cases.models import Case
from tests.factories import client_for, make_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_it_assigns_a_case(caseworker, director):
    case = make_case(caseworker, submitted=True)
    response = client_for(director).post(
        f"/cases/{case.reference}/assign/", {"assign-assignee": director.pk}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).assigned_to == director


def test_it_forbids_a_caseworker_to_assign(caseworker, director):
    case = make_case(caseworker, submitted=True)
    response = client_for(caseworker).post(
        f"/cases/{case.reference}/assign/", {"assign-assignee": director.pk}
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).assigned_to is None
