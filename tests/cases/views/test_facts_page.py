"""The facts page of a case: its kind's facts on a page of their own, shown on the case page."""

import pytest

from casework.cases.facts import facts_of
from casework.cases.models import Case, Kind
from tests.factories import client_for, make_case, snapshot
from tests.test_translations import as_french

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_it_records_removal_facts_and_shows_them_on_the_case_page(caseworker):
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL)
    client = client_for(caseworker)
    assert client.get(f"/cases/{case.reference}/facts/").status_code == 200

    response = client.post(
        f"/cases/{case.reference}/facts/",
        {
            "facts-version": case.version,
            "facts-counsel_name": "Me Julie Tremblay",
            "facts-counsel_phone": "514 555 0101",
            "facts-cbsa_client_id": "8765 4321",
            "facts-hc_filed_on": "2026-02-01",
            "facts-travel_document": "valid",
        },
    )

    assert response.status_code == 302
    assert facts_of(Case.objects.get(pk=case.pk)).cbsa_client_id == "87654321"
    detail = page(client.get(f"/cases/{case.reference}/"))
    assert "Me Julie Tremblay · 514 555 0101" in detail
    assert "H&amp;C application filed on" in detail
    assert "87654321" in detail


def test_it_shows_the_pilot_and_age_out_on_an_r117_case(caseworker):
    case = make_case(caseworker)
    client = client_for(caseworker)
    client.post(
        f"/cases/{case.reference}/facts/",
        {
            "facts-version": case.version,
            "facts-sponsor_category": "other",
            "facts-declared": "no",
            "facts-examined": "no",
            "facts-other_parent_consent": "unknown",
        },
    )
    detail = page(client.get(f"/cases/{case.reference}/"))
    assert "Not eligible: the sponsor&#x27;s category is not covered" in detail


@pytest.mark.parametrize(
    ("french", "message"),
    [
        (False, "This date cannot be in the future."),
        (True, "Cette date ne peut pas être dans le futur."),
    ],
)
def test_it_refuses_bad_facts_in_the_users_language(caseworker, french, message):
    case = make_case(caseworker, kind=Kind.BORDER_INTERVENTION)
    before = snapshot(case)
    client = as_french(caseworker) if french else client_for(caseworker)

    response = client.post(
        f"/cases/{case.reference}/facts/",
        {
            "facts-version": case.version,
            "facts-arrived_on": "2026-06-01",
            "facts-stca_exception": "none",
            "facts-decision": "pending",
        },
    )

    assert response.status_code == 400
    assert message in page(response)
    assert snapshot(case) == before


def test_a_read_only_reader_and_an_outsider_cannot_reach_it(caseworker, outsider, director):
    case = make_case(caseworker, submitted=True)
    assert client_for(outsider).get(f"/cases/{case.reference}/facts/").status_code == 404
    # The member reads the submitted case but may no longer change it.
    assert client_for(caseworker).get(f"/cases/{case.reference}/facts/").status_code == 403
    assert client_for(director).get(f"/cases/{case.reference}/facts/").status_code == 200
