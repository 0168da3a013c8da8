"""A disclosure reaches the agency's contacts as an e-mailed link: signed, for one recipient,
expiring, revocable, leading after sign-in to that disclosure; nothing personal in the e-mail."""

import re
import smtplib

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from casework.accounts import services as accounts
from casework.accounts.models import Agency, Role
from casework.audit.models import Action, AuditEntry
from casework.disclosures import delivery, services
from casework.disclosures.models import Disclosure
from tests.factories import PASSWORD, client_for

from .conftest import escalate

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+(/disclosures/link/[^/\s]+/)")


@pytest.fixture
def second_cbsa_contact(cbsa_contact):
    return accounts.user_create(
        username="cbsa2",
        password=PASSWORD,
        organisation=cbsa_contact.organisation,
        role=Role.GOVERNMENT_CONTACT,
        email="cbsa2@example.org",
        language="fr",
    )


@pytest.fixture
def sent(accepted_removal, director, cbsa_contact, django_capture_on_commit_callbacks):
    """Escalated to CBSA with the briefing: its one contact is e-mailed the link."""
    with django_capture_on_commit_callbacks(execute=True):
        case = escalate(accepted_removal, director, briefing=accepted_removal.briefings.get())
    return case.disclosures.get()


def totp_code(device) -> str:
    """What the contact's authenticator app shows now."""
    return f"{totp(device.bin_key):06d}"


def refuse(message, *args, **kwargs):
    """A mail server that refuses the address."""
    raise smtplib.SMTPRecipientsRefused({})


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def link_emails() -> list:
    """The e-mails with a disclosure's link (the member organisation hears of the escalation
    too, by its own notification)."""
    return [message for message in mail.outbox if LINK.search(message.body)]


def emails_to(address: str) -> list:
    return [message for message in link_emails() if message.to == [address]]


