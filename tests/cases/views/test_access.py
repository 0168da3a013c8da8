"""Who may reach a case at all: every URL of a case, for every kind of visitor."""

import pytest

from tests.factories import client_for, snapshot

from .helpers import request, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# Every URL of a case: (name, methods it answers, path with {ref}, {person} and {document},
# whether it exists only to write: a read-only user gets 403 on every method of it).
CASE_URLS = [
    ("detail", {"GET"}, "/cases/{ref}/", False),
    ("history", {"GET"}, "/cases/{ref}/history/", False),
    ("edit", {"GET", "POST"}, "/cases/{ref}/edit/", True),
    ("transition", {"GET", "POST"}, "/cases/{ref}/transition/record_response/", True),
    ("person_add", {"GET", "POST"}, "/cases/{ref}/people/", True),
    ("person_edit", {"GET", "POST"}, "/cases/{ref}/people/{person}/edit/", True),
    ("person_remove", {"POST"}, "/cases/{ref}/people/{person}/remove/", True),
    ("file_add", {"GET", "POST"}, "/cases/{ref}/files/", True),
    ("consent_add", {"GET", "POST"}, "/cases/{ref}/consents/", True),
    ("document_add", {"GET", "POST"}, "/cases/{ref}/documents/", True),
    ("document", {"GET"}, "/cases/{ref}/documents/{document}/", False),
    ("note_add", {"POST"}, "/cases/{ref}/notes/", True),
    ("assign", {"POST"}, "/cases/{ref}/assign/", True),
    ("urgency", {"GET", "POST"}, "/cases/{ref}/urgency/", True),
]
EVERY_REQUEST = [
    (method, path) for _name, methods, path, _write in CASE_URLS for method in sorted(methods)
]


# Who may reach a case at all. One test per persona (building the cases is the slow part);
# each request is a subtest, so every refusal that fails is reported on its own.


def test_it_answers_404_to_an_outsider_on_every_url(outsider, cbsa_case, draft, subtests):
    client = client_for(outsider)
    for case in (cbsa_case, draft):
        before = snapshot(case)
        for method, path in EVERY_REQUEST:
            with subtests.test(case=case.status, method=method, path=path):
                assert request(client, method, url(path, case)).status_code == 404
        assert snapshot(case) == before


def test_it_sends_anonymous_visitors_to_log_in_on_every_url(anonymous, cbsa_case, subtests):
    before = snapshot(cbsa_case)
    for method, path in EVERY_REQUEST:
        with subtests.test(method=method, path=path):
            target = url(path, cbsa_case)
            response = request(anonymous, method, target)
            assert response.status_code == 302
            assert response["Location"] == f"/accounts/login/?next={target}"
    assert snapshot(cbsa_case) == before


def test_it_answers_404_to_a_government_contact_even_on_a_case_escalated_to_it(
    cbsa_contact, ircc_contact, cbsa_case, subtests
):
    # Need to know: the agency reads its disclosures (casework.disclosures), never the case.
    before = snapshot(cbsa_case)
    for contact in (cbsa_contact, ircc_contact):
        client = client_for(contact)
        for method, path in EVERY_REQUEST:
            with subtests.test(contact=contact.username, method=method, path=path):
                assert request(client, method, url(path, cbsa_case)).status_code == 404
    assert snapshot(cbsa_case) == before


def test_it_answers_404_to_the_council_on_a_draft(director, draft):
    assert client_for(director).get(f"/cases/{draft.reference}/").status_code == 404


def test_it_answers_404_for_a_case_that_does_not_exist(caseworker):
    assert client_for(caseworker).get("/cases/CCR-2026-99999/").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/cases/{ref}/"),
        ("DELETE", "/cases/{ref}/"),
        ("PUT", "/cases/{ref}/transition/submit/"),
        ("PUT", "/cases/{ref}/people/"),
        ("GET", "/cases/{ref}/people/{person}/remove/"),
        ("PUT", "/cases/{ref}/documents/"),
        ("POST", "/cases/{ref}/documents/{document}/"),
        ("GET", "/cases/{ref}/notes/"),
        ("PUT", "/cases/{ref}/edit/"),
        ("POST", "/cases/"),
    ],
)
def test_it_answers_405_to_the_wrong_method(caseworker, draft, method, path):
    before = snapshot(draft)
    response = request(client_for(caseworker), method, url(path, draft))
    assert response.status_code == 405
    assert snapshot(draft) == before
