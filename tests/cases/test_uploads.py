"""Uploaded documents: checked by content, stored privately, served only as attachments."""

import hashlib
import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import translation

from casework.cases import services
from casework.cases.models import Document
from casework.cases.uploads import DOCX, ODT, safe_filename
from tests.factories import (
    client_for,
    make_case,
    pdf_bytes,
    png_bytes,
    snapshot,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages in English unless a request asks otherwise; no French left for later tests."""
    with translation.override("en"):
        yield


def zip_bytes(members: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members):
            stored = stored_first and index == 0
            archive.writestr(name, data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]
    )


def odt_bytes() -> bytes:
    return zip_bytes(
        [("mimetype", ODT.encode()), ("content.xml", b"<office:document-content/>")],
        stored_first=True,
    )


def add(case, actor, name, content):
    return services.document_add(
        case=case, actor=actor, kind="evidence", upload=upload(name, content, "text/html")
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("letter.docx", docx_bytes, DOCX),
        ("lettre.odt", odt_bytes, ODT),
        ("scan.JPG", lambda: b"\xff\xd8\xff\xe0" + b"\0" * 64, "image/jpeg"),
    ],
)
def test_it_accepts_office_documents_and_jpeg_by_their_content(
    caseworker, name, content, content_type
):
    case = make_case(caseworker)
    document = add(case, caseworker, name, content())
    assert document.content_type == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("passport.pdf", b"<!DOCTYPE html><script>alert(document.cookie)</script>"),
        ("passport.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\0" * 64),  # a Windows program
        ("passport.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 64),
        ("report.docx", zip_bytes([("payload.exe", b"MZ")])),  # any other zip
        ("report.docx", b"PK\x03\x04 broken"),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
    ],
)
def test_it_refuses_content_that_is_not_an_allowed_type_whatever_its_name(
    caseworker, settings, name, content
):
    case = make_case(caseworker)
    before = snapshot(case)
    with pytest.raises(services.CaseError, match="Only PDF, PNG, JPEG"):
        add(case, caseworker, name, content)
    assert snapshot(case) == before
    assert not Document.objects.exists()
    assert stored_files() == []


def test_it_refuses_a_name_that_does_not_match_the_content(caseworker, settings):
    case = make_case(caseworker)
    with pytest.raises(services.CaseError, match="does not match its content"):
        add(case, caseworker, "photo.html", png_bytes())
    assert stored_files() == []


def test_it_computes_the_sha256_of_the_whole_file_as_it_stores_it(caseworker, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # a file on disk, streamed in chunks
    content = pdf_bytes() + b"%" * (3 * 64 * 1024)
    case = make_case(caseworker)
    document = add(case, caseworker, "long.pdf", content)
    [on_disk] = stored_files()
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert on_disk.read_bytes() == content
    assert document.size == len(content)


def test_it_refuses_an_upload_over_the_limit_with_a_translated_message(caseworker, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    caseworker.language = "fr"
    caseworker.save(update_fields=["language"])
    case = make_case(caseworker)
    before = snapshot(case)
    response = client_for(caseworker).post(
        f"/cases/{case.reference}/documents/",
        {
            "document-kind": "identity",
            "document-upload": upload("big.pdf", pdf_bytes() + b"\0" * (1024 * 1024)),
        },
    )
    assert response.status_code == 400
    too_big = "Le fichier est trop volumineux\u00a0: la limite est de 1 Mo."
    assert too_big in response.content.decode()
    assert snapshot(case) == before
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\amina\\scan.pdf", "scan.pdf"),
        ('evil"\r\nSet-Cookie: x=1.pdf', "evil___Set-Cookie: x=1.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("", "document"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_it_cleans_the_name_a_document_is_offered_under(name, safe):
    assert safe_filename(name) == safe


def test_it_serves_a_document_as_an_attachment_with_a_safe_non_ascii_name(caseworker, colleague):
    case = make_case(caseworker)
    document = add(case, caseworker, "Lettre de l'école – Maëlle.pdf", pdf_bytes())
    response = client_for(colleague).get(f"/cases/{case.reference}/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Lettre%20de%20l%27%C3%A9cole%20%E2%80%93%20Ma%C3%ABlle.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_it_never_serves_a_stored_file_as_a_web_page(caseworker):
    # Even a row tampered with outside the application (admin, SQL) cannot make the browser
    # render a document as a page of this site.
    case = make_case(caseworker)
    document = add(case, caseworker, "scan.png", png_bytes())
    Document.objects.filter(pk=document.pk).update(content_type="text/html")
    response = client_for(caseworker).get(f"/cases/{case.reference}/documents/{document.pk}/")
    response.close()
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_it_stores_documents_outside_the_served_directories(caseworker, settings):
    case = make_case(caseworker)
    add(case, caseworker, "a.pdf", pdf_bytes())
    [on_disk] = stored_files()
    assert on_disk.is_relative_to(settings.PRIVATE_STORAGE_ROOT)
    for served in (settings.STATIC_ROOT, *settings.STATICFILES_DIRS):
        assert not on_disk.is_relative_to(served)


@pytest.mark.parametrize("root", ["STATIC_ROOT", "STATICFILES_DIRS", "MEDIA_ROOT"])
def test_the_system_check_refuses_private_storage_inside_a_served_directory(
    settings, tmp_path, root
):
    served = tmp_path / "public"
    setattr(settings, root, [served] if root == "STATICFILES_DIRS" else served)
    settings.PRIVATE_STORAGE_ROOT = served / "documents"
    with pytest.raises(SystemCheckError, match="cases.E001"):
        call_command("check")


def test_the_system_check_accepts_private_storage_beside_the_served_directories(settings):
    call_command("check")
