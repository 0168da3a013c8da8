"""Password reset by e-mail and password change: Django's views, throttled, audited, and saying
nothing about which addresses have an account."""

import re

import pytest
from django.core import mail
from django.test import Client

from casework.audit.models import Action, AuditEntry
from tests.factories import PASSWORD, client_for

from .helpers import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

RESET = "/accounts/password/reset/"
NEW_PASSWORD = "a quite different passphrase"
# Each page carries its own form token (the language switch): the rest must be the same.
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def ask(client: Client, email: str):
    return client.post(RESET, {"email": email})


def reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/\S+/)", message.body).group(1)


def test_a_reset_link_reaches_an_active_account_in_its_own_language(caseworker):
    caseworker.language = "fr"
    caseworker.save(update_fields=["language"])

    response = ask(Client(), "ALICE@example.org")

    assert (response.status_code, response["Location"]) == (302, "/accounts/password/reset/sent/")
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "[Casework] Réinitialiser votre mot de passe Casework"
    assert "alice" in message.body  # the username, which she may have forgotten too
    assert AuditEntry.objects.filter(action=Action.PASSWORD_RESET_SENT, actor=caseworker).exists()


def test_unknown_and_deactivated_addresses_get_the_same_page_and_no_e_mail(caseworker, colleague):
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])
    client = Client()

    pages = []
    for email in ("alice@example.org", "nobody@example.org", "bob@example.org"):
        response = ask(client, email)
        pages.append((response.status_code, response["Location"]))
        pages.append(CSRF.sub("", client.get(response["Location"]).content.decode()))

    assert pages[0] == pages[2] == pages[4]
    assert pages[1] == pages[3] == pages[5]
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    assert AuditEntry.objects.filter(action=Action.PASSWORD_RESET_REQUESTED).count() == 3


def test_the_link_sets_a_new_password_once(caseworker):
    ask(Client(), "alice@example.org")
    link = reset_link(mail.outbox[0])
    visitor = Client()

    # Django moves the token out of the address before showing the form.
    form_page = visitor.get(link, follow=True)
    assert form_page.context["validlink"]
    response = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == "/accounts/password/reset/done/"
    assert signed_in("alice", NEW_PASSWORD)
    assert AuditEntry.objects.filter(action=Action.PASSWORD_RESET_DONE, actor=caseworker).exists()
    again = Client().get(link, follow=True)
    assert not again.context["validlink"]
    assert "This link does not work any more" in again.content.decode()


def test_a_weak_new_password_is_refused(caseworker):
    ask(Client(), "alice@example.org")
    visitor = Client()
    form_page = visitor.get(reset_link(mail.outbox[0]), follow=True)

    response = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "password1234", "new_password2": "password1234"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert signed_in("alice", PASSWORD)


def test_one_address_asking_too_often_is_held_back_whatever_it_asks(settings, caseworker):
    settings.CASEWORK = settings.CASEWORK | {"PASSWORD_RESETS_PER_ADDRESS_PER_HOUR": 3}
    robot = Client(REMOTE_ADDR="203.0.113.5")

    statuses = [ask(robot, f"guess{n}@example.org").status_code for n in range(3)]
    held = ask(robot, "alice@example.org")

    assert statuses == [302, 302, 302]
    assert held.status_code == 429
    assert "Too many requests" in held.content.decode()
    assert mail.outbox == []
    assert ask(Client(REMOTE_ADDR="198.51.100.7"), "alice@example.org").status_code == 302


def test_one_account_gets_at_most_three_links_an_hour(caseworker, time_machine):
    for n in range(5):
        ask(Client(REMOTE_ADDR=f"198.51.100.{n}"), "alice@example.org")
    assert len(mail.outbox) == 3

    time_machine.shift(3601)
    ask(Client(), "alice@example.org")

    assert len(mail.outbox) == 4


def test_changing_the_password_signs_out_the_other_sessions(caseworker):
    elsewhere = signed_in("alice")
    client = signed_in("alice")

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == "/accounts/password/changed/"
    assert client.get("/cases/").status_code == 200
    assert elsewhere.get("/cases/").status_code == 302
    assert AuditEntry.objects.filter(action=Action.PASSWORD_CHANGED, actor=caseworker).exists()


def test_a_wrong_old_password_changes_nothing(caseworker):
    client = client_for(caseworker)

    response = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    assert signed_in("alice", PASSWORD)
