"""The access matrix: every URL, every persona, GET and POST. The table below is the spec.

Three cases of member organisation A, created by its caseworker Alice:

* `draft`: a family-reunification draft, private to organisation A;
* `esc`: a family-reunification case escalated to IRCC, with briefing v1 (shared with the
  organisation) and v2 (kept by the council);
* `closed`: a family-reunification case closed with an outcome after IRCC's response.

Each has one person and one document. The personas (tests/conftest.py) are:

* outsider   Charlie, caseworker at member organisation B
* colleague  Bob, another caseworker at organisation A (not the case's author)
* admin      Adele, organisation A's administrator
* staff      Sam, council staff
* ircc       the IRCC contact: the agency `esc` was escalated to
* cbsa       the CBSA contact: another agency
* anon       not signed in

Statuses: 200 page, 302 done (or, for `anon`, sent to the login page), 400 allowed but the
input is refused, 403 may see the case but not do this, 404 may not see the case (or the
object is not part of it), 405 wrong method. POSTs carry valid data (the `data` column names
it; "-" posts nothing), so a 403 or 404 is the permission check speaking, not form validation.
A refused request (400, 403, 404, 405) must leave every case as it was: status, version
and history are compared before and after.

Every request runs in a transaction rolled back afterwards: each row sees the same data.
"""

# ruff: noqa: E501  (the matrix is a table: one row per line, however wide)
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from viewflow.workflow.models import Task

