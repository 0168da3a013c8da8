"""Opening a case (/cases/new/)."""

import pytest

from casework.cases.models import Case, Kind, Status
from tests.factories import client_for

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# Creating and editing


def test_it_asks_for_the_kind_before_the_form(caseworker):
    response = client_for(caseworker).get("/cases/new/")
    assert response.status_code == 200
    assert "?kind=removal_deferral" in page(response)


def test_it_creates_a_draft_from_the_form(caseworker):
    response = client_for(caseworker).post(
        "/cases/new/",
        {
            "kind": Kind.SEPARATED_CHILD,
            "summary": "Boy of 12 alone in Montréal.",
            "correspondence_language": "fr",
        },
        follow=True,
    )
    case = Case.objects.get()
    assert response.redirect_chain == [(f"/cases/{case.reference}/", 302)]
    assert (case.kind, case.status, case.correspondence_language) == (
        Kind.SEPARATED_CHILD,
        Status.DRAFT,
        "fr",
    )
    assert f"Case {case.reference} was created as a draft" in page(response)


def test_it_refuses_a_new_case_without_a_summary(caseworker):
    response = client_for(caseworker).post(
        "/cases/new/",
        {"kind": Kind.FAMILY_REUNIFICATION, "summary": "", "correspondence_language": "en"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["summary"] == ["This field is required."]
    assert not Case.objects.exists()


def test_it_refuses_a_removal_date_in_the_past(caseworker):
    response = client_for(caseworker).post(
        "/cases/new/",
        {
            "kind": Kind.REMOVAL_DEFERRAL,
            "summary": "Removal.",
            "correspondence_language": "en",
            "removal-removal_at": "2026-05-01T09:00",
            "removal-order_type": "departure",
        },
    )
    assert response.status_code == 400
    assert response.context["removal_form"].errors["removal_at"] == [
        "The removal date must be in the future."
    ]
    assert not Case.objects.exists()


@pytest.mark.parametrize(("persona", "refusal"), [("director", 403), ("cbsa_contact", 404)])
def test_it_lets_only_member_organisations_open_the_new_case_page(request, persona, refusal):
    # A government contact reaches no page but the disclosure portal: 404, as for an outsider.
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/cases/new/").status_code == refusal
    assert (
        client.post(
            "/cases/new/",
            {"kind": Kind.FAMILY_REUNIFICATION, "summary": "x", "correspondence_language": "en"},
        ).status_code
        == refusal
    )
    assert not Case.objects.exists()
