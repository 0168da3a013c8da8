"""The briefing package read back with pypdf: annexes in order, stamped, and inert."""

import hashlib
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from casework.accounts.models import Agency
from casework.briefings import services as briefings
from casework.cases import services as cases
from casework.cases.models import Case, Kind
from casework.cases.uploads import DOCX
from tests.briefings.client import fetch
from tests.cases.test_uploads import docx_bytes
from tests.factories import advance, client_for, make_case, png_bytes, upload

from .conftest import escalate

pytestmark = pytest.mark.django_db


def hostile_pdf() -> bytes:
    """A page that runs JavaScript on opening and links out, with an OpenAction."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=400)
    writer.add_annotation(
        page_number=0, annotation=Link(rect=(10, 10, 200, 50), url="https://evil.example/")
    )

    def javascript(code):
        return writer._add_object(
            DictionaryObject(
                {
                    NameObject("/S"): NameObject("/JavaScript"),
                    NameObject("/JS"): TextStringObject(code),
                }
            )
        )

    root = writer._root_object
    root[NameObject("/OpenAction")] = javascript("app.launchURL('https://evil.example/');")
    names = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("x"), javascript("app.alert(1);")])}
    )
    root[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): names})
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): javascript("app.alert(2);")})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def packaged(now, caseworker, director, django_capture_on_commit_callbacks):
    """Escalated to CBSA with the briefing, a hostile PDF, a photo and a Word letter."""
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, requested_action="Defer.")
    for name, data, content_type in (
        ("hostile.pdf", hostile_pdf(), "application/pdf"),
        ("photo.png", png_bytes(), "image/png"),
        ("letter.docx", docx_bytes(), DOCX),
    ):
        cases.document_add(
            case=case, actor=caseworker, kind="identity", upload=upload(name, data, content_type)
        )
    case = advance(case, "accepted", member=caseworker, council=director)
    briefing = briefings.briefing_generate(
        case=case, actor=director, recipient=Agency.CBSA, language="en"
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = escalate(
            case, director, briefing=briefing, documents=list(case.documents.order_by("pk"))
        )
    return Case.objects.get(pk=case.pk).disclosures.get()


def test_the_package_reads_back_annexed_stamped_and_inert(packaged, cbsa_contact):
    package = packaged.package
    ref = packaged.case.reference
    status, data = fetch(
        client_for(cbsa_contact), reverse("disclosures:package", args=[packaged.pk])
    )

    assert status == 200
    assert hashlib.sha256(data).hexdigest() == package.sha256  # the ledger's digest
    assert package.annexes == 2
    reader = PdfReader(io.BytesIO(data))
    texts = [page.extract_text() for page in reader.pages]
    table = next(i for i, text in enumerate(texts) if "Table of annexes" in text)
    assert table > 0  # after the briefing's pages
    assert texts[table].index("hostile.pdf") < texts[table].index("photo.png")
    assert "Sent as separate files" in texts[table] and "letter.docx" in texts[table]
    annex_pages = texts[table + 1 :]
    assert len(annex_pages) == 2
    for number, text in enumerate(annex_pages, start=1):
        assert f"{ref} · Annex {number} · PROTECTED B" in text
    # Nothing active came along: no document action, no JavaScript, no link, no annotation.
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root
    assert "/JavaScript" not in root.get("/Names", {})
    for page in reader.pages:
        assert "/Annots" not in page and "/AA" not in page
    assert b"/JavaScript" not in data and b"/URI" not in data and b"evil.example" not in data


def test_a_disclosure_without_a_briefing_has_no_package(accepted_removal, director, cbsa_contact):
    disclosure = escalate(accepted_removal, director).disclosures.get()
    assert not hasattr(disclosure, "package")
    response = client_for(cbsa_contact).get(reverse("disclosures:package", args=[disclosure.pk]))
    assert response.status_code == 404


def test_another_agency_cannot_download_the_package(packaged, ircc_contact, outsider):
    url = reverse("disclosures:package", args=[packaged.pk])
    for user in (ircc_contact, outsider):
        assert client_for(user).get(url).status_code == 404
