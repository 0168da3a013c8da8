"""The access matrix of the REST API: every endpoint, every persona, every method. The table
below is the spec, beside the pages' one (test_access_matrix.py, whose cases, people,
documents and personas it shares: see there).

Each persona calls with a personal token of their own (anon: no credentials at all). Statuses:
200/201 done, 400 allowed but the input (or the case's state) refuses it, 401 no credentials, 403 may see the case but
not do this, 404 may not see the case (or the object is not part of it), 405 wrong method.

Where the pages answer 404, so does the API, for the same persona. One deliberate difference:
government contacts (ircc, cbsa) reach no case resource of the API at all (404, deny by
default); what reaches an agency is a disclosure, never the case record. A wrong method is
405 before anything is looked up, so it tells nothing about the case. A member's GET of
people, files, consents and documents is a read here (200), where the page of the same address
is the form that adds one (403 once the case left the member).

A refused request (400, 401, 403, 404, 405) must leave every case as it was.
"""

# ruff: noqa: E501  (the matrix is a table: one row per line, however wide)
import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from casework.api.services import api_token_create
from tests.factories import snapshot, upload

# The pages' matrix's cases, people, documents (the `world` fixture).
from .test_access_matrix import FIXTURES, PERSONAS, Row, parse, world  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# fmt: off
MATRIX = """
method  url                                                   data             outsider colleague admin staff ircc cbsa anon
# Not about one case
GET     /api/schema/                                          -                200      200       200   200   200  200  200
GET     /api/docs/                                            -                200      200       200   200   200  200  200
GET     /api/v1/no-such-thing/                                -                404      404       404   404   404  404  404
GET     /api/v1/cases/                                        -                200      200       200   200   404  404  401
GET     /api/v1/cases/?status=lost                            -                400      400       400   400   404  404  401
POST    /api/v1/cases/                                        new_case         201      201       201   403   404  404  401
POST    /api/v1/cases/                                        bad_case         400      400       400   403   404  404  401
DELETE  /api/v1/cases/                                        -                405      405       405   405   404  404  401
GET     /api/v1/cases/CCR-2026-99999/                         -                404      404       404   404   404  404  401
GET     /api/v1/tasks/                                        -                200      200       200   200   404  404  401
POST    /api/v1/tasks/                                        -                405      405       405   405   404  404  401
GET     /api/v1/statistics/                                   -                200      200       200   200   403  403  401
GET     /api/v1/statistics/?audience=internal                 -                403      403       403   200   403  403  401
# The draft: organisation A only, not even the council
GET     /api/v1/cases/{draft}/                                -                404      200       200   404   404  404  401
PATCH   /api/v1/cases/{draft}/                                edit_draft       404      200       200   404   404  404  401
PATCH   /api/v1/cases/{draft}/                                stale_draft      404      409       409   404   404  404  401
PUT     /api/v1/cases/{draft}/                                edit_draft       405      405       405   405   404  404  401
DELETE  /api/v1/cases/{draft}/                                -                405      405       405   405   404  404  401
POST    /api/v1/cases/{draft}/transitions/submit/             submit           404      200       200   404   404  404  401
POST    /api/v1/cases/{draft}/transitions/submit/             stale_submit     404      409       409   404   404  404  401
POST    /api/v1/cases/{draft}/transitions/accept/             accept_draft     404      400       400   404   404  404  401
POST    /api/v1/cases/{draft}/transitions/no_such/            accept_draft     404      404       404   404   404  404  401
GET     /api/v1/cases/{draft}/transitions/submit/             -                405      405       405   405   404  404  401
GET     /api/v1/cases/{draft}/people/                         -                404      200       200   404   404  404  401
POST    /api/v1/cases/{draft}/people/                         person           404      201       201   404   404  404  401
GET     /api/v1/cases/{draft}/government-files/               -                404      200       200   404   404  404  401
POST    /api/v1/cases/{draft}/government-files/               file_draft       404      201       201   404   404  404  401
GET     /api/v1/cases/{draft}/consents/                       -                404      200       200   404   404  404  401
POST    /api/v1/cases/{draft}/consents/                       consent_draft    404      201       201   404   404  404  401
GET     /api/v1/cases/{draft}/documents/                      -                404      200       200   404   404  404  401
POST    /api/v1/cases/{draft}/documents/                      document         404      201       201   404   404  404  401
POST    /api/v1/cases/{draft}/documents/                      bad_document     404      400       400   404   404  404  401
GET     /api/v1/cases/{draft}/documents/{draft_doc}/          -                404      200       200   404   404  404  401
GET     /api/v1/cases/{draft}/notes/                          -                404      200       200   404   404  404  401
POST    /api/v1/cases/{draft}/notes/                          note             404      201       201   404   404  404  401
GET     /api/v1/cases/{draft}/briefings/                      -                404      200       200   404   404  404  401
POST    /api/v1/cases/{draft}/briefings/                      bad_briefing     404      403       403   404   404  404  401
# The escalated case: organisation A and the council (not its government contact, here)
GET     /api/v1/cases/{esc}/briefings/                        -                404      200       200   200   404  404  401
POST    /api/v1/cases/{esc}/briefings/                        bad_briefing     404      403       403   400   404  404  401
GET     /api/v1/cases/{esc}/briefings/1/                      -                404      200       200   200   404  404  401
GET     /api/v1/cases/{esc}/briefings/2/                      -                404      404       404   200   404  404  401
GET     /api/v1/cases/{esc}/briefings/3/                      -                404      404       404   404   404  404  401
GET     /api/v1/cases/{esc}/                                  -                404      200       200   200   404  404  401
PATCH   /api/v1/cases/{esc}/                                  edit_esc         404      403       403   200   404  404  401
POST    /api/v1/cases/{esc}/transitions/record_response/      record_response  404      403       403   200   404  404  401
POST    /api/v1/cases/{esc}/transitions/withdraw/             withdraw_esc     404      200       200   200   404  404  401
GET     /api/v1/cases/{esc}/people/                           -                404      200       200   200   404  404  401
POST    /api/v1/cases/{esc}/people/                           person           404      403       403   201   404  404  401
GET     /api/v1/cases/{esc}/government-files/                 -                404      200       200   200   404  404  401
POST    /api/v1/cases/{esc}/government-files/                 file_esc         404      403       403   201   404  404  401
GET     /api/v1/cases/{esc}/consents/                         -                404      200       200   200   404  404  401
POST    /api/v1/cases/{esc}/consents/                         consent_esc      404      403       403   201   404  404  401
GET     /api/v1/cases/{esc}/documents/                        -                404      200       200   200   404  404  401
POST    /api/v1/cases/{esc}/documents/                        document         404      403       403   201   404  404  401
GET     /api/v1/cases/{esc}/documents/{esc_doc}/              -                404      200       200   200   404  404  401
GET     /api/v1/cases/{esc}/notes/                            -                404      200       200   200   404  404  401
POST    /api/v1/cases/{esc}/notes/                            note             404      201       201   201   404  404  401
POST    /api/v1/cases/{esc}/notes/                            internal_note    404      403       403   201   404  404  401
# A closed case: read-only for everyone
GET     /api/v1/cases/{closed}/                               -                404      200       200   200   404  404  401
PATCH   /api/v1/cases/{closed}/                               edit_closed      404      403       403   403   404  404  401
POST    /api/v1/cases/{closed}/people/                        person           404      403       403   403   404  404  401
POST    /api/v1/cases/{closed}/documents/                     document         404      403       403   403   404  404  401
POST    /api/v1/cases/{closed}/notes/                         note             404      403       403   403   404  404  401
POST    /api/v1/cases/{closed}/transitions/withdraw/          withdraw_closed  404      400       400   400   404  404  401
# A government contact's disclosures and responses (`disc`: to IRCC, of the IRCC escalation;
# `cbsa_disc`: to CBSA, of no escalation; `revoked`: to IRCC, revoked)
GET     /api/v1/disclosures/                                  -                404      404       404   404   200  200  401
GET     /api/v1/disclosures/{disc}/                           -                404      404       404   404   200  404  401
GET     /api/v1/disclosures/{cbsa_disc}/                      -                404      404       404   404   404  200  401
GET     /api/v1/disclosures/{revoked}/                        -                404      404       404   404   404  404  401
GET     /api/v1/disclosures/999999/                           -                404      404       404   404   404  404  401
POST    /api/v1/disclosures/{disc}/response/                  api_response     404      404       404   404   201  404  401
POST    /api/v1/disclosures/{disc}/response/                  early_response   404      404       404   404   400  404  401
POST    /api/v1/disclosures/{cbsa_disc}/response/             api_response     404      404       404   404   404  404  401
POST    /api/v1/disclosures/{revoked}/response/               api_response     404      404       404   404   404  404  401
GET     /api/v1/disclosures/{disc}/response/                  -                404      404       404   404   405  405  401
# No IDOR: an object of one case reached through the address of another
GET     /api/v1/cases/{esc}/documents/{draft_doc}/            -                404      404       404   404   404  404  401
POST    /api/v1/cases/{esc}/government-files/                 file_draft       404      403       403   400   404  404  401
"""
# fmt: on