def test_escalating_emails_each_contact_of_the_agency_a_link_of_their_own(
    accepted_removal,
    director,
    cbsa_contact,
    second_cbsa_contact,
    ircc_contact,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        case = escalate(accepted_removal, director)

    disclosure = case.disclosures.get()
    assert disclosure.channel == Disclosure.Channel.EMAIL
    english, french = emails_to(cbsa_contact.email), emails_to(second_cbsa_contact.email)
    assert len(english) == len(french) == 1
    assert emails_to(ircc_contact.email) == []  # the other agency hears nothing
    assert english[0].subject == (
        "[Casework] Canadian Council for Refugees: a disclosure is waiting for you"
    )
    assert "Canada Border Services Agency" in english[0].body
    assert "communication vous attend" in french[0].subject
    assert "Agence des services frontaliers du Canada" in french[0].body
    assert link_in(english[0]) != link_in(french[0])
    # Delivered: in the case's history and the audit log, by whom and to which accounts.
    emailed = case.events.get(action="disclosure.emailed")
    assert emailed.actor == director
    assert sorted(emailed.data["recipients"]) == sorted([cbsa_contact.pk, second_cbsa_contact.pk])
    assert AuditEntry.objects.filter(action=Action.DISCLOSURE_SENT, actor=director).count() == 1


def test_the_email_carries_nothing_personal(sent, cbsa_contact):
    case = sent.case
    (message,) = link_emails()
    person = case.people.get()
    text = message.subject + message.body
    for secret in (
        case.reference,
        person.family_name,
        person.given_names,
        "Defer the removal.",
        case.get_kind_display(),
        cbsa_contact.first_name,
        "cardiology",
    ):
        assert secret not in text, secret


def test_a_named_contact_alone_is_emailed(
    accepted_removal,
    director,
    cbsa_contact,
    second_cbsa_contact,
    django_capture_on_commit_callbacks,
):
    case = escalate(accepted_removal, director)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.disclosure_create(
            case=case, actor=director, agency=Agency.CBSA, contact=second_cbsa_contact
        )

    assert [message.to for message in link_emails()] == [[second_cbsa_contact.email]]


def test_without_anybody_to_email_it_waits_in_the_portal(
    accepted_removal, director, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = escalate(accepted_removal, director)

    assert case.disclosures.get().channel == Disclosure.Channel.PORTAL
    assert link_emails() == []
    assert not case.events.filter(action="disclosure.emailed").exists()


def test_the_link_leads_after_sign_in_to_the_disclosure(sent, cbsa_contact):
    link = link_in(link_emails()[0])
    client = Client()

    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={link[:20]}")
    signed_in = client.post(
        "/accounts/login/?next=" + link,
        {"username": cbsa_contact.username, "password": PASSWORD, "next": link},
    )
    assert (signed_in.status_code, signed_in["Location"]) == (302, link)
    opened = client.get(link, REMOTE_ADDR="198.51.100.7")

    assert (opened.status_code, opened["Location"]) == (302, f"/disclosures/{sent.pk}/")
    assert client.get(opened["Location"]).status_code == 200
    followed = AuditEntry.objects.get(action=Action.DISCLOSURE_LINK_FOLLOWED)
    assert (followed.actor, followed.case_reference, followed.ip_address) == (
        cbsa_contact,
        sent.case.reference,
        "198.51.100.7",
    )


def test_the_link_goes_through_the_second_step_when_owed(sent, cbsa_contact, settings):
    settings.CASEWORK = settings.CASEWORK | {"SECOND_FACTOR_REQUIRED": True}
    link = link_in(link_emails()[0])
    client = Client()
    client.post("/accounts/login/", {"username": cbsa_contact.username, "password": PASSWORD})

    response = client.get(link)

    # The contact has no authenticator yet: enrolment first, then back to the link.
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-step/?next=/disclosures/link/")


def test_an_enrolled_contact_gives_a_code_then_lands_on_the_disclosure(
    sent, cbsa_contact, time_machine
):
    device = accounts.second_factor_enrolment_start(user=cbsa_contact)
    assert accounts.second_factor_enrolment_confirm(device=device, token=totp_code(device))
    link = link_in(link_emails()[0])
    client = Client()
    client.post("/accounts/login/", {"username": cbsa_contact.username, "password": PASSWORD})

    asked = client.get(link)
    assert asked.status_code == 302
    assert asked["Location"].startswith("/accounts/two-step/verify/?next=/disclosures/link/")
    time_machine.shift(30)  # the code used at enrolment cannot be used again
    verified = client.post("/accounts/two-step/verify/", {"code": totp_code(device), "next": link})
    assert (verified.status_code, verified["Location"]) == (302, link)

    assert client.get(link)["Location"] == f"/disclosures/{sent.pk}/"


def test_a_link_expires_after_the_configured_days(sent, cbsa_contact, time_machine, settings):
    settings.CASEWORK = settings.CASEWORK | {"DISCLOSURE_LINK_DAYS": 3}
    link = link_in(link_emails()[0])
    client = client_for(cbsa_contact)
    time_machine.shift(2 * 24 * 3600)
    assert client.get(link).status_code == 302

    time_machine.shift(2 * 24 * 3600)
    response = client.get(link)

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert Client().get(link).status_code == 410  # before signing in too
    assert AuditEntry.objects.filter(action=Action.DISCLOSURE_LINK_REFUSED).count() == 2


def test_a_tampered_link_is_not_valid(sent, cbsa_contact):
    link = link_in(link_emails()[0])
    token = link.split("/")[-2]
    forged = link.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))

    response = client_for(cbsa_contact).get(forged)

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    assert client_for(cbsa_contact).get("/disclosures/link/nonsense/").status_code == 404


def test_a_link_is_for_its_recipient_only(
    sent, cbsa_contact, second_cbsa_contact, ircc_contact, director
):
    link = link_in(link_emails()[0])

    for someone_else in (second_cbsa_contact, ircc_contact, director):
        assert client_for(someone_else).get(link).status_code == 404
    assert not AuditEntry.objects.filter(action=Action.DISCLOSURE_LINK_FOLLOWED).exists()


