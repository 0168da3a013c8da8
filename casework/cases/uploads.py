"""What an uploaded document is, judged by its content, and the name it may be offered under.

The first bytes decide the type, never the file name or the browser's claim: a web page or a
program renamed "passport.pdf" is refused. Office documents are zip archives; a zip counts as
one only when its members say so (OOXML's [Content_Types].xml and word/document.xml,
OpenDocument's leading `mimetype` member), so any other archive is refused too.
"""

import hashlib
import re
import unicodedata
import zipfile
from pathlib import PurePosixPath
from typing import IO

from django.core.files import File

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

# The types a document may have, with the file-name extensions that go with each.
ALLOWED_TYPES = {
    PDF: {".pdf"},
    PNG: {".png"},
    JPEG: {".jpg", ".jpeg"},
    DOCX: {".docx"},
    ODT: {".odt"},
}

SIGNATURES = {
    b"%PDF-": PDF,
    b"\x89PNG\r\n\x1a\n": PNG,
    b"\xff\xd8\xff": JPEG,
}
ZIP_SIGNATURE = b"PK\x03\x04"
# The ODF specification puts `mimetype` first, stored uncompressed, so its value sits at a
# fixed offset: 30-byte local header + 8-byte name.
ODF_MIMETYPE_OFFSET = 38
HEAD_BYTES = ODF_MIMETYPE_OFFSET + len(ODT)


def sniff_content_type(file: IO[bytes]) -> str | None:
    """The allowed type the content shows, or None; leaves the file at its start."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    if head.startswith(ZIP_SIGNATURE):
        return _office_type(file, head)
    return None


def _office_type(file: IO[bytes], head: bytes) -> str | None:
    if head[30:38] == b"mimetype" and head[ODF_MIMETYPE_OFFSET:] == ODT.encode():
        return ODT
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)
    if {"[Content_Types].xml", "word/document.xml"} <= names:
        return DOCX
    return None


def extension_matches(filename: str, content_type: str) -> bool:
    return PurePosixPath(filename).suffix.lower() in ALLOWED_TYPES[content_type]


# Anything that could break out of a header, a path or a terminal: control characters
# (including CR/LF), path separators, and the quotes and backslash of a quoted string.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\"]')


def safe_filename(name: str, *, max_length: int = 200) -> str:
    """The name a document is offered under: the last path part, without control or
    invisible characters or quotes, never hidden (no leading dot), at most `max_length`
    characters, extension kept."""
    # No invisible format character at all (Unicode category Cf): a right-to-left override
    # makes "invoice<U+202E>fdp.exe" read as "invoiceexe.pdf".
    name = "".join(
        char
        for char in unicodedata.normalize("NFC", name or "")
        if unicodedata.category(char) != "Cf"
    )
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE.sub("_", name).strip(" .") or "document"
    suffix = PurePosixPath(name).suffix[:10]
    return name[: max_length - len(suffix)].rstrip() + suffix if len(name) > max_length else name


class HashingFile(File):
    """Wraps an upload with its sha256, computed before the storage reads it: local disk
    streams the file through chunks(), but S3 reads it itself, so hashing in chunks() gave the
    digest of nothing there."""

    def __init__(self, file: File):
        super().__init__(file, name=file.name)
        self.digest = hashlib.sha256()
        for chunk in file.chunks():
            self.digest.update(chunk)
        file.seek(0)
        self.size = file.size
