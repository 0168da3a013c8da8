"""Bad input never breaks the site, and a failure half-way leaves nothing half-written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from viewflow.workflow.models import Task

import flows.receivers
from casework.cases import services
from casework.cases.models import Case, Kind, Status
from flows.services import process_of
from tests.factories import act, case_at, escalation_params, make_case, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


# A failure in the middle of a transition


def state(case: Case) -> tuple:
    """Everything a transition writes: the case, its history, its deadlines and its flow."""
    case = Case.objects.get(pk=case.pk)
    process = process_of(case)
    tasks = (
        sorted(Task.objects.filter(process=process).values_list("pk", "status", "owner_id"))
        if process
        else []
    )
    return (
        case.status,
        case.version,
        case.escalation_target,
        case.escalated_at,
        sorted(case.events.values_list("pk", flat=True)),
        sorted(case.deadlines.values_list("kind", "due_on")),
        sorted(case.disclosures.values_list("pk", flat=True)),
        process.status if process else None,
        tasks,
    )


def fail_after(real):
    def broken(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("the disk filled up")

    return broken


@pytest.mark.parametrize(
    "step",
    [
        "writing the event",  # after the status and version are saved
        "advancing the flow",  # after the flow's tasks are completed and the next one created
        "disclosing to the agency",  # after the disclosure was written to the ledger
    ],
)
def test_a_failure_during_a_transition_leaves_no_trace(caseworker, director, monkeypatch, step):
    case = case_at(Status.ACCEPTED, member=caseworker, council=director, kind=Kind.REMOVAL_DEFERRAL)
    before = state(case)
    assert before[-1], "the flow has an open task to complete"
    target = {
        "writing the event": (services, "record"),
        "advancing the flow": (flows.receivers, "advance_process"),
        "disclosing to the agency": (services, "disclosure_create"),
    }[step]
    monkeypatch.setattr(*target, fail_after(getattr(*target)))

    with pytest.raises(RuntimeError):
        act(case, director, "escalate", **escalation_params(case))

    assert state(case) == before
    monkeypatch.undo()
    # And the case still moves on once the fault is gone.
    assert act(case, director, "escalate", **escalation_params(case)).status == Status.ESCALATED


# Garbage posted to every form


GARBAGE = [
    "",
    "\x00",
    "x" * 100_000,
    "99999999999999999999999",
    "2026-02-30",
    "é😀\u202e\ufeff<script>alert(1)</script>' OR 1=1 --",
]


def garbage_posts(fields: list[str]):
    """Every garbage value in every field (each post mixes them), then lists and files."""
    for shift in range(len(GARBAGE)):
        yield {name: GARBAGE[(i + shift) % len(GARBAGE)] for i, name in enumerate(fields)}
    yield {name: ["1", "2"] for name in fields}
    yield {name: SimpleUploadedFile("x.pdf", b"<html>", "text/html") for name in fields}


def form_urls(case: Case, person_id: int) -> dict[str, list[str]]:
    """Every URL that accepts a POST, with the field names its forms read."""
    ref = case.reference
    transition_fields = [
        "version", "comment", "target", "sent_on", "government_reference", "consent_override",
        "consent_override_reason", "received_on", "response", "outcome", "documents", "briefing",
    ]  # fmt: skip
    urls = {
        "/cases/new/": ["kind", "summary", "grounds", "deadline", "removal-removal_at"],
        f"/cases/{ref}/edit/": ["version", "summary", "kind", "deadline", "removal-removal_at"],
        f"/cases/{ref}/people/": [f"person-{f}" for f in ("role", "family_name", "uci",
                                                         "date_of_birth", "citizenship")],
        f"/cases/{ref}/people/{person_id}/edit/": ["role", "family_name", "uci", "date_of_birth"],
        f"/cases/{ref}/files/": [f"file-{f}" for f in ("agency", "kind", "number", "person",
                                                      "decided_on", "notified_on")],
        f"/cases/{ref}/consents/": [f"consent-{f}" for f in ("person", "signed_by", "signed_on",
                                                            "expires_on", "covers_ircc")],
        f"/cases/{ref}/documents/": ["document-kind", "document-upload"],
        f"/cases/{ref}/notes/": ["note-body", "note-internal"],
        f"/cases/{ref}/assign/": ["assign-assignee"],
        f"/cases/{ref}/urgency/": ["urgency-urgency", "urgency-reason"],
        f"/cases/{ref}/briefings/": ["language", "recipient", "shared_with_organisation"],
        f"/cases/{ref}/disclosures/": ["agency", "contact", "briefing", "documents",
                                       "consent_override", "consent_override_reason"],
        f"/cases/{ref}/disclosures/1/revoke/": ["reason"],
        "/accounts/settings/": ["mode", "language", "timezone"],
        "/i18n/setlang/": ["language", "next"],
        "/accounts/login/": ["username", "password"],
    }  # fmt: skip
    for name in list(services.TRANSITION_SERVICES):
        urls[f"/cases/{ref}/transition/{name}/"] = [f"{name}-{f}" for f in transition_fields]
    return urls


@pytest.mark.parametrize("who", ["caseworker", "director"])
def test_garbage_posted_to_every_form_never_gives_a_server_error(
    request, caseworker, director, who
):
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL)
    services.document_add(case=case, actor=caseworker, kind="identity", upload=upload())
    if who == "director":
        case = act(case, caseworker, "submit")
        case = act(case, director, "start_review")
    user = request.getfixturevalue(who)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    person_id = case.people.get().pk
    before = Case.objects.get(pk=case.pk)

    for url, fields in form_urls(case, person_id).items():
        for data in garbage_posts(fields):
            response = client.post(url, data)
            assert response.status_code < 500, (url, str(data)[:80], response.status_code)
            client.force_login(user)  # the login and language forms may have changed the session

    after = Case.objects.get(pk=case.pk)
    assert (after.status, after.summary, after.kind) == (before.status, before.summary, before.kind)
