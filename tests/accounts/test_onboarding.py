"""A member on board without a developer: the issue's walk, through the pages only.

The council approves an organisation's application and so invites its administrator; she
accepts, signs in and invites a caseworker; he accepts, signs in, and submits a case.
"""

import pytest
from django.core import mail

from casework.accounts.models import Invitation, Organisation, Role, User
from casework.audit.models import Action, AuditEntry
from casework.cases.models import Case, Status

from .helpers import acceptance, application, last_invitation_link, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_a_new_member_organisation_comes_on_board_and_submits_a_case(anonymous, director):
    # The organisation applies through the public form.
    response = anonymous.post("/accounts/organisations/apply/", application())
    assert response.status_code == 200
    assert "Application received" in response.content.decode()
    organisation = Organisation.objects.get(name="Saskatoon Newcomer Legal Aid")
    assert organisation.status == Organisation.Status.PENDING

    # The council approves it, which invites the contact person as its administrator.
    council = signed_in("director")
    approve = f"/accounts/organisations/{organisation.pk}/approve/"
    form = council.get(approve).context["form"]
    assert form.initial["admin_email"] == "nadia@example.org"
    response = council.post(
        approve, {"admin_email": "nadia@example.org", "admin_language": "en", "reason": ""}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ACTIVE
    [invitation_email] = mail.outbox
    assert invitation_email.to == ["nadia@example.org"]
    assert invitation_email.subject == "[Casework] Your invitation to Casework"

    # She accepts, then signs in.
    visitor = anonymous
    link = last_invitation_link()
    page = visitor.get(link).content.decode()
    assert "Saskatoon Newcomer Legal Aid" in page and "Organisation administrator" in page
    response = visitor.post(link, acceptance("nadia", first_name="Nadia", last_name="Okafor"))
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    nadia = User.objects.get(username="nadia")
    assert (nadia.organisation, nadia.role, nadia.email) == (
        organisation,
        Role.ORG_ADMIN,
        "nadia@example.org",
    )
    admin = signed_in("nadia")

    # Her organisation's page is hers; she invites a caseworker.
    page = admin.get(f"/accounts/organisations/{organisation.pk}/").content.decode()
    assert "Nadia Okafor" in page
    response = admin.post(
        f"/accounts/organisations/{organisation.pk}/invite/",
        {"email": "omar@example.org", "role": Role.CASEWORKER, "language": "fr"},
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["omar@example.org"]
    assert mail.outbox[-1].subject == "[Casework] Votre invitation à Casework"

    # He accepts, signs in, and submits a case.
    link = last_invitation_link()
    assert anonymous.post(link, acceptance("omar", language="fr")).status_code == 302
    caseworker = signed_in("omar")
    response = caseworker.post(
        "/cases/new/",
        {
            "kind": "family_reunification",
            "summary": "Father in Saskatoon, three children in Kampala.",
            "correspondence_language": "en",
        },
    )
    case = Case.objects.get(organisation=organisation)
    assert response["Location"] == f"/cases/{case.reference}/"
    caseworker.post(
        f"/cases/{case.reference}/people/",
        {
            "person-role": "child",
            "person-family_name": "Mugisha",
            "person-given_names": "Grace",
            "person-date_of_birth": "2016-03-02",
            "person-date_of_birth_precision": "day",
        },
    )
    case.refresh_from_db()
    response = caseworker.post(
        f"/cases/{case.reference}/transition/submit/", {"submit-version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert case.created_by.username == "omar"

    # Each step is on the record.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        Action.ORGANISATION_APPLIED,
        Action.ORGANISATION_APPROVED,
        Action.INVITATION_SENT,
        Action.INVITATION_ACCEPTED,
    } <= actions
    assert Invitation.objects.filter(accepted_at__isnull=False).count() == 2
