"""bin/backup and bin/restore: a database with the demo data, dumped and restored into a fresh
one, with its documents, gives back the same cases and the same files."""

import hashlib
import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from casework.cases import services
from casework.cases.models import Case, Document
from casework.notifications.tasks import send_notification
from tests.factories import upload

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="bin/backup and bin/restore use pg_dump and pg_restore: run with a PostgreSQL "
        "DATABASE_URL (CI does)",
    ),
]


def database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def run(script: str, directory: Path, *, database: str, documents: Path) -> None:
    env = os.environ | {
        "DATABASE_URL": database_url(database),
        "PRIVATE_STORAGE_ROOT": str(documents),
    }
    # Our own scripts, with paths this test made.
    subprocess.run(  # noqa: S603
        [ROOT / "bin" / script, directory], env=env, check=True, capture_output=True
    )


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def no_emails(monkeypatch):
    # This test commits, so the demo's notifications would really be queued through Celery.
    monkeypatch.setattr(send_notification, "delay", lambda *args, **kwargs: None)


def test_a_backup_restores_into_a_fresh_database_with_its_documents(tmp_path, fresh_database):
    call_command("demo", verbosity=0)
    draft = Case.objects.filter(status="draft").first()
    for name in ("passport.pdf", "Lettre de l'école.pdf"):
        services.document_add(
            case=draft, actor=draft.created_by, kind="identity", upload=upload(name)
        )
    documents = Path(settings.PRIVATE_STORAGE_ROOT)
    references = list(Case.objects.order_by("reference").values_list("reference", flat=True))
    assert references and Document.objects.exists()
    backup = tmp_path / "backup"

    run("backup", backup, database=connection.settings_dict["NAME"], documents=documents)
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS",
        "casework.dump",
        "documents.tar",
    ]
    assert oct(backup.stat().st_mode & 0o777) == "0o700"
    restored_documents = tmp_path / "restored-documents"
    run("restore", backup, database=fresh_database, documents=restored_documents)

    with psycopg.connect(database_url(fresh_database)) as restored:
        restored_references = [
            row[0]
            for row in restored.execute("SELECT reference FROM cases_case ORDER BY reference")
        ]
        restored_files = [
            row[0] for row in restored.execute("SELECT file FROM cases_document ORDER BY file")
        ]
    assert restored_references == references
    assert restored_files == sorted(Document.objects.values_list("file", flat=True))
    assert digests(restored_documents) == digests(documents)
    for name in restored_files:
        assert (restored_documents / name).is_file()


def test_a_restore_refuses_a_damaged_backup(tmp_path, fresh_database):
    documents = Path(settings.PRIVATE_STORAGE_ROOT)
    backup = tmp_path / "backup"
    run("backup", backup, database=connection.settings_dict["NAME"], documents=documents)
    with (backup / "casework.dump").open("ab") as dump:
        dump.write(b"tampered")
    with pytest.raises(subprocess.CalledProcessError):
        run("restore", backup, database=fresh_database, documents=tmp_path / "restored")
    with psycopg.connect(database_url(fresh_database)) as restored:
        tables = restored.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    assert tables == 0
    assert not (tmp_path / "restored").exists()
