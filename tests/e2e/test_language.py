"""Anyone can switch language on the login page; a signed-in person's choice stays theirs."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_login_page_switches_language_without_an_account(visitor):
    anonymous = visitor(locale="en-CA")
    anonymous.go("/accounts/login/")
    page = anonymous.page
    expect(page.locator("h1")).to_have_text("Sign in to Casework")

    with page.expect_navigation():
        page.locator("button[name=language][value=fr]").click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text("Se connecter à Casework")
    expect(page.locator("label[for=id_username]")).to_contain_text("Nom d’utilisateur")
    with page.expect_navigation():
        page.locator("button[name=language][value=en]").click()
    expect(page.locator("h1")).to_have_text("Sign in to Casework")


def test_a_persons_language_follows_them_to_another_browser(visitor, caseworker):
    laptop = visitor(locale="en-CA")
    laptop.sign_in(caseworker)
    with laptop.page.expect_navigation():
        laptop.page.locator("button[name=language][value=fr]").click()
    expect(laptop.page.locator("h1")).to_have_text("Aujourd'hui")

    phone = visitor(locale="en-CA")
    phone.sign_in(caseworker)

    expect(phone.page.locator("html")).to_have_attribute("lang", "fr")
    expect(phone.page.locator("h1")).to_have_text("Aujourd'hui")
