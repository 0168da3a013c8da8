"""Documents and briefings on S3-compatible object storage (django-storages), as several web
nodes share them: private objects, served only through the permission-checked views, and
backed up and restored by bin/backup and bin/restore like the local folder."""

import hashlib
import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from casework.briefings import rendering
from casework.cases import services
from casework.cases.models import Document, Status
from casework.notifications.tasks import send_notification
from tests.factories import (
    case_at,
    client_for,
    make_case,
    pdf_bytes,
    png_bytes,
    stored_files,
    upload,
)
from tests.s3 import bucket_objects, s3_client

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.usefixtures("now")]


def download(client, url: str) -> tuple[int, bytes]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else b""
    return response.status_code, body


@pytest.mark.django_db
def test_documents_and_briefings_go_to_the_bucket_and_come_back_through_the_checked_views(
    caseworker, director, outsider, s3_bucket, monkeypatch
):
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: pdf_bytes() + b"%briefing\n")
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    member = client_for(caseworker)
    uploaded = client_for(director).post(
        f"/cases/{case.reference}/documents/",
        {
            "document-kind": "identity",
            "document-upload": upload("scan.png", png_bytes(), "image/png"),
        },
    )
    client_for(director).post(
        f"/cases/{case.reference}/briefings/", {"recipient": "IRCC", "language": "en"}
    )
    assert uploaded.status_code == 302, uploaded.content.decode()[-3000:]
    document = Document.objects.get()
    briefing = case.briefings.get()

    objects = bucket_objects(s3_bucket)
    assert objects == {
        document.file.name: png_bytes(),
        briefing.file.name: briefing_bytes(briefing),
    }
    assert stored_files() == []  # nothing on the local disk
    assert document.sha256 == hashlib.sha256(png_bytes()).hexdigest()
    document_url = f"/cases/{case.reference}/documents/{document.pk}/"
    assert download(member, document_url) == (200, png_bytes())
    assert download(client_for(outsider), document_url)[0] == 404
    assert download(client_for(director), f"/cases/{case.reference}/briefings/1.pdf") == (
        200,
        objects[briefing.file.name],
    )


def briefing_bytes(briefing) -> bytes:
    with briefing.file.open("rb") as stored:
        return stored.read()


@pytest.mark.django_db
def test_objects_are_private(caseworker, s3_bucket):
    document = services.document_add(
        case=make_case(caseworker), actor=caseworker, kind="identity", upload=upload()
    )
    client = s3_client(s3_bucket["PRIVATE_STORAGE_ENDPOINT_URL"])
    grants = client.get_object_acl(
        Bucket=s3_bucket["PRIVATE_STORAGE_BUCKET"], Key=document.file.name
    )
    client.close()
    assert [grant["Permission"] for grant in grants["Grants"]] == ["FULL_CONTROL"]
    assert grants["Grants"][0]["Grantee"]["Type"] == "CanonicalUser"  # the owner only


@pytest.mark.django_db
def test_an_unreachable_bucket_gives_a_clear_message_and_no_row(caseworker, s3_bucket, settings):
    settings.STORAGES = settings.STORAGES | {
        "private": settings.STORAGES["private"]
        | {"OPTIONS": settings.STORAGES["private"]["OPTIONS"] | {"bucket_name": "no-such-bucket"}}
    }
    case = make_case(caseworker)

    response = client_for(caseworker).post(
        f"/cases/{case.reference}/documents/",
        {"document-kind": "identity", "document-upload": upload()},
    )

    assert response.status_code == 400
    assert "The file could not be stored" in response.content.decode()
    assert not Document.objects.exists()


# bin/backup and bin/restore with the documents in a bucket


def database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_s3_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(script: str, directory: Path, *, database: str, env: dict) -> None:
    # Our own scripts, with paths this test made.
    subprocess.run(  # noqa: S603
        [ROOT / "bin" / script, directory],
        env=os.environ | env | {"DATABASE_URL": database_url(database)},
        check=True,
        capture_output=True,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="bin/backup and bin/restore use pg_dump and pg_restore: runs in the PostgreSQL pass",
)
def test_a_backup_of_a_bucket_restores_into_a_fresh_bucket(
    caseworker, s3_bucket, s3_endpoint, tmp_path, fresh_database, monkeypatch
):
    monkeypatch.setattr(send_notification, "delay", lambda *args, **kwargs: None)
    case = make_case(caseworker)
    for name in ("passport.pdf", "Lettre de l'école.pdf"):
        services.document_add(case=case, actor=caseworker, kind="identity", upload=upload(name))
    before = bucket_objects(s3_bucket)
    assert len(before) == 2
    backup = tmp_path / "backup"

    run("backup", backup, database=connection.settings_dict["NAME"], env=s3_bucket)
    target = s3_bucket | {"PRIVATE_STORAGE_BUCKET": "casework-restored-" + os.urandom(4).hex()}
    s3_client(s3_endpoint).create_bucket(
        Bucket=target["PRIVATE_STORAGE_BUCKET"],
        CreateBucketConfiguration={"LocationConstraint": target["PRIVATE_STORAGE_REGION"]},
    )
    run("restore", backup, database=fresh_database, env=target)

    assert bucket_objects(target) == before
    with psycopg.connect(database_url(fresh_database)) as restored:
        files = {row[0] for row in restored.execute("SELECT file FROM cases_document")}
    assert files == set(before)
    # A second restore into the same, no longer empty, bucket is refused.
    with pytest.raises(subprocess.CalledProcessError):
        run("restore", backup, database=fresh_database, env=target)
    assert settings.PRIVATE_STORAGE_ROOT  # the local folder was never used
    assert stored_files() == []