ROWS = parse(MATRIX)


def api_data(name: str, objects: dict):
    """The request body of a row: (data, content type) of JSON, or a multipart upload."""
    today = timezone.localdate().isoformat()
    draft, esc, closed = objects["draft"], objects["esc"], objects["closed"]

    def transition(case, **fields):
        return {"version": case.version} | fields

    def file(person):
        return {"agency": "IRCC", "kind": "hc", "number": "F123456789", "person": person}

    def consent(person):
        return {"person": person, "signed_by": "self", "signed_on": today,
                "covers_council": True, "instrument": "council_form"}  # fmt: skip

    return {
        "-": None,
        "new_case": {
            "kind": "family_reunification",
            "summary": "New.",
            "correspondence_language": "en",
        },  # fmt: skip
        "bad_case": {"kind": "family_reunification", "summary": ""},
        "edit_draft": {"version": draft.version, "summary": "Updated summary."},
        "stale_draft": {"version": draft.version - 1, "summary": "Lost update."},
        "edit_esc": {"version": esc.version, "summary": "Updated summary."},
        "edit_closed": {"version": closed.version, "summary": "Updated summary."},
        "submit": transition(draft),
        "stale_submit": transition(draft, version=draft.version - 1),
        "accept_draft": transition(draft),
        "withdraw_esc": transition(esc, comment="The family moved."),
        "withdraw_closed": transition(closed, comment="The family moved."),
        "record_response": transition(esc, received_on=today, response="Exemption granted."),
        "person": {
            "role": "child",
            "family_name": "Doe",
            "given_names": "Sam",
            "date_of_birth": "2015-01-01",
            "date_of_birth_precision": "day",
        },  # fmt: skip
        "file_draft": file(objects["draft_person"]),
        "file_esc": file(objects["esc_person"]),
        "consent_draft": consent(objects["draft_person"]),
        "consent_esc": consent(objects["esc_person"]),
        "document": "multipart",
        "bad_document": "multipart-html",
        "note": {"body": "Called the client."},
        "internal_note": {"body": "Council only.", "internal": True},
        # Refused by the form: a valid one would render a PDF (tested in tests/api).
        "bad_briefing": {"recipient": "nobody"},
        "api_response": {"received_on": today, "decision": "under_review", "summary": "Seen."},
        # received before the escalation was sent: refused, nothing recorded
        "early_response": {"received_on": "2026-01-02", "decision": "other", "summary": "?"},
    }[name]


