"""The documents folder full or unwritable: a clear message, no orphan row, no half file.

"Full" is a real 64 KiB tmpfs mounted over the store and filled almost to the brim (so the
upload fails half-way through writing); "unwritable" is a store whose path runs through a
regular file. Root may write anywhere, so permissions cannot make a folder unwritable here.
"""

import contextlib
import subprocess
from pathlib import Path

import pytest

from casework.briefings import rendering
from casework.cases.models import Document, Status
from tests.factories import case_at, client_for, make_case, pdf_bytes, snapshot, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

MESSAGE = "The file could not be stored: the document store is full or cannot be written to."


@contextlib.contextmanager
def full_disk(path: Path, *, free: int):
    """A tmpfs at `path` with about `free` bytes left; skipped where mounting is not allowed."""
    path.mkdir(parents=True)
    mounted = subprocess.run(  # noqa: S603
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(path)],  # noqa: S607
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.decode().strip()}")
    try:
        filler = path / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as out:
            while True:
                out.write(b"\0" * 4096)
                out.flush()
        filler.write_bytes(filler.read_bytes()[:-free])
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)  # noqa: S603, S607


@pytest.fixture(params=["full", "unwritable"])
def broken_store(request, settings, tmp_path):
    if request.param == "unwritable":
        (tmp_path / "not-a-folder").write_text("")
        settings.PRIVATE_STORAGE_ROOT = tmp_path / "not-a-folder" / "documents"
        yield settings.PRIVATE_STORAGE_ROOT
    else:
        with full_disk(tmp_path / "documents", free=8192) as root:
            settings.PRIVATE_STORAGE_ROOT = root
            yield root


def big_pdf() -> bytes:
    # A valid PDF larger than the space left: the write fails half-way through.
    return pdf_bytes() + b"%" + b"x" * 40_000 + b"\n"


def files_in(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.is_file() and p.name != "filler")


def test_an_upload_to_a_broken_store_says_so_and_leaves_nothing(caseworker, broken_store):
    case = make_case(caseworker)
    before = snapshot(case)
    data = {"document-kind": "identity", "document-upload": upload("passport.pdf", big_pdf())}

    response = client_for(caseworker).post(f"/cases/{case.reference}/documents/", data)

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not Document.objects.exists()
    assert snapshot(case) == before
    if Path(broken_store).is_dir():
        assert files_in(broken_store) == []


def test_a_briefing_into_a_broken_store_says_so_and_leaves_nothing(
    caseworker, director, broken_store, monkeypatch
):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    before = snapshot(case)
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: big_pdf())

    response = client_for(director).post(
        f"/cases/{case.reference}/briefings/", {"recipient": "IRCC", "language": "en"}
    )

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not case.briefings.exists()
    assert snapshot(case) == before
    if Path(broken_store).is_dir():
        assert files_in(broken_store) == []


def test_the_store_works_again_once_space_is_freed(caseworker, tmp_path, settings):
    with full_disk(tmp_path / "documents", free=8192) as root:
        settings.PRIVATE_STORAGE_ROOT = root
        case = make_case(caseworker)
        client = client_for(caseworker)
        url = f"/cases/{case.reference}/documents/"
        client.post(
            url, {"document-kind": "identity", "document-upload": upload("a.pdf", big_pdf())}
        )
        (root / "filler").unlink()

        response = client.post(
            url, {"document-kind": "identity", "document-upload": upload("a.pdf", big_pdf())}
        )

        assert response.status_code == 302
        assert Document.objects.count() == 1
        assert len(files_in(root)) == 1
