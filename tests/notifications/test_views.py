"""/accounts/settings/: each user sets their language, time zone, telephone and e-mail rhythm."""

import pytest

from casework.notifications.models import NotificationPreference
from tests.factories import client_for

pytestmark = pytest.mark.django_db

URL = "/accounts/settings/"


def test_it_shows_the_users_current_settings(caseworker):
    response = client_for(caseworker).get(URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {
        "language": "en",
        "time_zone": "America/Toronto",
        "telephone": "",
        "notification_mode": NotificationPreference.Mode.IMMEDIATE,
    }
    page = response.content.decode()
    assert "My settings" in page
    assert 'value="digest"' in page


def test_it_saves_the_settings_and_serves_the_next_page_accordingly(caseworker):
    client = client_for(caseworker)

    response = client.post(
        URL,
        {"language": "fr", "time_zone": "America/Vancouver", "notification_mode": "digest"},
    )

    assert (response.status_code, response["Location"]) == (302, URL)
    caseworker.refresh_from_db()
    assert (caseworker.language, caseworker.time_zone) == ("fr", "America/Vancouver")
    assert caseworker.notification_preference.mode == NotificationPreference.Mode.DIGEST
    page = client.get(URL)
    assert '<html lang="fr">' in page.content.decode()
    assert page.context["form"].initial["notification_mode"] == "digest"


def test_it_refuses_an_unknown_time_zone_and_changes_nothing(caseworker):
    response = client_for(caseworker).post(
        URL, {"language": "fr", "time_zone": "Mars/Olympus_Mons", "notification_mode": "digest"}
    )

    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    caseworker.refresh_from_db()
    assert (caseworker.language, caseworker.time_zone) == ("en", "America/Toronto")
    assert not NotificationPreference.objects.exists()


def test_it_keeps_a_time_zone_set_by_an_administrator_on_offer(caseworker):
    caseworker.time_zone = "Europe/Paris"
    caseworker.save(update_fields=["time_zone"])

    response = client_for(caseworker).post(
        URL, {"language": "en", "time_zone": "Europe/Paris", "notification_mode": "immediate"}
    )

    assert response.status_code == 302


def test_it_sends_anonymous_visitors_to_log_in(anonymous):
    response = anonymous.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_refuses_other_methods(caseworker):
    assert client_for(caseworker).delete(URL).status_code == 405


def test_it_links_to_the_settings_from_every_page(caseworker):
    assert f'href="{URL}"' in client_for(caseworker).get("/cases/").content.decode()


def test_it_keeps_a_telephone_number_for_urgent_cases_and_refuses_a_wrong_one(caseworker):
    client = client_for(caseworker)
    fields = {"language": "en", "time_zone": "America/Toronto", "notification_mode": "immediate"}

    refused = client.post(URL, fields | {"telephone": "call me maybe"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["telephone"]
    caseworker.refresh_from_db()
    assert caseworker.telephone == ""

    client.post(URL, fields | {"telephone": "+1 514-555-0199 ext. 12"})
    caseworker.refresh_from_db()
    assert caseworker.telephone == "+1 514-555-0199 ext. 12"
