"""Nothing shown to a signed-in person is kept by a browser's cache or a proxy.

Every URL of the access matrix checks the header for each signed-in persona
(tests/security/test_access_matrix.py); here, the pages the issue names, and a download.
Static files are served by whitenoise before the middleware runs (tests/test_serving.py).
"""

import pytest

from casework.cases import services
from tests.factories import client_for, make_case, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_it_keeps_no_copy_of_a_signed_in_page_or_download(caseworker):
    case = make_case(caseworker)
    document = services.document_add(case=case, actor=caseworker, kind="identity", upload=upload())
    client = client_for(caseworker)

    for url in (
        "/cases/",
        "/dashboard/",
        f"/cases/{case.reference}/",
        "/tasks/",
        "/cases/export.csv",
        f"/cases/{case.reference}/documents/{document.pk}/",
        "/cases/CCR-2026-99999/",  # the 404 page is signed in too
    ):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        assert {"private", "no-store"} <= directives(response), url
        assert "public" not in directives(response), url
