"""Our own error pages outside DEBUG: no traceback, no framework branding, in both languages."""

import pytest
from django.db import connection
from django.template import loader
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path

import casework.urls
from tests.factories import client_for, make_case

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def _fail(request):
    raise RuntimeError("a bug")


# The application's own URLs, plus one view that fails.
urlpatterns = [path("test-failure/", _fail), *casework.urls.urlpatterns]


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def assert_ours(response, *, english: str, french: str) -> None:
    page = response.content.decode()
    assert english in page
    assert french in page
    for framework in ("Traceback", "Django", "RuntimeError", "a bug", "Request Method"):
        assert framework not in page


def test_it_shows_its_own_500_page_in_english_and_french(caseworker):
    client = client_for(caseworker)
    client.raise_request_exception = False

    response = client.get("/test-failure/")

    assert response.status_code == 500
    assert_ours(
        response,
        english="Something went wrong on our side",
        french="Une erreur s’est produite de notre côté",
    )
    assert "private" in response["Cache-Control"]


def test_it_renders_the_500_page_without_touching_the_database():
    # The error may be the database itself: the page needs no query, no request, no user.
    with CaptureQueriesContext(connection) as queries:
        page = loader.get_template("500.html").render()
    assert len(queries) == 0
    assert '<section lang="fr">' in page


def test_it_shows_its_own_400_page_for_a_host_it_does_not_serve():
    response = Client().get("/accounts/login/", headers={"host": "attacker.example"})
    assert response.status_code == 400
    assert_ours(
        response,
        english="This request could not be read",
        french="Cette requête n’a pas pu être lue",
    )


def test_it_shows_its_own_page_when_a_form_comes_without_its_csrf_token(caseworker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    response = client.post("/cases/new/", {"kind": "family_reunification"})
    assert response.status_code == 403
    assert_ours(response, english="This form has expired", french="Ce formulaire a expiré")


def test_it_shows_its_own_404_and_403_pages_in_the_reader_s_language(caseworker):
    caseworker.language = "fr"
    caseworker.save(update_fields=["language"])
    client = client_for(caseworker)
    case = make_case(caseworker)

    missing = client.get("/cases/CCR-2026-99999/")
    refused = client.post(
        f"/cases/{case.reference}/urgency/", {"urgency-urgency": "1", "urgency-reason": "Now."}
    )

    assert missing.status_code == 404
    assert_ours(missing, english='<html lang="fr">', french="Page introuvable")
    assert refused.status_code == 403
    assert_ours(refused, english='<html lang="fr">', french="Vous ne pouvez pas faire cela")
