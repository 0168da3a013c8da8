"""Notes on the case page."""

import pytest

from casework.cases.models import Note
from tests.factories import client_for, make_case, snapshot

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# Notes, assignment, urgency


def test_it_adds_a_note(caseworker, draft):
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/notes/", {"note-body": "Client prefers Arabic."}
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.body, note.internal, note.author) == ("Client prefers Arabic.", False, caseworker)


def test_it_forbids_a_caseworker_an_internal_note(caseworker, draft):
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/notes/", {"note-body": "Secret.", "note-internal": "on"}
    )
    assert response.status_code == 403
    assert not Note.objects.exists()


def test_it_hides_internal_notes_from_the_member(caseworker, director):
    case = make_case(caseworker, submitted=True)
    client_for(director).post(
        f"/cases/{case.reference}/notes/",
        {"note-body": "Weak on the merits.", "note-internal": "on"},
    )
    assert Note.objects.get().internal
    assert "Weak on the merits." in page(client_for(director).get(f"/cases/{case.reference}/"))
    assert "Weak on the merits." not in page(
        client_for(caseworker).get(f"/cases/{case.reference}/")
    )


def test_it_refuses_an_empty_note(caseworker, draft):
    before = snapshot(draft)
    response = client_for(caseworker).post(f"/cases/{draft.reference}/notes/", {"note-body": ""})
    assert response.status_code == 400
    assert snapshot(draft) == before
