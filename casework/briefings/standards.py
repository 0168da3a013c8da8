"""The standards every PDF the application writes follows: PDF/UA-1 and PDF/A-3u in one file.

PDF/UA-1 (ISO 14289-1) so that people who read with a screen reader get headings, tables,
lists, alternative texts, languages and the reading order; PDF/A-3u (ISO 19005-3, level U) so
that the council can archive what it sent. Every PDF goes through `write_pdf(**WRITE_PDF_OPTIONS)`
(see rendering.html_to_pdf); the benchmark compares against bare weasyprint with the same options.

What WeasyPrint 70 gives (read in weasyprint/pdf/): the variant "pdf/a-3u" with `pdf_tags=True`
writes PDF/A-3u (XMP packet with `pdfaid:part`/`conformance`, sRGB output intent, file
identifier, embedded fonts with Unicode maps) plus the tags PDF/UA needs: a structure tree built
from the HTML elements, `/MarkInfo /Marked true`, `/ViewerPreferences /DisplayDocTitle true`,
the catalog `/Lang` from `<html lang>`, `/Alt` from `alt` (or an inline SVG's `<title>`), table
headers linked to their cells. Its "pdf/ua-1" variant gives the same tags without PDF/A; no
variant gives both. What this module adds:

* the PDF/UA identification, `pdfuaid:part="1"`, in the same XMP packet as the PDF/A one, with
  the extension schema that PDF/A requires for a namespace it does not predefine
  (ISO 19005-3, 6.6.2.3): without it the file would claim PDF/UA and stop being PDF/A;
* the language of a passage: WeasyPrint drops the `lang` attribute of inner elements from the
  tags, so a screen reader would read a French paragraph of an English briefing with English
  rules. `_with_lang` puts it back, as `/Lang` on the structure elements of that element;
* the output intent's sRGB profile from our static files (`@color-profile --srgb` in
  briefings/briefing.css, fetched by StaticOnlyURLFetcher) rather than WeasyPrint's own copy,
  which it opens and never closes (a ResourceWarning on every PDF). The stylesheet is therefore
  part of the standard: a document that does not link it has no output intent, and
  `declare_pdfua` refuses to finish it.

What a file can claim and what it is are not the same thing: no validator (veraPDF) runs here.
The tests read back what the file declares and how its structure reads (tests/briefings).
"""

from collections.abc import Callable, Iterator

import pydyf
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags

PDFA_VARIANT = "pdf/a-3u"
PDFUA_PART = "1"
# Declared by @color-profile in briefings/briefing.css.
OUTPUT_INTENT = "--srgb"

PDFUA_NAMESPACE = "http://www.aiim.org/pdfua/ns/id/"

# Inserted into WeasyPrint's rdf:RDF (which declares the rdf prefix). One packet, one rdf:RDF:
# XMP readers take the first rdf:RDF of a packet, so a second one would go unseen.
PDFUA_XMP = f"""<rdf:Description rdf:about="" xmlns:pdfuaid="{PDFUA_NAMESPACE}" \
pdfuaid:part="{PDFUA_PART}"/>\
<rdf:Description rdf:about="" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">\
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\
<pdfaSchema:namespaceURI>{PDFUA_NAMESPACE}</pdfaSchema:namespaceURI>\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">\
<pdfaProperty:name>part</pdfaProperty:name>\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\
<pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to\
</pdfaProperty:description>\
</rdf:li></rdf:Seq></pdfaSchema:property>\
</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>""".encode()

RDF_END = b"</rdf:RDF>"


def declare_pdfua(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: add the PDF/UA identification to the PDF/A metadata packet."""
    if "OutputIntents" not in pdf.catalog:
        raise ValueError(
            f"no output intent: the document must link the stylesheet that declares {OUTPUT_INTENT}"
        )
    number = int(pdf.catalog["Metadata"].split()[0])  # b"12 0 R": pydyf's objects are indexed
    stream = pdf.objects[number]
    packet = b"".join(stream.stream)
    if packet.count(RDF_END) != 1:
        # Another WeasyPrint would write another packet: stop rather than claim half of it.
        raise ValueError("unexpected XMP packet: no single rdf:RDF to complete")
    stream.stream = [packet.replace(RDF_END, PDFUA_XMP + RDF_END)]


WRITE_PDF_OPTIONS = {
    "pdf_variant": PDFA_VARIANT,
    "pdf_tags": True,
    "output_intent": OUTPUT_INTENT,
    "finisher": declare_pdfua,
}


def _declared_lang(box) -> str | None:
    """The `lang` attribute of the element a box was made for (not inherited, not <html>)."""
    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    element = box.element
    if element is None or box.element_tag == "html":
        # <html lang> is the document's language: WeasyPrint puts it in the catalog.
        return None
    return element.get("lang") or None


def _with_lang(build_box_tree: Callable) -> Callable:
    """Wrap weasyprint.pdf.tags._build_box_tree so that structure elements keep `lang`.

    The wrapped generator yields the structure elements made for a box (for <html> and <body>:
    those of their children, which carry their own language if they declare one). The deepest
    declaration wins: an element already given a /Lang keeps it. Text inside inherits the
    structure element's /Lang, as ISO 32000-1 14.9.2 says.
    """

    def build(box, *args, **kwargs) -> Iterator[pydyf.Dictionary]:
        lang = _declared_lang(box)
        for element in build_box_tree(box, *args, **kwargs):
            if lang and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    build.keeps_lang = True
    return build


# Once per process; the recursion inside weasyprint looks the name up in its module, so every
# level goes through the wrapper.
if not getattr(tags._build_box_tree, "keeps_lang", False):
    tags._build_box_tree = _with_lang(tags._build_box_tree)
