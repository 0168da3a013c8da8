"""/cases/<ref>/shares/: the organisation's administrator shares a case with a named person of
another member organisation, and withdraws the share; both in the history and the audit log."""

import pytest

from casework.audit.models import Action, AuditEntry
from casework.cases import services
from casework.cases.selectors import cases_visible_to
from tests.factories import client_for, make_case

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


@pytest.fixture
def case(caseworker):
    return make_case(caseworker, submitted=True)


def shares(case) -> str:
    return f"/cases/{case.reference}/shares/"


def test_the_admin_shares_a_case_and_the_person_reads_it(org_admin, outsider, case):
    client = client_for(org_admin)
    assert client.get(shares(case)).status_code == 200

    response = client.post(shares(case), {"email": "CHARLIE@example.org"})

    assert (response.status_code, response["Location"]) == (302, shares(case))
    assert case in cases_visible_to(outsider)
    reader = client_for(outsider)
    assert reader.get(f"/cases/{case.reference}/").status_code == 200
    assert reader.get(f"/cases/{case.reference}/edit/").status_code == 403
    assert "Charlie" in page(client.get(shares(case)))
    event = case.events.get(action="case.shared")
    assert (event.actor, event.data["user"]) == (org_admin, "charlie")
    assert "Charlie (Member B)" in page(client.get(f"/cases/{case.reference}/history/"))
    assert AuditEntry.objects.filter(action=Action.CASE_SHARED, case_reference=case.reference)


def test_withdrawing_the_share_removes_the_access(org_admin, outsider, case):
    services.case_share(case=case, actor=org_admin, user=outsider)
    client = client_for(org_admin)

    response = client.post(f"{shares(case)}{outsider.pk}/withdraw/")

    assert response.status_code == 302
    assert case not in cases_visible_to(outsider)
    assert client_for(outsider).get(f"/cases/{case.reference}/").status_code == 404
    assert case.events.filter(action="case.unshared", actor=org_admin).exists()
    assert AuditEntry.objects.filter(action=Action.CASE_UNSHARED, case_reference=case.reference)
    # Withdrawing it again: not a share of the case.
    assert client.post(f"{shares(case)}{outsider.pk}/withdraw/").status_code == 404


@pytest.mark.parametrize(
    ("email", "why"),
    [
        ("nobody@example.org", "No active account"),
        ("cbsa@example.org", "No active account"),  # a government contact
        ("sam@example.org", "No active account"),  # council staff
        ("bob@example.org", "No active account"),  # the organisation's own
        ("not an address", "valid email"),
    ],
)
def test_a_case_is_shared_only_with_another_members_active_account(
    org_admin, colleague, council_staff, cbsa_contact, case, email, why
):
    events = case.events.count()

    response = client_for(org_admin).post(shares(case), {"email": email})

    assert response.status_code == 400
    assert why in page(response)
    assert case.events.count() == events


def test_a_deactivated_account_is_not_offered(org_admin, outsider, case):
    outsider.is_active = False
    outsider.save(update_fields=["is_active"])

    response = client_for(org_admin).post(shares(case), {"email": "charlie@example.org"})

    assert response.status_code == 400
    assert case not in cases_visible_to(outsider)


def test_only_the_cases_organisation_administrator_manages_shares(
    caseworker, outsider, council_staff, case
):
    assert client_for(caseworker).get(shares(case)).status_code == 403
    assert (
        client_for(caseworker).post(shares(case), {"email": "charlie@example.org"}).status_code
        == 403
    )
    assert client_for(outsider).get(shares(case)).status_code == 404
    assert client_for(council_staff).get(shares(case)).status_code == 403
    assert case not in cases_visible_to(outsider)


def test_a_finished_case_is_not_shared_any_more_but_a_share_can_be_withdrawn(
    org_admin, outsider, caseworker, case
):
    services.case_share(case=case, actor=org_admin, user=outsider)
    services.case_withdraw(case=case, actor=caseworker, expected_version=None, comment="Moved.")
    client = client_for(org_admin)

    response = client.get(shares(case))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert client.post(shares(case), {"email": "charlie@example.org"}).status_code == 403
    assert client.post(f"{shares(case)}{outsider.pk}/withdraw/").status_code == 302


def test_the_case_page_links_to_sharing_for_the_administrator_only(org_admin, caseworker, case):
    link = f'href="{shares(case)}"'
    assert link in page(client_for(org_admin).get(f"/cases/{case.reference}/"))
    assert link not in page(client_for(caseworker).get(f"/cases/{case.reference}/"))
