"""Reading briefings back: their text, and what assistive technology and archives read."""

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
}
HEADINGS = ("H1", "H2", "H3", "H4", "H5", "H6")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def stored_bytes(briefing) -> bytes:
    with briefing.file.open("rb") as handle:
        return handle.read()


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Element:
    """A structure element as assistive technology gets it: type, language, alternative text,
    attributes, and the text it reads (its own marked content, then its children's, in order).
    """

    type: str
    id: str | None = None
    lang: str | None = None
    alt: str | None = None
    attributes: dict = field(default_factory=dict)
    text: str = ""
    kids: list["Element"] = field(default_factory=list)

    def walk(self) -> Iterator["Element"]:
        """This element and every one below it, in reading order."""
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def all(self, *types: str) -> list["Element"]:
        return [element for element in self.walk() if element.type in types]


def structure(data: bytes) -> Element:
    """The structure tree under /StructTreeRoot, with the text of each element."""
    reader = PdfReader(io.BytesIO(data))
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    texts = _marked_texts(reader)

    def build(node, page: int | None) -> Element:
        node = node.get_object()
        if "/Pg" in node:
            page = pages[node.raw_get("/Pg").idnum]
        kids = node.get("/K", ArrayObject())
        element = Element(
            type=str(node.get("/S", "")).lstrip("/"),
            id=str(node["/ID"]) if "/ID" in node else None,
            lang=str(node["/Lang"]) if "/Lang" in node else None,
            alt=str(node["/Alt"]) if "/Alt" in node else None,
            attributes=dict(node.get("/A", {})),
        )
        parts = []
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            if isinstance(kid, int):  # a marked-content id on the element's page
                parts.append(texts.get((page, int(kid)), ""))
                continue
            kid = kid.get_object()
            if kid.get("/Type") == "/MCR":
                parts.append(texts.get((pages[kid.raw_get("/Pg").idnum], int(kid["/MCID"])), ""))
            elif kid.get("/Type") != "/OBJR":  # annotations carry no text of their own
                child = build(kid, page)
                element.kids.append(child)
                parts.append(child.text)
        element.text = flat(" ".join(parts))
        return element

    return build(reader.trailer["/Root"]["/StructTreeRoot"], None)


def _marked_texts(reader: PdfReader) -> dict[tuple[int, int], str]:
    """Text by (page, marked-content id), as pypdf extracts it."""
    texts: dict[tuple[int, int], str] = {}
    for number, page in enumerate(reader.pages):
        open_ids: list[int | None] = []

        def before(operator, operands, cm, tm, open_ids=open_ids):
            if operator == b"BDC":
                properties = operands[1] if len(operands) > 1 else None
                mcid = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
                open_ids.append(mcid)
            elif operator == b"BMC":
                open_ids.append(None)
            elif operator == b"EMC" and open_ids:
                open_ids.pop()

        def text(content, *args, number=number, open_ids=open_ids):
            if open_ids and open_ids[-1] is not None:
                key = (number, int(open_ids[-1]))
                texts[key] = texts.get(key, "") + content

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def xmp(data: bytes) -> ElementTree.Element:
    """The document's XMP packet (the catalog's /Metadata stream), parsed."""
    reader = PdfReader(io.BytesIO(data))
    packet = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    return ElementTree.fromstring(packet)  # noqa: S314 (our own output, read back)


def xmp_value(packet: ElementTree.Element, name: str) -> str | None:
    """A simple property such as 'pdfaid:part', written as an attribute or as an element."""
    prefix, local = name.split(":")
    qualified = f"{{{NS[prefix]}}}{local}"
    for description in packet.iter(f"{{{NS['rdf']}}}Description"):
        if qualified in description.attrib:
            return description.attrib[qualified]
        child = description.find(qualified)
        if child is not None:
            return child.text
    return None
