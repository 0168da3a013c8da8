"""The conversation of a case: the council's question pinned at the top, answers with documents
at any stage before closure, an e-mail to the other side, unread markers in lists and inbox."""

import datetime

import pytest
from django.core import mail

from casework.cases import services
from casework.cases.models import Case, Document, Person, Status
from tests.factories import NOW, act, case_at, client_for, make_case, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

QUESTION = "Send the birth certificate of the youngest child."


@pytest.fixture
def asked(caseworker, director):
    """A case in which the council asked the caseworker for information."""
    case = make_case(caseworker, people=0, title="Two sons abroad")
    services.person_add(
        case=case, actor=caseworker, role=Person.Role.SPONSOR,
        given_names="Lucía", family_name="Morales Castaño",
    )  # fmt: skip
    case = act(case, caseworker, "submit")
    case = act(case, director, "start_review")
    return act(case, director, "request_info", comment=QUESTION)


def reply(client, case, body="Here it is.", **files):
    return client.post(
        f"/cases/{case.reference}/notes/",
        {"note-body": body, **{f"note-{k}": v for k, v in files.items()}},
    )


def test_the_question_is_pinned_at_the_top_with_the_answer_box(caseworker, director, asked):
    html = client_for(caseworker).get(f"/cases/{asked.reference}/").content.decode()
    pinned = html.index("The council asks for information")
    assert pinned < html.index("Next steps")
    assert QUESTION in html[pinned : html.index("Next steps")]
    assert 'name="note-upload"' in html[pinned : html.index("Next steps")]
    # The resubmission page says what was asked, too.
    page = client_for(caseworker).get(f"/cases/{asked.reference}/transition/resubmit/")
    assert QUESTION in page.content.decode()
    # The council sees the question, without an answer box of its own there.
    html = client_for(director).get(f"/cases/{asked.reference}/").content.decode()
    assert "Waiting for the member organisation" in html


def test_the_answer_with_a_document_reaches_the_director_by_e_mail_and_marker(
    caseworker, director, asked, django_capture_on_commit_callbacks, time_machine
):
    director_client = client_for(director)
    director_client.get(f"/cases/{asked.reference}/")  # read up to now
    assert "New message" not in director_client.get("/cases/").content.decode()
    mail.outbox.clear()
    time_machine.move_to(NOW + datetime.timedelta(minutes=5), tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = reply(client_for(caseworker), asked, upload=upload(), document_kind="evidence")
    assert response.status_code == 302
    note = asked.notes.get()
    assert note.document.kind == Document.DocumentKind.EVIDENCE
    assert note.document in asked.documents.all()

    [message] = [m for m in mail.outbox if director.email in m.to]
    assert (
        message.subject
        == f"[Casework] Case {asked.reference}: a message from the member organisation"
    )
    for private in ("Lucía", "Morales", "Two sons", "Here it is", "a.pdf"):
        assert private not in message.subject
        assert private not in message.body
    assert caseworker.email not in {address for m in mail.outbox for address in m.to}

    assert "New message" in director_client.get("/cases/").content.decode()
    director_client.get(f"/cases/{asked.reference}/")
    assert "New message" not in director_client.get("/cases/").content.decode()


def test_the_council_answer_e_mails_the_caseworker(
    caseworker, director, asked, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply(client_for(director), asked, body="Thanks, received.")
    assert [m.to for m in mail.outbox] == [[caseworker.email]]
    assert (
        mail.outbox[0].subject == f"[Casework] Case {asked.reference}: a message from the council"
    )
    # In the list, and on the caseworker's task (give the information) in the inbox.
    for path in ("/cases/", "/tasks/"):
        assert "New message" in client_for(caseworker).get(path).content.decode(), path


def test_a_member_sends_a_document_after_submitting(caseworker, director):
    case = make_case(caseworker, submitted=True)
    assert not client_for(caseworker).get(f"/cases/{case.reference}/documents/").status_code == 200
    response = reply(client_for(caseworker), case, upload=upload(), document_kind="medical")
    assert response.status_code == 302
    assert case.documents.get().kind == Document.DocumentKind.MEDICAL


def test_a_document_needs_its_kind(caseworker, asked):
    before = Case.objects.get(pk=asked.pk).version
    response = reply(client_for(caseworker), asked, upload=upload())
    assert response.status_code == 400
    assert not asked.notes.exists()
    assert Case.objects.get(pk=asked.pk).version == before


def test_council_only_notes_stay_with_the_council(
    caseworker, director, asked, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(director).post(
            f"/cases/{asked.reference}/notes/",
            {"note-body": "Weak file.", "note-internal": "on"},
        )
    assert response.status_code == 302
    assert mail.outbox == []
    assert (
        "Weak file."
        not in client_for(caseworker).get(f"/cases/{asked.reference}/").content.decode()
    )
    assert "New message" not in client_for(caseworker).get("/cases/").content.decode()
    with pytest.raises(services.CaseError):
        services.note_add(
            case=asked, actor=director, body="See this.", internal=True, upload=upload()
        )


def test_no_message_once_closed_and_none_from_outside(caseworker, director, outsider):
    closed = case_at(Status.CLOSED, member=caseworker, council=director)
    assert reply(client_for(caseworker), closed).status_code == 403
    assert reply(client_for(outsider), closed).status_code == 404
    assert not closed.notes.exists()
