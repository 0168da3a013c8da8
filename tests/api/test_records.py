"""The case's records through the API: people, government files, consents, documents (the same
content checks as the page), notes as the user may see them; the schema and its documentation."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from casework.audit.models import Action, AuditEntry
from casework.cases import services
from casework.cases.models import Document
from tests.factories import make_case, pdf_bytes, snapshot, upload

from .helpers import api_client, post_json

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_a_member_adds_and_lists_people_of_the_draft(caseworker):
    case = make_case(caseworker, people=0)
    client = api_client(caseworker)
    url = f"/api/v1/cases/{case.reference}/people/"
    child = {"role": "child", "family_name": "Mbala", "date_of_birth_precision": "day"}
    response = post_json(client, url, child | {"uci": "12-3456-7890"})
    assert response.status_code == 201, response.json()["errors"]
    # The page's form normalises the UCI; so does the API, with the same form.
    assert response.json()["uci"] == "1234567890"
    assert [p["family_name"] for p in client.get(url).json()] == ["Mbala"]
    future = post_json(client, url, child | {"date_of_birth": "2099-01-01"})
    assert future.status_code == 400
    assert future.json()["errors"]["date_of_birth"] == ["A date of birth cannot be in the future."]


def test_a_document_is_checked_by_its_content_as_on_the_page(caseworker):
    case = make_case(caseworker)
    client = api_client(caseworker)
    url = f"/api/v1/cases/{case.reference}/documents/"
    before = snapshot(case)
    page = upload("passport.pdf", b"<html><script>alert(1)</script></html>")
    refused = client.post(url, {"kind": "identity", "upload": page})
    assert refused.status_code == 400
    assert "Only PDF, PNG, JPEG" in refused.json()["detail"]
    assert snapshot(case) == before and not Document.objects.exists()
    created = client.post(url, {"kind": "identity", "upload": upload()})
    assert created.status_code == 201
    document = Document.objects.get()
    assert created.json()["sha256"] == document.sha256
    download = client.get(f"{url}{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes()
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(action=Action.DOCUMENT_DOWNLOADED).count() == 1


def test_members_never_read_the_councils_internal_notes(caseworker, director):
    case = make_case(caseworker, submitted=True)
    services.note_add(case=case, actor=caseworker, body="Called the client.", internal=False)
    services.note_add(case=case, actor=director, body="Weak file.", internal=True)
    url = f"/api/v1/cases/{case.reference}/notes/"
    assert [n["body"] for n in api_client(caseworker).get(url).json()] == ["Called the client."]
    assert len(api_client(director).get(url).json()) == 2
    refused = post_json(api_client(caseworker), url, {"body": "Mine.", "internal": True})
    assert refused.status_code == 403


def test_every_read_of_a_cases_records_is_audited(caseworker):
    case = make_case(caseworker)
    client = api_client(caseworker)
    for records in ("people", "government-files", "consents", "documents", "notes"):
        assert client.get(f"/api/v1/cases/{case.reference}/{records}/").status_code == 200
    assert (
        AuditEntry.objects.filter(
            action=Action.CASE_VIEWED, case_reference=case.reference, actor=caseworker
        ).count()
        == 5
    )


def test_the_schema_is_openapi_3_and_describes_the_token(db):
    schema = Client().get("/api/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    assert "/api/v1/cases/{reference}/transitions/{name}/" in schema["paths"]


def test_the_documentation_is_served_from_the_app_under_the_strict_csp(db):
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    # No script or style from another site, and no inline script: each is a file of the app.
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    static = "/" + settings.STATIC_URL.lstrip("/")
    assert "/api/docs/?script=" in sources  # the page's own script, as a file (SplitView)
    files = [src for src in sources if src != "/api/docs/?script="]
    assert files and all(src.startswith(static) for src in files), sources
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", page)
    for src in files:
        assert finders.find(src.removeprefix(static)), src
    script = Client().get("/api/docs/?script=")
    assert script.status_code == 200 and "/api/schema/" in script.content.decode()