def test_a_revoked_disclosure_or_a_closed_account_ends_the_link(
    sent, cbsa_contact, director, ircc_contact
):
    link = link_in(link_emails()[0])
    services.disclosure_revoke(disclosure=sent, actor=director, reason="Sent in error.")

    for client in (client_for(cbsa_contact), Client()):
        response = client.get(link)
        assert response.status_code == 410
        assert "withdrew the disclosure" in response.content.decode()
        assert str(sent.pk) not in response.get("Location", "")
    assert client_for(ircc_contact).get(link).status_code == 404


def test_a_deactivated_recipient_link_no_longer_works(sent, cbsa_contact, director):
    link = link_in(link_emails()[0])
    accounts.member_deactivate(actor=director, member=cbsa_contact)

    response = Client().get(link)

    assert response.status_code == 410


def test_the_link_page_speaks_french(sent, cbsa_contact, director):
    link = link_in(link_emails()[0])
    services.disclosure_revoke(disclosure=sent, actor=director, reason="Sent in error.")
    accounts.user_set_language(user=cbsa_contact, language="fr")

    content = client_for(cbsa_contact).get(link).content.decode()

    assert "Ce lien ne peut pas être utilisé" in content


def test_council_staff_send_the_link_again(
    sent, director, cbsa_contact, caseworker, django_capture_on_commit_callbacks
):
    url = reverse("case_disclosures:send_again", args=[sent.case.reference, sent.pk])
    assert client_for(caseworker).post(url).status_code == 403
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(director).post(url)

    assert response.status_code == 302
    assert [message.to for message in link_emails()] == [[cbsa_contact.email]]
    actions = list(sent.case.events.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["disclosure.send_again", "disclosure.emailed"]


def test_a_revoked_disclosure_is_not_sent_again(sent, director):
    services.disclosure_revoke(disclosure=sent, actor=director, reason="Sent in error.")
    url = reverse("case_disclosures:send_again", args=[sent.case.reference, sent.pk])
    events = sent.case.events.count()

    assert client_for(director).post(url).status_code == 403
    assert sent.case.events.count() == events


def test_with_nobody_left_to_email_sending_again_says_so(sent, director, cbsa_contact):
    accounts.member_deactivate(actor=director, member=cbsa_contact)
    url = reverse("case_disclosures:send_again", args=[sent.case.reference, sent.pk])
    events = sent.case.events.count()

    response = client_for(director).post(url)

    assert response.status_code == 400
    assert "Nobody can receive it" in response.content.decode()
    assert sent.case.events.count() == events


def test_a_request_is_emailed_once_however_often_its_task_runs(sent):
    asked = sent.case.events.get(action="disclosure.made")

    assert delivery.disclosure_links_send(request_event_id=asked.pk) == 0
    assert len(link_emails()) == 1
    assert sent.case.events.filter(action="disclosure.emailed").count() == 1


def test_a_refusing_mail_server_leaves_the_disclosure_made(
    accepted_removal, director, cbsa_contact, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)

    with django_capture_on_commit_callbacks(execute=True):
        case = escalate(accepted_removal, director)

    assert case.disclosures.count() == 1
    emailed = case.events.get(action="disclosure.emailed")
    assert (emailed.data["recipients"], emailed.data["failed"]) == ([], 1)


def test_the_ledger_shows_each_sending(
    sent, director, monkeypatch, django_capture_on_commit_callbacks
):
    url = reverse("case_disclosures:ledger", args=[sent.case.reference])
    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        services.disclosure_send_again(disclosure=sent, actor=director)

    content = " ".join(client_for(director).get(url).content.decode().split())

    assert "to 1 contact of the agency." in content
    assert "to 0 contacts of the agency. <strong>1 e-mail could not be sent" in content
