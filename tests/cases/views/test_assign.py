"""Assigning a case to council staff."""

import re

import pytest

from casework.accounts import services
from casework.accounts.models import Membership, Role
from casework.accounts.services import user_create
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


def assignable(client, case) -> str:
    """The options of the case page's "assign to" select."""
    html = client.get(f"/cases/{case.reference}/").content.decode()
    return re.search(r'<select name="assign-assignee"[^>]*>(.*?)</select>', html, re.S).group(1)


def test_the_assign_to_choices_follow_the_staff_at_once(caseworker, director, council_staff):
    """The choices are kept for a minute (accounts.selectors.staff_choices), but a renamed,
    deactivated or new colleague shows in them on the next page."""
    case = make_case(caseworker, submitted=True)
    client = client_for(director)
    assert ">Sam<" in assignable(client, case)

    council_staff.first_name, council_staff.last_name = "Samira", "Haddad"
    council_staff.save()
    assert ">Samira Haddad<" in assignable(client, case)

    services.member_deactivate(actor=director, member=council_staff)
    assert "Samira" not in assignable(client, case)

    newcomer = user_create(
        username="noor", password="x" * 20, organisation=director.organisation,
        role=Role.COUNCIL_STAFF, first_name="Noor", email="noor@example.org",
    )  # fmt: skip
    assert f'<option value="{newcomer.pk}">Noor</option>' in assignable(client, case)


def test_an_account_no_longer_staff_is_refused_even_while_still_offered(
    caseworker, director, council_staff
):
    case = make_case(caseworker, submitted=True)
    client = client_for(director)
    assert ">Sam<" in assignable(client, case)
    # Changed behind the services' back: the kept choices still offer the account...
    Membership.objects.filter(user=council_staff).update(role=Role.CASEWORKER)
    assert ">Sam<" in assignable(client, case)

    # ...but the form checks the choice against the database.
    response = client.post(
        f"/cases/{case.reference}/assign/", {"assign-assignee": council_staff.pk}
    )
    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).assigned_to is None