def send(client: Client, row: Row, url: str, objects: dict):
    data = api_data(row.data, objects)
    method = getattr(client, row.method.lower())
    if data is None:
        return method(url)
    if data == "multipart":
        return client.post(url, {"kind": "identity", "upload": upload()})
    if data == "multipart-html":
        page = upload("passport.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
        return client.post(url, {"kind": "identity", "upload": page})
    return method(url, data, content_type="application/json")


def status_of(client: Client, row: Row, objects: dict) -> int:
    url = row.url.format(
        **{key: getattr(value, "reference", value) for key, value in objects.items()}
    )
    cases = (objects["draft"], objects["esc"], objects["closed"])
    before = [snapshot(case) for case in cases]
    with transaction.atomic():
        response = send(client, row, url, objects)
        refused = response.status_code in (400, 401, 403, 404, 405, 409)
        changed = refused and [snapshot(case) for case in cases] != before
        transaction.set_rollback(True)
    if response.streaming:  # a download: read it, which also closes its file
        b"".join(response.streaming_content)
    elif url.startswith("/api/v1/") and response.status_code >= 400:
        # Every refusal is problem details (RFC 9457).
        assert response["Content-Type"] == "application/problem+json", url
    if getattr(response.wsgi_request, "user", None) and response.wsgi_request.user.is_authenticated:
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", ")), url
    return -response.status_code if changed else response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_endpoint_answers_each_persona_as_the_matrix_says(request, persona, world):  # noqa: F811
    fixture = FIXTURES[persona]
    client = Client()
    if fixture:
        _token, key = api_token_create(user=request.getfixturevalue(fixture), name="matrix")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    # A negative status: refused, yet one of the cases changed.
    wrong = [
        f"{row}: expected {row.expected[persona]}, got {got}"
        for row in ROWS
        if (got := status_of(client, row, world)) != row.expected[persona]
    ]
    assert wrong == [], f"{persona}:\n" + "\n".join(wrong)
