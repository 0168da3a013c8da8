"""The interface speaks the user's language: chosen on the login page, kept on the account."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_switches_the_login_page_to_french_without_an_account(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/accounts/login/"})

    assert response.status_code == 302
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert '<html lang="fr">' in page.content.decode()


def test_it_keeps_a_signed_in_users_choice_on_the_account(client, caseworker):
    client.force_login(caseworker)

    client.post("/i18n/setlang/", {"language": "fr", "next": "/cases/"})

    caseworker.refresh_from_db()
    assert caseworker.language == "fr"
    assert '<html lang="fr">' in client.get("/cases/").content.decode()


def test_it_ignores_an_unknown_language(client, caseworker):
    client.force_login(caseworker)

    client.post("/i18n/setlang/", {"language": "xx", "next": "/cases/"})

    caseworker.refresh_from_db()
    assert caseworker.language == "en"


def test_it_refuses_a_get(client):
    assert client.get("/i18n/setlang/").status_code == 405
