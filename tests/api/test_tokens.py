"""Personal API tokens: made and revoked on the settings page, shown once, stored hashed, with
an optional expiry and a last-used time; a token acts exactly as its user."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from casework.api.models import ApiToken
from casework.api.services import api_token_create
from casework.audit.models import Action, AuditEntry
from tests.factories import client_for, make_case

from .helpers import api_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

CASES = "/api/v1/cases/"


def test_it_creates_a_token_on_the_settings_page_and_shows_its_key_once(caseworker):
    client = client_for(caseworker)
    response = client.post("/accounts/settings/tokens/", {"name": "Our client database"})
    assert response.status_code == 200
    key = response.context["key"]
    assert key.startswith("cwk_") and key in response.content.decode()
    token = ApiToken.objects.get(user=caseworker)
    # Only a keyed hash is stored: the key is nowhere in the row.
    assert key not in (token.key_hash, token.key_start) and token.key_hash == ApiToken.hash_key(key)
    assert AuditEntry.objects.filter(action=Action.API_TOKEN_CREATED, actor=caseworker).exists()
    # The settings page lists it by name and first characters, never the key again.
    page = client.get("/accounts/settings/").content.decode()
    assert "Our client database" in page and token.key_start in page and key not in page
    # The key works.
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(CASES).status_code == 200


def test_it_refuses_a_token_without_a_name_or_with_an_expiry_in_the_past(caseworker):
    client = client_for(caseworker)
    assert client.post("/accounts/settings/tokens/", {"name": ""}).status_code == 400
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        "/accounts/settings/tokens/", {"name": "old", "expires_on": yesterday.isoformat()}
    )
    assert response.status_code == 400
    assert "cannot be in the past" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working_at_once(caseworker):
    token, key = api_token_create(user=caseworker, name="sync")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(CASES).status_code == 200
    response = client_for(caseworker).post(f"/accounts/settings/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    answer = client.get(CASES)
    assert answer.status_code == 401
    assert answer["Content-Type"] == "application/problem+json"
    assert answer["WWW-Authenticate"] == "Bearer"
    assert AuditEntry.objects.filter(action=Action.API_TOKEN_REVOKED).count() == 1


def test_nobody_revokes_another_persons_token(caseworker, colleague):
    token, key = api_token_create(user=caseworker, name="sync")
    response = client_for(colleague).post(f"/accounts/settings/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_expired_token_no_longer_works(caseworker, time_machine):
    _token, key = api_token_create(
        user=caseworker, name="a week", expires_on=timezone.localdate() + datetime.timedelta(days=7)
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(CASES).status_code == 200
    time_machine.move_to(timezone.now() + datetime.timedelta(days=7, hours=13), tick=False)
    assert client.get(CASES).status_code == 200  # 23:00 on the last day: it still works
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=1, seconds=1), tick=False)
    assert client.get(CASES).status_code == 401


def test_a_deactivated_accounts_token_no_longer_works(caseworker):
    client = api_client(caseworker)
    caseworker.is_active = False
    caseworker.save(update_fields=["is_active"])
    assert client.get(CASES).status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer cwk_not-a-real-key", "Bearer", "Bearer a b", "Bearer \u00e9t\u00e9"]
)
def test_a_wrong_or_malformed_token_gets_401(db, header):
    response = Client(HTTP_AUTHORIZATION=header.encode().decode("latin-1")).get(CASES)
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_without_any_credentials_the_api_answers_401_not_the_login_page(db):
    response = Client().get(CASES)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_it_records_when_the_token_was_last_used(caseworker, time_machine):
    token, key = api_token_create(user=caseworker, name="sync")
    assert token.last_used_at is None
    Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(CASES)
    token.refresh_from_db()
    assert token.last_used_at == timezone.now()


def test_a_token_acts_exactly_as_its_user(caseworker, outsider):
    own = make_case(caseworker)
    other = make_case(outsider)
    client = api_client(caseworker)
    listed = [case["reference"] for case in client.get(CASES).json()["results"]]
    assert listed == [own.reference]
    assert client.get(f"{CASES}{other.reference}/").status_code == 404


def test_the_session_works_too_for_the_browser(caseworker):
    own = make_case(caseworker)
    assert client_for(caseworker).get(f"{CASES}{own.reference}/").status_code == 200


def test_a_session_must_send_the_csrf_token_to_write(caseworker):
    client = client_for(caseworker)
    client.handler.enforce_csrf_checks = True
    response = client.post(CASES, {"kind": "family_reunification", "summary": "x"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 403


def test_each_token_has_its_own_rate_limit(caseworker, settings):
    settings.CASEWORK = {**settings.CASEWORK, "API_RATE": "3/min"}
    first, second = api_client(caseworker), api_client(caseworker)
    assert [first.get(CASES).status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get(CASES)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["title"] == "Too many requests"
    assert second.get(CASES).status_code == 200


def test_errors_are_problem_details_in_the_language_asked_for(caseworker):
    client = api_client(caseworker)
    response = client.get(f"{CASES}CCR-2026-99999/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "about:blank" and body["status"] == 404
    assert body["title"] == "Introuvable"
    english = client.get(f"{CASES}CCR-2026-99999/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["title"] == "Not found"
