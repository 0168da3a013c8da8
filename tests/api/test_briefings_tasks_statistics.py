"""Briefings (list, generate, download), the task inbox and the statistics through the API:
the same selectors, forms and services as their pages, small counts suppressed alike."""

import pytest

from casework.accounts.models import Agency
from casework.audit.models import Action, AuditEntry
from casework.briefings import rendering
from casework.briefings import services as briefings
from tests.factories import case_at, make_case, pdf_bytes

from .helpers import api_client, post_json

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


@pytest.fixture
def blank_pdf(monkeypatch):
    # weasyprint is tested in tests/briefings.
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: pdf_bytes())


def test_council_staff_generate_a_briefing_and_the_member_downloads_the_shared_one(
    caseworker, director, blank_pdf
):
    case = case_at("escalated", member=caseworker, council=director)
    url = f"/api/v1/cases/{case.reference}/briefings/"
    refused = post_json(api_client(caseworker), url, {"recipient": "IRCC"})
    assert refused.status_code == 403
    created = post_json(api_client(director), url, {"recipient": "IRCC",
                                                    "shared_with_organisation": True})  # fmt: skip
    assert created.status_code == 201, created.json()
    assert created.json()["number"] == 1
    briefings.briefing_generate(
        case=case, actor=director, recipient=Agency.IRCC, shared_with_organisation=False
    )
    member = api_client(caseworker)
    assert [b["number"] for b in member.get(url).json()] == [1]
    download = member.get(f"{url}1/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == pdf_bytes()
    assert member.get(f"{url}2/").status_code == 404  # kept by the council
    assert AuditEntry.objects.filter(action=Action.BRIEFING_DOWNLOADED).count() == 1


def test_a_briefing_request_with_a_bad_recipient_is_400(caseworker, director):
    case = case_at("escalated", member=caseworker, council=director)
    url = f"/api/v1/cases/{case.reference}/briefings/"
    response = post_json(api_client(director), url, {"recipient": "RCMP"})
    assert response.status_code == 400 and "recipient" in response.json()["errors"]
    assert not case.briefings.exists()


def test_the_inbox_lists_the_users_tasks_and_the_queue(caseworker, director, outsider):
    case = make_case(caseworker, submitted=True)
    inbox = api_client(director).get("/api/v1/tasks/").json()
    assert case.reference in [task["case"]["reference"] for task in inbox["queue"]]
    outsiders = api_client(outsider).get("/api/v1/tasks/").json()
    assert outsiders == {"mine": [], "queue": []}


def test_statistics_suppress_small_counts_as_the_page_does(caseworker, director, ircc_contact):
    make_case(caseworker, submitted=True)
    shared = api_client(caseworker).get("/api/v1/statistics/").json()
    assert shared["shareable"] is True and shared["total"] == "<5"
    internal = api_client(director).get("/api/v1/statistics/", {"audience": "internal"}).json()
    assert internal["shareable"] is False and internal["total"] == "1"
    assert (
        api_client(caseworker).get("/api/v1/statistics/", {"audience": "internal"}).status_code
        == 403
    )
    assert api_client(ircc_contact).get("/api/v1/statistics/").status_code == 403
    bad = api_client(director).get(
        "/api/v1/statistics/", {"from": "2026-05-01", "to": "2026-01-01"}
    )
    assert bad.status_code == 400
