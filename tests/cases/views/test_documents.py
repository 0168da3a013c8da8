"""Attaching and downloading documents."""

import hashlib

import pytest

from casework.cases import services
from casework.cases.models import CaseEvent, Document
from tests.factories import client_for, make_case, pdf_bytes, snapshot, upload

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# Documents


def test_it_attaches_and_serves_a_document_as_an_attachment(caseworker, colleague, draft):
    content = pdf_bytes()
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/documents/",
        {"document-kind": "medical", "document-upload": upload("Dr letter.pdf", content)},
    )
    assert response.status_code == 302
    document = draft.documents.get(kind="medical")

    response = client_for(colleague).get(f"/cases/{draft.reference}/documents/{document.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Dr letter.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == document.sha256
    event = draft.events.first()
    assert (event.action, event.actor, event.data) == (
        "document.downloaded",
        colleague,
        {"id": document.pk},
    )


def test_it_refuses_a_text_file_named_pdf(caseworker, draft):
    before = snapshot(draft)
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/documents/",
        {
            "document-kind": "identity",
            "document-upload": upload("notes.pdf", b"Dear officer,\n", "application/pdf"),
        },
    )
    assert response.status_code == 400
    assert "Only PDF, PNG, JPEG, Word (.docx) and OpenDocument (.odt) files" in page(response)
    assert snapshot(draft) == before
    assert draft.documents.count() == 1


def test_it_answers_404_for_a_document_of_another_case(caseworker, draft):
    other = make_case(caseworker)
    document = services.document_add(case=other, actor=caseworker, kind="identity", upload=upload())
    response = client_for(caseworker).get(f"/cases/{draft.reference}/documents/{document.pk}/")
    assert response.status_code == 404
    assert not CaseEvent.objects.filter(action="document.downloaded").exists()


def test_it_does_not_leak_a_documents_existence_through_its_id(outsider, draft):
    missing = Document.objects.order_by("-pk").first().pk + 100
    client = client_for(outsider)
    real = client.get(f"/cases/{draft.reference}/documents/{draft.documents.first().pk}/")
    fake = client.get(f"/cases/{draft.reference}/documents/{missing}/")
    assert real.status_code == fake.status_code == 404
