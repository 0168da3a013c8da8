"""The main navigation (accounts/templatetags/navigation.py): drawn once per language, page and
set of rights, and kept; each reader still sees their own."""

import re

import pytest

from tests.factories import client_for

pytestmark = pytest.mark.django_db


def nav(response) -> list[tuple[str, str, bool]]:
    """(label, link, is the current page) of each entry of the main navigation."""
    menu = re.search(r'<nav aria-label="[^"]+">(.*?)</nav>', response.text, re.DOTALL)
    return [
        (label, href, bool(current))
        for href, current, label in re.findall(
            r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', menu[1]
        )
    ]


def test_a_caseworker_sees_the_pages_of_their_work_and_where_they_are(caseworker):
    client = client_for(caseworker)
    assert nav(client.get("/cases/")) == [
        ("Today", "/today/", False),
        ("Dashboard", "/dashboard/", False),
        ("Cases", "/cases/", True),
        ("Due soon", "/cases/due/", False),
        ("Tasks", "/tasks/", False),
    ]
    assert [current for _label, _link, current in nav(client.get("/tasks/"))] == [
        False, False, False, False, True,
    ]  # fmt: skip


def test_each_language_has_its_own_navigation(caseworker):
    client = client_for(caseworker)
    english = nav(client.get("/dashboard/"))
    caseworker.language = "fr"
    caseworker.save(update_fields=["language"])
    french = nav(client.get("/dashboard/"))
    assert ("Dashboard", "/dashboard/", True) in english
    assert ("Tableau de bord", "/dashboard/", True) in french
    assert ("Échéances proches", "/cases/due/", False) in french


def test_administrators_see_their_organisation_and_the_council_every_member(
    org_admin, director, outsider
):
    admin_nav = nav(
        client_for(org_admin).get(f"/accounts/organisations/{org_admin.organisation.pk}/")
    )
    assert (
        "My organisation",
        f"/accounts/organisations/{org_admin.organisation.pk}/",
        True,
    ) in admin_nav
    assert ("Organisations", "/accounts/organisations/", False) in nav(
        client_for(director).get("/today/")
    )
    # A caseworker of another organisation has no organisation page in the menu.
    assert not any(
        "organisation" in label.lower() for label, *_ in nav(client_for(outsider).get("/today/"))
    )


def test_a_government_contact_sees_the_disclosures_only(cbsa_contact, caseworker):
    client_for(caseworker).get("/today/")  # another reader's menu is drawn first
    assert nav(client_for(cbsa_contact).get("/disclosures/")) == [
        ("Disclosures", "/disclosures/", True)
    ]


def test_only_a_superuser_has_the_administration(director):
    assert "Administration" not in [label for label, *_ in nav(client_for(director).get("/today/"))]
    director.is_superuser = True
    director.save(update_fields=["is_superuser"])
    assert ("Administration", "/admin/", False) in nav(client_for(director).get("/today/"))