from casework.accounts import services as accounts
from casework.accounts.models import Agency, Role
from casework.briefings import rendering
from casework.briefings import services as briefings
from casework.cases import services
from casework.cases.models import Case, DuplicateFlag
from casework.disclosures import links
from casework.disclosures import services as disclosures
from tests.accounts.helpers import acceptance
from tests.factories import (
    PASSWORD,
    act,
    advance,
    client_for,
    make_case,
    pdf_bytes,
    snapshot,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

PERSONAS = ("outsider", "colleague", "admin", "staff", "ircc", "cbsa", "anon")
FIXTURES = {
    "outsider": "outsider",
    "colleague": "colleague",
    "admin": "org_admin",
    "staff": "council_staff",
    "ircc": "ircc_contact",
    "cbsa": "cbsa_contact",
    "anon": None,
}

# fmt: off
MATRIX = """
method  url                                         data            outsider colleague admin staff ircc cbsa anon
# Pages that are not about one case. A government contact reaches the disclosure portal and
# their own account only: every other page answers 404, as for an outsider.
GET     /cases/                                     -               200      200       200   200   404  404  302
GET     /cases/new/                                 -               200      200       200   403   404  404  302
POST    /cases/new/                                 new_case        302      302       302   403   404  404  302
GET     /cases/due/                                 -               200      200       200   200   404  404  302
GET     /tasks/                                     -               200      200       200   200   404  404  302
GET     /tasks/mine/                                -               200      200       200   200   404  404  302
GET     /tasks/queue/                               -               200      200       200   200   404  404  302
POST    /tasks/mine/                                -               405      405       405   405   404  404  302
GET     /accounts/settings/                         -               200      200       200   200   200  200  302
POST    /accounts/settings/                         settings        302      302       302   302   302  302  302
GET     /accounts/two-step/                         -               403      403       403   200   200  200  302
GET     /accounts/two-step/verify/                  -               302      302       302   302   302  302  302
GET     /cases/CCR-2026-99999/                      -               404      404       404   404   404  404  302
GET     /healthz                                    -               200      200       200   200   200  200  200
GET     /admin/                                     -               302      302       302   302   404  404  302
GET     /admin/audit/auditentry/                    -               302      302       302   302   404  404  302
GET     /dashboard/                                 -               200      200       200   200   302  302  302
# Today, where signing in leads: a government contact is sent to the disclosure portal
GET     /today/                                     -               200      200       200   200   302  302  302
# Bulk actions on the list: council staff only (each case then asked on its own)
POST    /cases/bulk/                                bulk            403      403       403   302   404  404  302
GET     /cases/bulk/                                -               405      405       405   405   404  404  302
# Saved filters: a user's own (Bob's filter is nobody else's: 404)
POST    /cases/filters/                             saved_filter    302      302       302   302   404  404  302
GET     /cases/filters/{saved}/                     -               404      302       404   404   404  404  302
POST    /cases/filters/{saved}/delete/              -               404      302       404   404   404  404  302
GET     /reports/statistics/                        -               200      200       200   200   404  404  302
GET     /reports/statistics/?audience=internal      -               403      403       403   200   404  404  302
GET     /reports/statistics.csv                     -               200      200       200   200   404  404  302
GET     /cases/export.csv                           -               403      403       403   200   404  404  302
# The draft: organisation A only, not even the council
GET     /cases/{draft}/                             -               404      200       200   404   404  404  302
GET     /cases/{draft}/edit/                        -               404      200       200   404   404  404  302
GET     /cases/{draft}/history/                     -               404      200       200   404   404  404  302
POST    /cases/{draft}/edit/                        edit_draft      404      302       302   404   404  404  302
GET     /cases/{draft}/transition/submit/           -               404      200       200   404   404  404  302
GET     /cases/{draft}/transition/withdraw/         -               404      200       200   404   404  404  302
GET     /cases/{draft}/transition/accept/           -               404      403       403   404   404  404  302
POST    /cases/{draft}/transition/submit/           submit          404      302       302   404   404  404  302
POST    /cases/{draft}/transition/withdraw/         withdraw_draft  404      302       302   404   404  404  302
POST    /cases/{draft}/transition/no_such/          -               404      404       404   404   404  404  302
GET     /cases/{draft}/facts/                       -               404      200       200   404   404  404  302
POST    /cases/{draft}/facts/                       facts_draft     404      302       302   404   404  404  302
GET     /cases/{draft}/people/                      -               404      200       200   404   404  404  302
POST    /cases/{draft}/people/                      person          404      302       302   404   404  404  302
GET     /cases/{draft}/people/{draft_person}/edit/  -               404      200       200   404   404  404  302
POST    /cases/{draft}/people/{draft_person}/edit/  person_edit     404      302       302   404   404  404  302
POST    /cases/{draft}/people/{draft_person}/remove/ -              404      302       302   404   404  404  302
GET     /cases/{draft}/files/                       -               404      200       200   404   404  404  302
POST    /cases/{draft}/files/                       file_draft      404      302       302   404   404  404  302
GET     /cases/{draft}/consents/                    -               404      200       200   404   404  404  302
POST    /cases/{draft}/consents/                    consent_draft   404      302       302   404   404  404  302
GET     /cases/{draft}/documents/                   -               404      200       200   404   404  404  302
POST    /cases/{draft}/documents/                   document        404      302       302   404   404  404  302
GET     /cases/{draft}/documents/{draft_doc}/       -               404      200       200   404   404  404  302
POST    /cases/{draft}/notes/                       note            404      302       302   404   404  404  302
POST    /cases/{draft}/assign/                      assign          404      403       403   404   404  404  302
POST    /cases/{draft}/urgency/                     urgency         404      403       403   404   404  404  302
GET     /cases/{draft}/briefings/                   -               404      200       200   404   404  404  302
POST    /cases/{draft}/briefings/                   bad_briefing    404      403       403   404   404  404  302
GET     /cases/{draft}/briefings/1.pdf              -               404      404       404   404   404  404  302
GET     /cases/{draft}/access/                      -               404      403       403   404   404  404  302
GET     /cases/{draft}/delete/                      -               404      200       200   404   404  404  302
# Take from the queue (council staff); personal reminders (anyone who sees the case; Bob's
# reminder is his alone)
POST    /cases/{draft}/take/                        -               404      403       403   404   404  404  302
POST    /cases/{draft}/reminders/                   reminder        404      302       302   404   404  404  302
POST    /cases/{draft}/reminders/{reminder}/dismiss/ -              404      302       404   404   404  404  302
POST    /cases/{draft}/delete/                      delete_draft    404      302       302   404   404  404  302
# The escalated case: organisation A and the council. IRCC, to which it was escalated, and CBSA,
# to which it was disclosed too, reach none of its URLs: only their disclosures (below)
GET     /cases/{esc}/                               -               404      200       200   200   404  404  302
GET     /cases/{esc}/edit/                          -               404      403       403   200   404  404  302
GET     /cases/{esc}/history/                       -               404      200       200   200   404  404  302
POST    /cases/{esc}/edit/                          edit_esc        404      403       403   302   404  404  302
GET     /cases/{esc}/transition/record_response/    -               404      403       403   200   404  404  302
POST    /cases/{esc}/transition/record_response/    record_response 404      403       403   302   404  404  302
POST    /cases/{esc}/transition/withdraw/           withdraw_esc    404      302       302   302   404  404  302
GET     /cases/{esc}/facts/                         -               404      403       403   200   404  404  302
POST    /cases/{esc}/facts/                         facts_esc       404      403       403   302   404  404  302
GET     /cases/{esc}/people/                        -               404      403       403   200   404  404  302
POST    /cases/{esc}/people/                        person          404      403       403   302   404  404  302
GET     /cases/{esc}/people/{esc_person}/edit/      -               404      403       403   200   404  404  302
POST    /cases/{esc}/people/{esc_person}/edit/      person_edit     404      403       403   302   404  404  302
POST    /cases/{esc}/people/{esc_person}/remove/    -               404      403       403   302   404  404  302
GET     /cases/{esc}/files/                         -               404      403       403   200   404  404  302
POST    /cases/{esc}/files/                         file_esc        404      403       403   302   404  404  302
GET     /cases/{esc}/consents/                      -               404      403       403   200   404  404  302
POST    /cases/{esc}/consents/                      consent_esc     404      403       403   302   404  404  302
GET     /cases/{esc}/documents/                     -               404      403       403   200   404  404  302
POST    /cases/{esc}/documents/                     document        404      403       403   302   404  404  302
GET     /cases/{esc}/documents/{esc_doc}/           -               404      200       200   200   404  404  302
POST    /cases/{esc}/notes/                         note            404      302       302   302   404  404  302
POST    /cases/{esc}/assign/                        assign          404      403       403   302   404  404  302
GET     /cases/{esc}/urgency/                       -               404      403       403   200   404  404  302
POST    /cases/{esc}/urgency/                       urgency         404      403       403   302   404  404  302
GET     /cases/{esc}/briefings/                     -               404      200       200   200   404  404  302
POST    /cases/{esc}/briefings/                     bad_briefing    404      403       403   400   404  404  302
GET     /cases/{esc}/briefings/1.pdf                -               404      200       200   200   404  404  302
GET     /cases/{esc}/briefings/2.pdf                -               404      404       404   200   404  404  302
GET     /cases/{esc}/briefings/3.pdf                -               404      404       404   404   404  404  302
GET     /cases/{esc}/access/                        -               404      403       403   200   404  404  302
# Take: the escalated case no longer waits in the queue (refused with a message, unchanged)
POST    /cases/{esc}/take/                          -               404      403       403   302   404  404  302
POST    /cases/{esc}/reminders/                     reminder        404      302       302   302   404  404  302
# Only a draft is deleted, by its organisation: once submitted, nobody deletes a case
GET     /cases/{esc}/delete/                        -               404      403       403   403   404  404  302
POST    /cases/{esc}/delete/                        delete_esc      404      403       403   403   404  404  302
# A closed case: read-only for everyone, the council included; only the policy director may
# reopen it (council staff: 403). A member's withdrawal is a valid request the state refuses: 400.
GET     /cases/{closed}/                            -               404      200       200   200   404  404  302
GET     /cases/{closed}/edit/                       -               404      403       403   403   404  404  302
POST    /cases/{closed}/edit/                       edit_closed     404      403       403   403   404  404  302
GET     /cases/{closed}/facts/                      -               404      403       403   403   404  404  302
POST    /cases/{closed}/facts/                      facts_closed    404      403       403   403   404  404  302
GET     /cases/{closed}/people/                     -               404      403       403   403   404  404  302
POST    /cases/{closed}/people/                     person          404      403       403   403   404  404  302
POST    /cases/{closed}/documents/                  document        404      403       403   403   404  404  302
POST    /cases/{closed}/notes/                      note            404      403       403   403   404  404  302
POST    /cases/{closed}/assign/                     assign          404      403       403   403   404  404  302
GET     /cases/{closed}/urgency/                    -               404      403       403   403   404  404  302
POST    /cases/{closed}/urgency/                    urgency         404      403       403   403   404  404  302
GET     /cases/{closed}/transition/withdraw/        -               404      403       403   403   404  404  302
POST    /cases/{closed}/transition/withdraw/        withdraw_closed 404      400       400   400   404  404  302
GET     /cases/{closed}/transition/reopen/          -               404      403       403   403   404  404  302
# Read-only for the case, yet a personal reminder is the reader's own; Take is refused (message)
POST    /cases/{closed}/take/                       -               404      403       403   302   404  404  302
POST    /cases/{closed}/reminders/                  reminder        404      302       302   302   404  404  302
POST    /cases/{closed}/transition/reopen/          reopen          404      403       403   403   404  404  302
# No IDOR: an object of one case reached through the URL of another (a person of another case
# is not a valid choice in the form: 400 for those who may add files, nothing changes)
GET     /cases/{esc}/documents/{draft_doc}/         -               404      404       404   404   404  404  302
GET     /cases/{esc}/people/{draft_person}/edit/    -               404      404       404   404   404  404  302
POST    /cases/{esc}/people/{draft_person}/remove/  -               404      404       404   404   404  404  302
POST    /cases/{esc}/files/                         file_draft      404      403       403   400   404  404  302
# Tasks: the open task of the escalated case. Opening one leads to the case page; a claim that
# is not yours to make is refused with a message on the inbox (302, nothing changes).
GET     /tasks/{esc_task}/                          -               404      302       302   302   404  404  302
# A possible duplicate: the escalated case's person again, in the outsider's submitted `twin`.
# Council staff only; to everyone else the flag does not exist, whichever case they can see.
POST    /cases/{esc}/duplicates/{flag}/link/        -               404      404       404   302   404  404  302
POST    /cases/{esc}/duplicates/{flag}/dismiss/     dismiss         404      404       404   302   404  404  302
POST    /cases/{twin}/duplicates/{flag}/link/       -               404      404       404   302   404  404  302
POST    /cases/{esc}/duplicates/{flag}/dismiss/     -               404      404       404   400   404  404  302
POST    /tasks/{esc_task}/claim/                    -               404      302       302   302   404  404  302
# Sharing a case with a named person (Dana, of member organisation C, reads `esc` already)
GET     /cases/{esc}/shares/                        -               404      403       200   403   404  404  302
POST    /cases/{esc}/shares/                        share           404      403       302   403   404  404  302
POST    /cases/{esc}/shares/{dana}/withdraw/        -               404      403       302   403   404  404  302
POST    /cases/{esc}/shares/{colleague_id}/withdraw/ -              404      403       404   403   404  404  302
GET     /cases/{closed}/shares/                     -               404      403       200   403   404  404  302
POST    /cases/{closed}/shares/                     share           404      403       403   403   404  404  302
GET     /cases/{draft}/shares/                      -               404      403       200   404   404  404  302
# The disclosure portal: a government contact's disclosures, to nobody else. `disc`: to IRCC,
# briefing v1 (item 1) and the document (item 2); `cbsa_disc`: to CBSA, the document;
# `revoked`: to IRCC, revoked. A case's ledger: council staff only.
GET     /disclosures/                               -               404      404       404   404   200  200  302
GET     /disclosures/{disc}/                        -               404      404       404   404   200  404  302
GET     /disclosures/{disc}/items/1/                -               404      404       404   404   200  404  302
GET     /disclosures/{disc}/items/2/                -               404      404       404   404   200  404  302
GET     /disclosures/{disc}/items/3/                -               404      404       404   404   404  404  302
GET     /disclosures/{cbsa_disc}/                   -               404      404       404   404   404  200  302
GET     /disclosures/{cbsa_disc}/items/1/           -               404      404       404   404   404  200  302
GET     /disclosures/{revoked}/                     -               404      404       404   404   404  404  302
GET     /disclosures/{revoked}/items/1/             -               404      404       404   404   404  404  302
GET     /disclosures/999999/                        -               404      404       404   404   404  404  302
# A government response on the portal: the contact of the escalation's agency, on a disclosure
# they may still open (`cbsa_disc` belongs to no escalation)
GET     /disclosures/{disc}/response/               -               404      404       404   404   200  404  302
POST    /disclosures/{disc}/response/               respond_portal  404      404       404   404   302  404  302
POST    /disclosures/{disc}/response/               respond_early   404      404       404   404   400  404  302
GET     /disclosures/{cbsa_disc}/response/          -               404      404       404   404   404  404  302
GET     /disclosures/{revoked}/response/            -               404      404       404   404   404  404  302
POST    /disclosures/{revoked}/response/            respond_portal  404      404       404   404   404  404  302
POST    /disclosures/999999/response/               respond_portal  404      404       404   404   404  404  302
# The link e-mailed with `disc` to the IRCC contact: to the disclosure after sign-in, 404 to
# anyone else signed in; once revoked, or when not a link of ours, a page that says so (410, 404)
GET     /disclosures/link/{disc_link}/              -               404      404       404   404   302  404  302
GET     /disclosures/link/{revoked_link}/           -               404      404       404   404   410  404  410
GET     /disclosures/link/not-a-link/               -               404      404       404   404   404  404  404
GET     /cases/{esc}/disclosures/                   -               404      403       403   200   404  404  302
POST    /cases/{esc}/disclosures/                   disclose        404      403       403   302   404  404  302
POST    /cases/{esc}/disclosures/                   disclose_other  404      403       403   400   404  404  302
POST    /cases/{esc}/disclosures/{disc}/revoke/     reason          404      403       403   302   404  404  302
POST    /cases/{esc}/disclosures/{disc}/revoke/     -               404      403       403   400   404  404  302
POST    /cases/{esc}/disclosures/{revoked}/revoke/  reason          404      403       403   403   404  404  302
POST    /cases/{esc}/disclosures/{disc}/send/       -               404      403       403   302   404  404  302
POST    /cases/{esc}/disclosures/{revoked}/send/    -               404      403       403   403   404  404  302
POST    /cases/{closed}/disclosures/{disc}/send/    -               404      403       403   404   404  404  302
GET     /cases/{draft}/disclosures/                 -               404      403       403   404   404  404  302
GET     /cases/{closed}/disclosures/                -               404      403       403   200   404  404  302
POST    /cases/{closed}/disclosures/                disclose        404      403       403   403   404  404  302
POST    /cases/{closed}/disclosures/{disc}/revoke/  reason          404      403       403   404   404  404  302
# Escalations (one per agency request) and their responses: council staff, from the ledger
GET     /cases/{esc}/disclosures/escalations/new/   -               404      403       403   200   404  404  302
POST    /cases/{esc}/disclosures/escalations/new/   escalate_cbsa   404      403       403   302   404  404  302
POST    /cases/{esc}/disclosures/escalations/new/   escalate_ircc   404      403       403   400   404  404  302
GET     /cases/{closed}/disclosures/escalations/new/ -              404      403       403   403   404  404  302
GET     /cases/{draft}/disclosures/escalations/new/ -               404      403       403   404   404  404  302
GET     /cases/{esc}/disclosures/escalations/{esc_escalation}/response/ -        404 403 403 200 404 404 302
POST    /cases/{esc}/disclosures/escalations/{esc_escalation}/response/ respond  404 403 403 302 404 404 302
POST    /cases/{esc}/disclosures/escalations/{esc_escalation}/response/ respond_early 404 403 403 400 404 404 302
GET     /cases/{closed}/disclosures/escalations/{closed_escalation}/response/ -  404 403 403 403 404 404 302
GET     /cases/{closed}/disclosures/escalations/{esc_escalation}/response/ -     404 403 403 404 404 404 302
# Organisations: the council's list and pages; an organisation's own page for its administrator
GET     /accounts/organisations/                    -               403      403       403   200   404  404  302
GET     /accounts/organisations/?status=pending&province=NS -       403      403       403   200   404  404  302
GET     /accounts/organisations/apply/              -               200      200       200   200   200  200  200
POST    /accounts/organisations/apply/              apply           200      200       200   200   200  200  200
GET     /accounts/organisations/{org_a}/            -               404      404       200   200   404  404  302
GET     /accounts/organisations/{org_b}/            -               404      404       404   200   404  404  302
GET     /accounts/organisations/{council}/          -               404      404       404   200   404  404  302
GET     /accounts/organisations/{org_a}/edit/       -               404      404       403   200   404  404  302
POST    /accounts/organisations/{org_a}/edit/       org_edit        404      404       403   302   404  404  302
GET     /accounts/organisations/{pending}/approve/  -               404      404       404   200   404  404  302
POST    /accounts/organisations/{pending}/approve/  approve         404      404       404   302   404  404  302
POST    /accounts/organisations/{pending}/decline/  reason          404      404       404   302   404  404  302
GET     /accounts/organisations/{org_a}/approve/    -               404      404       403   403   404  404  302
GET     /accounts/organisations/{org_a}/suspend/    -               404      404       403   200   404  404  302
POST    /accounts/organisations/{org_a}/suspend/    reason          404      404       403   302   404  404  302
POST    /accounts/organisations/{org_a}/reactivate/ reason          404      404       403   403   404  404  302
POST    /accounts/organisations/{council}/suspend/  reason          404      404       404   403   404  404  302
GET     /accounts/organisations/{org_a}/nonsense/   -               404      404       404   404   404  404  302
# Invitations: into one's own organisation (its administrator), or one the council looks after
GET     /accounts/organisations/{org_a}/invite/     -               404      404       200   200   404  404  302
POST    /accounts/organisations/{org_a}/invite/     invite          404      404       302   302   404  404  302
POST    /accounts/organisations/{org_a}/invite/     invite_council  404      404       400   400   404  404  302
GET     /accounts/organisations/{council}/invite/   -               404      404       404   200   404  404  302
GET     /accounts/organisations/{agency}/invite/    -               404      404       404   200   404  404  302
GET     /accounts/organisations/{pending}/invite/   -               404      404       404   403   404  404  302
POST    /accounts/invitations/{invitation}/resend/  -               404      404       302   302   404  404  302
POST    /accounts/invitations/{invitation}/revoke/  -               404      404       302   302   404  404  302
POST    /accounts/invitations/{invitation_b}/revoke/ -              404      404       404   302   404  404  302
GET     /accounts/join/{token}/                     -               200      200       200   200   200  200  200
POST    /accounts/join/{token}/                     accept          302      302       302   302   302  302  302
POST    /accounts/join/{token}/                     accept_weak     400      400       400   400   400  400  400
GET     /accounts/join/no-such-invitation/          -               404      404       404   404   404  404  404
# People: an organisation's accounts, for its administrator (and the council's director)
GET     /accounts/members/{colleague_id}/           -               404      404       200   200   404  404  302
POST    /accounts/members/{colleague_id}/           role            404      404       302   403   404  404  302
POST    /accounts/members/{colleague_id}/deactivate/ -              404      404       302   403   404  404  302
POST    /accounts/members/{colleague_id}/reactivate/ -              404      404       403   403   404  404  302
GET     /accounts/members/{outsider_id}/            -               404      404       404   200   404  404  302
POST    /accounts/members/{outsider_id}/deactivate/ -               404      404       404   403   404  404  302
GET     /accounts/members/{director_id}/            -               404      404       404   200   404  404  302
POST    /accounts/members/{director_id}/            role            404      404       404   403   404  404  302
# Passwords: Django's views; reset open to anyone and the same whatever the address
GET     /accounts/password/reset/                   -               200      200       200   200   200  200  200
POST    /accounts/password/reset/                   reset           302      302       302   302   302  302  302
GET     /accounts/password/reset/sent/              -               200      200       200   200   200  200  200
GET     /accounts/password/reset/MQ/no-such-token/  -               200      200       200   200   200  200  200
GET     /accounts/password/reset/done/              -               200      200       200   200   200  200  200
GET     /accounts/password/                         -               200      200       200   200   200  200  302
GET     /accounts/password/changed/                 -               200      200       200   200   200  200  302
# Last: a new password starts a new session, which the rollback after each row forgets
POST    /accounts/password/                         password        302      302       302   302   302  302  302
"""
# fmt: on


@dataclass(frozen=True)
class Row:
    method: str
    url: str
    data: str
    expected: dict

    def __str__(self) -> str:
        return f"{self.method} {self.url} ({self.data})"


def parse(matrix: str) -> list[Row]:
    lines = [line for line in matrix.strip().splitlines() if not line.startswith("#")]
    header, *body = (line.split() for line in lines)
    assert tuple(header[3:]) == PERSONAS, header
    return [
        Row(method, url, data, dict(zip(PERSONAS, map(int, statuses), strict=True)))
        for method, url, data, *statuses in body
    ]


ROWS = parse(MATRIX)


@pytest.fixture
def world(
    monkeypatch,
    caseworker,
    colleague,
    org_admin,
    outsider,
    council_staff,
    director,
    ircc,
    ircc_contact,
):
    """The cases, their people, documents and briefings, the escalated case's task; the
    organisations, a pending application, open invitations and a share of `esc`."""
    # A blank PDF instead of weasyprint: rendering is tested in tests/briefings.
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: pdf_bytes())
    draft = make_case(caseworker)
    services.document_add(case=draft, actor=caseworker, kind="identity", upload=upload())
    esc = make_case(caseworker)
    services.document_add(case=esc, actor=caseworker, kind="identity", upload=upload())
    esc = advance(esc, "escalated", member=caseworker, council=director)
    closed = advance(make_case(caseworker), "closed", member=caseworker, council=director)
    for shared in (True, False):
        briefings.briefing_generate(
            case=esc, actor=director, recipient=Agency.IRCC, shared_with_organisation=shared
        )
    twin = make_case(outsider, people=0)
    person = esc.people.get()
    services.person_add(
        case=twin,
        actor=outsider,
        role=person.role,
        family_name=person.family_name,
        given_names=person.given_names,
        date_of_birth=person.date_of_birth,
        uci=person.uci,
    )
    twin = act(twin, outsider, "submit")
    esc_doc = esc.documents.get()
    disc = disclosures.disclosure_create(
        case=esc,
        actor=director,
        agency=Agency.IRCC,
        briefing=esc.briefings.get(number=1),
        documents=[esc_doc],
    )
    cbsa_disc = disclosures.disclosure_create(
        case=esc, actor=director, agency=Agency.CBSA, documents=[esc_doc]
    )
    revoked = disclosures.disclosure_create(
        case=esc, actor=director, agency=Agency.IRCC, documents=[esc_doc]
    )
    disclosures.disclosure_revoke(disclosure=revoked, actor=director, reason="Sent in error.")
    # current versions
    draft, esc, closed = (Case.objects.get(pk=case.pk) for case in (draft, esc, closed))
    task = Task.objects.filter(process__artifact_object_id=esc.pk).exclude(status="DONE").first()
    org_c = accounts.organisation_create(name="Member C", province="MB")
    dana = accounts.user_create(
        username="dana", password=None, organisation=org_c, role=Role.CASEWORKER
    )
    services.case_share(case=esc, actor=org_admin, user=dana)
    pending = accounts.organisation_apply(
        actor=None,
        name="Halifax Refugee Clinic",
        email="office@example.org",
        applicant_name="Jo Ellis",
        applicant_email="jo@example.org",
        province="NS",
    )
    invitation, token = accounts.invitation_create(
        actor=org_admin,
        organisation=caseworker.organisation,
        role=Role.CASEWORKER,
        email="new@example.org",
        language="en",
    )
    invitation_b, _token = accounts.invitation_create(
        actor=director,
        organisation=outsider.organisation,
        role=Role.ORG_ADMIN,
        email="admin-b@example.org",
        language="en",
    )
    saved = services.saved_filter_create(actor=colleague, name="Drafts", query="status=draft")
    reminder = services.reminder_add(case=draft, actor=colleague, remind_on=timezone.localdate())
    return {
        "saved": saved.pk,
        "reminder": reminder.pk,
        "draft": draft,
        "esc": esc,
        "closed": closed,
        "draft_person": draft.people.get().pk,
        "esc_person": esc.people.get().pk,
        "draft_doc": draft.documents.get().pk,
        "esc_doc": esc.documents.get().pk,
        "esc_task": task.pk,
        "twin": twin,
        "flag": DuplicateFlag.objects.get().pk,
        "staff": council_staff,
        "dana": dana.pk,
        "colleague_id": colleague.pk,
        "outsider_id": outsider.pk,
        "director_id": director.pk,
        "org_a": caseworker.organisation_id,
        "org_b": outsider.organisation_id,
        "council": director.organisation_id,
        "agency": ircc.pk,
        "pending": pending.pk,
        "invitation": invitation.pk,
        "invitation_b": invitation_b.pk,
        "token": token,
        "disc": disc.pk,
        "cbsa_disc": cbsa_disc.pk,
        "revoked": revoked.pk,
        "esc_escalation": esc.escalations.get().pk,
        "closed_escalation": closed.escalations.get().pk,
        # the tokens of the links e-mailed to the IRCC contact
        "disc_link": link_token(disc, ircc_contact),
        "revoked_link": link_token(revoked, ircc_contact),
    }


