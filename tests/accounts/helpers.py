"""What the tests of organisations and accounts share."""

import re

from django.core import mail
from django.test import Client

from tests.factories import PASSWORD

LINK = re.compile(r"https?://\S+/accounts/join/([\w-]+)/")


def invitation_link(message: mail.EmailMessage) -> str:
    """The path of the invitation link in an e-mail."""
    return f"/accounts/join/{LINK.search(message.body).group(1)}/"


def last_invitation_link() -> str:
    return invitation_link(mail.outbox[-1])


def acceptance(username: str, **overrides) -> dict:
    """What a person types to open their invited account."""
    return {
        "first_name": username.capitalize(),
        "last_name": "Tremblay",
        "username": username,
        "password": PASSWORD,
        "password_again": PASSWORD,
        "telephone": "",
        "language": "en",
        "time_zone": "America/Toronto",
    } | overrides


def signed_in(username: str, password: str = PASSWORD) -> Client:
    """A client signed in through the login form, as a person would."""
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, f"{username} could not sign in"
    return client


def application(name: str = "Saskatoon Newcomer Legal Aid", **overrides) -> dict:
    """A membership application, as the public form sends it."""
    return {
        "name": name,
        "name_fr": "",
        "email": "office@example.org",
        "telephone": "306-555-0110",
        "address": "12 Main Street, Saskatoon SK",
        "province": "SK",
        "region": "Saskatoon",
        "services": "Legal aid for refugee claimants",
        "clientele": "Refugee claimants, families",
        "works_in_english": "on",
        "applicant_name": "Nadia Okafor",
        "applicant_email": "nadia@example.org",
    } | overrides
