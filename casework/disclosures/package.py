"""The briefing package: the briefing PDF, a table of annexes, then the disclosed PDF and
image documents as numbered annexes, in one PDF.

Every annex page is stamped with the case reference, "Annex N" and the PROTECTED B marking.
A disclosed PDF is taken page by page into a new file: its document-level actions
(OpenAction, JavaScript, embedded files, forms) never come along, and each page loses its
annotations (links included) and its own actions, so no active content reaches the agency.
Word and OpenDocument files cannot be annexes: the table lists them, and the portal serves
them separately. Touches no database: call it outside transactions.
"""

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image, UnidentifiedImageError
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from casework.briefings import rendering

PDF = "application/pdf"
IMAGES = frozenset({"image/png", "image/jpeg"})
# What a page may carry that acts when the file is opened or clicked.
ACTIVE_PAGE_KEYS = ("/Annots", "/AA")
STAMP_HEIGHT = 20


@dataclass(frozen=True)
class Attachment:
    """A disclosed document as the package sees it."""

    name: str
    kind: str
    content_type: str
    data: bytes

    @property
    def can_be_annexed(self) -> bool:
        return self.content_type == PDF or self.content_type in IMAGES


class PackageError(Exception):
    """A document that cannot be read as what it claims to be."""


def _image_pdf(data: bytes) -> bytes:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise PackageError(str(error)) from error
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PDF", resolution=150)
    return out.getvalue()


def _pages(attachment: Attachment) -> list[PageObject]:
    data = attachment.data if attachment.content_type == PDF else _image_pdf(attachment.data)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PackageError("encrypted")
        return list(reader.pages)
    except PdfReadError as error:
        raise PackageError(str(error)) from error


def _pdf_string(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    return b"(" + encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _stamp(writer: PdfWriter, width: float, height: float, text: str) -> PageObject:
    """A transparent page with a white band on top carrying `text` in Helvetica (a base font:
    nothing to embed)."""
    stamp = PageObject.create_blank_page(width=width, height=height)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica-Bold"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    stamp[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    top = height - STAMP_HEIGHT
    content = DecodedStreamObject()
    content.set_data(
        b"q 1 1 1 rg 0 %.2f %.2f %d re f 0 0 0 rg BT /F1 9 Tf 12 %.2f Td %s Tj ET Q"
        % (top, width, STAMP_HEIGHT, top + 6, _pdf_string(text))
    )
    stamp[NameObject("/Contents")] = writer._add_object(content)
    return stamp


def build_package(
    *, reference: str, language: str, briefing: bytes, attachments: list[Attachment]
) -> tuple[bytes, int]:
    """The package's bytes and its number of annexes. A document that cannot be read is
    listed, not annexed."""
    annexes: list[tuple[int, Attachment, list[PageObject]]] = []
    separate: list[Attachment] = []
    for attachment in attachments:
        pages = []
        if attachment.can_be_annexed:
            try:
                pages = _pages(attachment)
            except PackageError:
                pages = []
        if pages:
            annexes.append((len(annexes) + 1, attachment, pages))
        else:
            separate.append(attachment)
    with translation.override(language):
        html = render_to_string(
            "disclosures/annexes.html",
            {
                "reference": reference,
                "language": language,
                "annexes": [(number, attachment) for number, attachment, _p in annexes],
                "separate": separate,
            },
        )
        marking = translation.gettext("PROTECTED B")
        annex_label = translation.gettext("Annex")
    writer = PdfWriter()
    for source in (briefing, rendering.html_to_pdf(html)):
        for page in PdfReader(io.BytesIO(source)).pages:
            writer.add_page(page)
    for number, _attachment, pages in annexes:
        for page in pages:
            # Before the page is copied: what it references is copied with it.
            for key in ACTIVE_PAGE_KEYS:
                if key in page:
                    del page[key]
            page = writer.add_page(page)
            box = page.mediabox
            text = f"{reference} · {annex_label} {number} · {marking}"
            page.merge_page(_stamp(writer, float(box.width), float(box.height), text))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(annexes)