def link_token(disclosure, recipient) -> str:
    path = links.link_path(disclosure_id=disclosure.pk, recipient_id=recipient.pk)
    return path.rstrip("/").rsplit("/", 1)[-1]


def post_data(name: str, world: dict) -> dict:
    today = timezone.localdate().isoformat()
    draft, esc = world["draft"], world["esc"]

    response = {"received_on": today, "decision": "under_review", "summary": "Under review."}
    escalation = {"requested_action": "Defer the removal.", "sent_on": today}

    def transition(name, case, **fields):
        return {f"{name}-version": case.version} | {f"{name}-{k}": v for k, v in fields.items()}

    def edit(case):
        return {
            "version": case.version,
            "kind": case.kind,
            "summary": "Updated summary.",
            "correspondence_language": "en",
        }

    def file(person):
        return {"file-agency": "IRCC", "file-kind": "hc", "file-number": "F123456789",
                "file-person": person}  # fmt: skip

    def consent(person):
        return {"consent-person": person, "consent-signed_by": "self",
                "consent-signed_on": today, "consent-covers_council": "on",
                "consent-instrument": "council_form"}  # fmt: skip

    def facts(case):
        return {"facts-version": case.version, "facts-sponsor_category": "protected_person",
                "facts-declared": "no", "facts-examined": "no",
                "facts-other_parent_consent": "unknown"}  # fmt: skip

    person = {"role": "child", "family_name": "Doe", "given_names": "Sam",
              "date_of_birth": "2015-01-01", "date_of_birth_precision": "day"}  # fmt: skip
    return {
        "-": {},
        "new_case": {
            "kind": "family_reunification",
            "summary": "New.",
            "correspondence_language": "en",
        },
        "settings": {
            "language": "en",
            "time_zone": "America/Toronto",
            "notification_mode": "immediate",
        },
        "facts_draft": facts(draft),
        "facts_esc": facts(esc),
        "facts_closed": facts(world["closed"]),
        "edit_draft": edit(draft),
        "edit_esc": edit(esc),
        "edit_closed": edit(world["closed"]),
        "submit": transition("submit", draft),
        "withdraw_draft": transition("withdraw", draft, comment="The family moved."),
        "delete_draft": {"version": draft.version},
        "delete_esc": {"version": esc.version},
        "withdraw_esc": transition("withdraw", esc, comment="The family moved."),
        "withdraw_closed": transition("withdraw", world["closed"], comment="The family moved."),
        "reopen": transition("reopen", world["closed"], comment="IRCC wrote again."),
        "record_response": transition(
            "record_response", esc, received_on=today, response="Exemption granted."
        ),
        "person": {f"person-{key}": value for key, value in person.items()},
        "person_edit": person,
        "file_draft": file(world["draft_person"]),
        "file_esc": file(world["esc_person"]),
        "consent_draft": consent(world["draft_person"]),
        "consent_esc": consent(world["esc_person"]),
        "document": {"document-kind": "identity", "document-upload": upload()},
        "note": {"note-body": "Called the client."},
        "bulk": {"bulk-cases": [esc.pk], "bulk-action": "take"},
        "saved_filter": {"name": "Urgent", "query": "urgency=1"},
        "reminder": {"reminder-remind_on": today, "reminder-note": "Call back."},
        "dismiss": {"reason": "Two different people: the dates of arrival differ."},
        "assign": {"assign-assignee": world["staff"].pk},
        "urgency": {"urgency-urgency": "1", "urgency-reason": "Detained since this morning."},
        # Refused by the form: a valid one would render a PDF (tested in tests/briefings).
        "bad_briefing": {"recipient": "nobody"},
        "share": {"email": "charlie@example.org"},
        "respond_portal": response,
        "respond": response | {"channel": "email"},
        # received before the escalation was sent: refused with a message, nothing recorded
        "respond_early": response | {"channel": "email", "received_on": "2026-01-02"},
        "escalate_cbsa": escalation | {"agency": "CBSA"},
        # IRCC is still waiting for an answer to the first escalation: refused
        "escalate_ircc": escalation | {"agency": "IRCC"},
        "disclose": {"agency": "IRCC", "documents": [world["esc_doc"]]},
        # a document of another case is not a valid choice: refused, nothing disclosed
        "disclose_other": {"agency": "IRCC", "documents": [world["draft_doc"]]},
        "apply": {
            "name": "Regina Newcomer Rights",
            "email": "office@example.org",
            "province": "SK",
            "applicant_name": "Lee Park",
            "applicant_email": "lee@example.org",
        },  # fmt: skip
        "org_edit": {"name": "Member A", "province": "ON", "works_in_english": "on"},
        "approve": {"admin_email": "jo@example.org", "admin_language": "en"},
        "reason": {"reason": "Decided at the board meeting."},
        "invite": {"email": "someone@example.org", "role": "caseworker", "language": "en"},
        "invite_council": {"email": "x@example.org", "role": "council_staff", "language": "en"},
        "accept": acceptance("newcomer"),
        "accept_weak": acceptance("newcomer", password="password1234"),
        "role": {"role": "org_admin"},
        "reset": {"email": "alice@example.org"},
        "password": {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase",
            "new_password2": "another long passphrase",
        },  # fmt: skip
    }[name]


def status_of(client: Client, row: Row, world: dict) -> int:
    url = row.url.format(
        **{key: getattr(value, "reference", value) for key, value in world.items()}
    )
    cases = (world["draft"], world["esc"], world["closed"])
    before = [snapshot(case) for case in cases]
    with transaction.atomic():
        if row.method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, post_data(row.data, world))
        refused = response.status_code in (400, 403, 404, 405)
        changed = refused and [snapshot(case) for case in cases] != before
        transaction.set_rollback(True)
    if response.wsgi_request.user.is_authenticated:
        # No browser or proxy keeps what a signed-in person was shown, downloads included.
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", ")), url
    if response.streaming:  # a download: read it, which also closes its file
        b"".join(response.streaming_content)
    return -response.status_code if changed else response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_persona_as_the_matrix_says(request, persona, world):
    fixture = FIXTURES[persona]
    client = client_for(request.getfixturevalue(fixture)) if fixture else Client()
    # A negative status: refused, yet one of the cases changed.
    wrong = [
        f"{row}: expected {row.expected[persona]}, got {got}"
        for row in ROWS
        if (got := status_of(client, row, world)) != row.expected[persona]
    ]
    assert wrong == [], f"{persona}:\n" + "\n".join(wrong)
