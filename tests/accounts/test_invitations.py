"""Invitations: a single-use link that expires, can be revoked and resent; nobody invites above
their own role or into an organisation they do not look after."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from casework.accounts import rules, services
from casework.accounts.models import Invitation, Role, User
from casework.audit.models import Action, AuditEntry
from tests.factories import client_for

from .helpers import acceptance, invitation_link, last_invitation_link

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def invite(actor, organisation, role=Role.CASEWORKER, email="new@example.org", language="en"):
    """Invite through the page, as the actor would; returns the response."""
    return client_for(actor).post(
        f"/accounts/organisations/{organisation.pk}/invite/",
        {"email": email, "role": role, "language": language},
    )


def test_an_org_admin_invites_a_caseworker_by_a_link_that_holds_nothing_but_a_token(
    org_admin, org_a
):
    response = invite(org_admin, org_a)

    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/organisations/{org_a.pk}/",
    )
    [message] = mail.outbox
    link = invitation_link(message)
    token = link.split("/")[-2]
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.organisation) == (
        "new@example.org",
        Role.CASEWORKER,
        org_a,
    )
    # Only a keyed hash of the token is stored; the link carries no address, name or id.
    assert invitation.token_hash == Invitation.hash_token(token) != token
    assert re.fullmatch(r"/accounts/join/[\w-]{43}/", link)
    assert "Member A" in message.body and "Caseworker" in message.body
    assert message.subject == "[Casework] Your invitation to Casework"
    # It works for seven days (CASEWORK["INVITATION_DAYS"]).
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)


def test_the_invitation_e_mail_is_in_the_language_chosen_for_it(org_admin, org_a):
    invite(org_admin, org_a, language="fr")

    [message] = mail.outbox
    assert message.subject == "[Casework] Votre invitation à Casework"
    assert "Intervenant" in message.body or "Intervenante" in message.body


def test_accepting_sets_name_password_language_time_zone_and_telephone(anonymous, org_admin, org_a):
    invite(org_admin, org_a)
    link = last_invitation_link()

    response = anonymous.post(
        link,
        acceptance(
            "noor",
            first_name="Noor",
            last_name="Haddad",
            language="fr",
            time_zone="America/Vancouver",
            telephone="604-555-0123",
        ),
    )

    assert response.status_code == 302
    noor = User.objects.get(username="noor")
    assert (noor.display_name, noor.language, noor.time_zone, noor.telephone) == (
        "Noor Haddad",
        "fr",
        "America/Vancouver",
        "604-555-0123",
    )
    assert (noor.organisation, noor.role, noor.email) == (org_a, Role.CASEWORKER, "new@example.org")
    assert client_for(noor).get("/cases/").status_code == 200


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"password": "password1234", "password_again": "password1234"}, "password", "common"),
        ({"password": "Short-pw-1", "password_again": "Short-pw-1"}, "password", "too short"),
        ({"password_again": "something else entirely"}, "password_again", "differ"),
        ({"username": "alice"}, "username", "taken"),
        ({"username": "no spaces please"}, "username", "valid username"),
        ({"telephone": "call me"}, "telephone", "telephone"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_opens_nothing(
    anonymous, caseworker, org_admin, org_a, fields, field, message
):
    invite(org_admin, org_a)
    link = last_invitation_link()
    accounts = User.objects.count()

    response = anonymous.post(link, acceptance("noor") | fields)

    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors.lower()
    assert User.objects.count() == accounts
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize(
    ("make_unusable", "status", "message"),
    [
        ("expired", 410, "This invitation expired on"),
        ("revoked", 410, "This invitation was withdrawn"),
        ("used", 410, "This invitation was used already"),
        ("unknown", 404, "This invitation link is not valid"),
    ],
)
def test_an_expired_revoked_reused_or_unknown_invitation_is_refused_with_a_clear_message(
    anonymous, org_admin, org_a, time_machine, make_unusable, status, message
):
    invite(org_admin, org_a)
    link = last_invitation_link()
    invitation = Invitation.objects.get()
    if make_unusable == "expired":
        time_machine.shift(datetime.timedelta(days=7, minutes=1))
    elif make_unusable == "revoked":
        services.invitation_revoke(actor=org_admin, invitation=invitation)
    elif make_unusable == "used":
        assert anonymous.post(link, acceptance("noor")).status_code == 302
    else:
        link = link[:-5] + "xxxx/"
    accounts = User.objects.count()

    for response in (anonymous.get(link), anonymous.post(link, acceptance("zoe"))):
        assert response.status_code == status
        assert message in response.content.decode()
    assert User.objects.count() == accounts
    assert AuditEntry.objects.filter(action=Action.INVITATION_REFUSED).count() == 2


def test_resending_makes_a_new_link_and_the_old_one_stops_working(anonymous, org_admin, org_a):
    invite(org_admin, org_a)
    old = last_invitation_link()
    invitation = Invitation.objects.get()

    response = client_for(org_admin).post(f"/accounts/invitations/{invitation.pk}/resend/")

    assert response.status_code == 302
    new = last_invitation_link()
    assert new != old
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200
    assert AuditEntry.objects.filter(action=Action.INVITATION_RESENT).exists()


def test_revoking_from_the_page_withdraws_the_link(anonymous, org_admin, org_a):
    invite(org_admin, org_a)
    link = last_invitation_link()
    invitation = Invitation.objects.get()

    client_for(org_admin).post(f"/accounts/invitations/{invitation.pk}/revoke/")

    assert anonymous.get(link).status_code == 410
    assert AuditEntry.objects.filter(action=Action.INVITATION_REVOKED).exists()
    # The organisation's page no longer lists it.
    page = client_for(org_admin).get(f"/accounts/organisations/{org_a.pk}/").content.decode()
    assert "new@example.org" not in page


def test_an_address_already_invited_or_with_an_account_is_refused(org_admin, org_a, colleague):
    invite(org_admin, org_a)

    again = invite(org_admin, org_a)
    existing = invite(org_admin, org_a, email=colleague.email.upper())

    assert "already open" in again.content.decode()
    assert "already has an account" in existing.content.decode()
    assert (again.status_code, existing.status_code) == (400, 400)
    assert Invitation.objects.count() == 1


def test_an_org_admin_cannot_invite_council_staff_nor_into_another_organisation(
    org_admin, org_a, org_b, council
):
    assert rules.roles_to_invite(org_admin, org_a) == [Role.CASEWORKER, Role.ORG_ADMIN]
    assert not rules.can_invite(org_admin, org_a, Role.COUNCIL_STAFF)
    assert rules.roles_to_invite(org_admin, council) == []

    # The page offers no such role, and refuses one sent anyway.
    refused = invite(org_admin, org_a, role=Role.COUNCIL_STAFF)
    assert refused.status_code == 400
    assert "role" in refused.context["form"].errors
    # Another organisation, and the council: they do not exist for her.
    assert invite(org_admin, org_b).status_code == 404
    assert invite(org_admin, council, role=Role.COUNCIL_STAFF).status_code == 404
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=org_admin,
            organisation=org_a,
            role=Role.POLICY_DIRECTOR,
            email="x@example.org",
            language="en",
        )
    assert not Invitation.objects.exists()


def test_a_caseworker_and_a_government_contact_invite_nobody(caseworker, cbsa_contact, org_a, cbsa):
    assert invite(caseworker, org_a).status_code == 404
    assert invite(cbsa_contact, cbsa, role=Role.GOVERNMENT_CONTACT).status_code == 404
    assert rules.roles_to_invite(caseworker, org_a) == []


def test_council_staff_invite_colleagues_government_contacts_and_member_administrators(
    council_staff, director, council, cbsa, org_a
):
    # Not above their own role: staff invite staff, the director may invite a director.
    assert rules.roles_to_invite(council_staff, council) == [Role.COUNCIL_STAFF]
    assert rules.roles_to_invite(director, council) == [Role.COUNCIL_STAFF, Role.POLICY_DIRECTOR]
    assert rules.roles_to_invite(council_staff, cbsa) == [Role.GOVERNMENT_CONTACT]
    assert Role.ORG_ADMIN in rules.roles_to_invite(council_staff, org_a)

    response = invite(
        council_staff, cbsa, role=Role.GOVERNMENT_CONTACT, email="liaison@cbsa.example"
    )

    assert response.status_code == 302
    assert Invitation.objects.get().role == Role.GOVERNMENT_CONTACT


def test_nobody_is_invited_into_a_pending_or_suspended_organisation(director, org_a):
    services.organisation_suspend(organisation=org_a, actor=director, reason="Dues unpaid.")
    org_a.refresh_from_db()

    assert rules.roles_to_invite(director, org_a) == []
    assert invite(director, org_a, role=Role.ORG_ADMIN).status_code == 403


def test_an_org_admin_cannot_resend_or_revoke_another_organisations_invitation(
    org_admin, director, org_b
):
    invitation, _token = services.invitation_create(
        actor=director,
        organisation=org_b,
        role=Role.ORG_ADMIN,
        email="b@example.org",
        language="en",
    )
    client = client_for(org_admin)

    assert client.post(f"/accounts/invitations/{invitation.pk}/resend/").status_code == 404
    assert client.post(f"/accounts/invitations/{invitation.pk}/revoke/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_open and mail.outbox == []


def test_an_invitation_the_mail_server_refused_is_kept_to_resend(org_admin, org_a, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    client = client_for(org_admin)

    response = client.post(
        f"/accounts/organisations/{org_a.pk}/invite/",
        {"email": "new@example.org", "role": Role.CASEWORKER, "language": "en"},
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None
    page = client.get(response["Location"]).content.decode()
    assert "could not be sent" in page and "not sent: send it again" in page
