"""A member comes on board, in a real browser, in English and in French (no English left on a
French page): an organisation applies, the council approves it and so invites its
administrator, she accepts and invites a caseworker from her organisation's page, and he
accepts and signs in."""

import re

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from casework.accounts.models import Organisation, Role, User
from tests.factories import PASSWORD

from .browser import DESKTOP, in_language, screenshot
from .test_walk import Walker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://[^/\s]+(/accounts/join/[\w-]+/)")


def invitation_path() -> str:
    return LINK.search(mail.outbox[-1].body).group(1)


def role_label(role: str, language: str) -> str:
    with translation.override(language):
        return str(Role(role).label)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_member_organisation_comes_on_board(visitor, language, director):
    locale = {"en": "en-CA", "fr": "fr-CA"}[language]

    def person() -> Walker:
        return Walker(visitor(viewport=DESKTOP, locale=locale), language)

    def sign_in(walker: Walker, username: str, password: str) -> None:
        walker.go("/accounts/login/")
        walker.fill(walker.page.locator("main form"), {"username": username, "password": password})
        walker.click("main form button[type=submit]")

    # The organisation applies from the sign-in page.
    applicant = person()
    applicant.go("/accounts/login/")
    applicant.click('main a[href="/accounts/organisations/apply/"]')
    applicant.fill(
        applicant.page.locator("main form"),
        {
            "name": "Prairie Refugee Support Network",
            "name_fr": "Réseau de soutien aux réfugiés des Prairies",
            "email": "office@prairie.example.org",
            "province": "SK",
            "region": "Regina",
            "services": "Settlement support",
            "applicant_name": "Grace Mwangi",
            "applicant_email": "grace@prairie.example.org",
        },
    )
    applicant.click("main form button[type=submit]")
    expect(applicant.page.locator("main h1")).to_be_visible()
    organisation = Organisation.objects.get(status=Organisation.Status.PENDING)

    # The council finds it in its list of organisations and approves it.
    council = person()
    in_language(director, language)
    sign_in(council, "director", PASSWORD)
    council.click('nav a[href="/accounts/organisations/"]')
    council.click(f'main a[href="/accounts/organisations/{organisation.pk}/"]')
    council.click(f'main a[href="/accounts/organisations/{organisation.pk}/approve/"]')
    council.fill(council.page.locator("main form"), {"admin_language": language})
    council.click("main form button[type=submit]")
    expect(council.page.locator(".message-success")).to_be_visible()
    screenshot(council.page, f"onboarding-{language}-approved")

    # Grace opens the invitation, opens her account and signs in.
    admin = person()
    admin.go(invitation_path())
    expect(admin.page.locator("main")).to_contain_text(role_label(Role.ORG_ADMIN, language))
    admin.fill(
        admin.page.locator("main form"),
        {
            "first_name": "Grace",
            "last_name": "Mwangi",
            "username": "grace",
            "password": "prairie wind over the wheat",
            "password_again": "prairie wind over the wheat",
            "telephone": "306-555-0142",
        },
    )
    admin.click("main form button[type=submit]")
    expect(admin.page.locator(".message-success")).to_be_visible()
    sign_in(admin, "grace", "prairie wind over the wheat")
    assert User.objects.get(username="grace").language == language

    # Her organisation's page: she invites a caseworker.
    admin.click(f'nav a[href="/accounts/organisations/{organisation.pk}/"]')
    expect(admin.page.locator("main table").first).to_contain_text("Grace Mwangi")
    admin.click(f'main a[href="/accounts/organisations/{organisation.pk}/invite/"]')
    admin.fill(
        admin.page.locator("main form"),
        {"email": "tariq@prairie.example.org", "role": Role.CASEWORKER, "language": language},
    )
    admin.click("main form button[type=submit]")
    expect(admin.page.locator(".message-success")).to_be_visible()
    expect(admin.page.locator("main")).to_contain_text("tariq@prairie.example.org")
    screenshot(admin.page, f"onboarding-{language}-organisation")

    # Tariq accepts and signs in.
    caseworker = person()
    caseworker.go(invitation_path())
    caseworker.fill(
        caseworker.page.locator("main form"),
        {
            "first_name": "Tariq",
            "last_name": "Aziz",
            "username": "tariq",
            "password": "harvest moon on the river",
            "password_again": "harvest moon on the river",
        },
    )
    caseworker.click("main form button[type=submit]")
    sign_in(caseworker, "tariq", "harvest moon on the river")
    caseworker.page.wait_for_url("**/today/")

    # Back on her page, Grace sees him and opens his account's page.
    admin.go(f"/accounts/organisations/{organisation.pk}/")
    tariq = User.objects.get(username="tariq")
    admin.click(f'main a[href="/accounts/members/{tariq.pk}/"]')
    expect(admin.page.locator("main h1")).to_contain_text("Tariq Aziz")
    assert (tariq.organisation, tariq.role) == (organisation, Role.CASEWORKER)
