"""Saved filters: a user's own named filters of the case list."""

import pytest

from casework.cases.models import SavedFilter
from tests.factories import client_for

pytestmark = pytest.mark.django_db


def save(client, name, query):
    return client.post("/cases/filters/", {"name": name, "query": query})


def test_it_saves_the_filters_as_the_form_cleans_them(director):
    client = client_for(director)

    response = save(client, "Critical removals", "urgency=1&kind=removal_deferral&junk=x&q=")

    saved = SavedFilter.objects.get(user=director)
    assert saved.name == "Critical removals"
    assert saved.query == "kind=removal_deferral&urgency=1"
    assert response["Location"] == "/cases/?" + saved.query
    page = client.get("/cases/").content.decode()
    assert "Critical removals" in page
    assert client.get(f"/cases/filters/{saved.pk}/")["Location"] == "/cases/?" + saved.query


def test_invalid_filters_or_no_name_save_nothing(director):
    client = client_for(director)
    save(client, "Bad", "urgency=9")
    save(client, "", "urgency=1")
    assert not SavedFilter.objects.exists()
    response = client.get("/cases/")
    assert response.status_code == 200


def test_the_same_name_replaces_the_filter(caseworker):
    client = client_for(caseworker)
    save(client, "Mine", "status=draft")
    save(client, "Mine", "status=submitted")
    assert list(SavedFilter.objects.values_list("query", flat=True)) == ["status=submitted"]


def test_only_the_owner_sees_opens_or_deletes_a_filter(caseworker, colleague):
    save(client_for(caseworker), "Drafts", "status=draft")
    saved = SavedFilter.objects.get()
    other = client_for(colleague)

    assert "Drafts" not in other.get("/cases/").content.decode()
    assert other.get(f"/cases/filters/{saved.pk}/").status_code == 404
    assert other.post(f"/cases/filters/{saved.pk}/delete/").status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()

    owner = client_for(caseworker)
    assert owner.get(f"/cases/filters/{saved.pk}/delete/").status_code == 405
    assert owner.post(f"/cases/filters/{saved.pk}/delete/").status_code == 302
    assert not SavedFilter.objects.exists()
