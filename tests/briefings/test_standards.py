"""Briefings read back as a screen reader's tools and an archive read them: tagged PDF/UA-1 and
PDF/A-3u in one file (casework/briefings/standards.py), checked with pypdf.

What these tests cannot say is that a validator (veraPDF) accepts the files: they check what the
file declares and how its structure reads.
"""

import io
import re

import pydyf
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import override_settings
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from casework.accounts.models import Agency
from casework.briefings import rendering, standards
from tests.factories import client_for

from .client import download_url, fetch, list_url
from .pdf import HEADINGS, NS, flat, pdf_text, structure, xmp, xmp_value

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("case_name", "language", "narrative_language", "heading"),
    [
        # An English case told to CBSA in French, and a French case told to IRCC in English:
        # either way the member's own words keep their language.
        ("removal_case", "fr", "en", "Note d'information"),
        ("family_case", "en", "fr", "Briefing note"),
    ],
)
def test_it_generates_a_tagged_archivable_briefing_over_http(
    request, director, case_name, language, narrative_language, heading
):
    case = request.getfixturevalue(case_name)
    client = client_for(director)
    recipient = "CBSA" if case.is_removal else "IRCC"

    response = client.post(list_url(case), {"recipient": recipient, "language": language})
    assert response.status_code == 302
    status, data = fetch(client, download_url(case, 1))
    assert status == 200

    # Tagged, in the briefing's language, titled.
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == language
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert catalog["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    for page in reader.pages:  # every font embedded, with the map from its glyphs to Unicode
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            glyphs = font["/DescendantFonts"][0] if "/DescendantFonts" in font else font
            assert "/ToUnicode" in font
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(glyphs["/FontDescriptor"])
    info = reader.metadata
    with translation.override(language):
        title = f"{case.reference} · {translation.gettext('Briefing')} v1"
        subject = f"{heading} · {Agency(recipient).label} · {case.get_kind_display()}"
    assert (info.title, info.author, info.subject) == (
        title,
        "Canadian Council for Refugees",
        subject,
    )
    assert info.creation_date is not None

    # XMP: PDF/A-3u and PDF/UA-1 in one packet, the same title and author.
    packet = xmp(data)
    assert len(packet.findall("rdf:RDF", NS)) == 1  # readers see only the first
    assert xmp_value(packet, "pdfaid:part") == "3"
    assert xmp_value(packet, "pdfaid:conformance") == "U"
    assert xmp_value(packet, "pdfuaid:part") == "1"
    assert described_schemas(packet) == [standards.PDFUA_NAMESPACE]
    assert packet.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=NS) == info.title
    assert packet.findtext(".//dc:creator/rdf:Seq/rdf:li", namespaces=NS) == info.author
    assert packet.findtext(".//dc:description/rdf:Alt/rdf:li", namespaces=NS) == info.subject

    # The structure, in reading order.
    document = structure(data)
    said = [element for element in document.walk() if element.text and not element.kids]
    marking = "PROTECTED B" if language == "en" else "PROTÉGÉ B"
    assert said[0].text == marking  # announced first
    headings = document.all(*HEADINGS)
    assert headings[0].type == "H1"
    assert headings[0].text == heading
    assert len(headings) >= 3
    levels = [int(element.type[1]) for element in headings]
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False))
    # Reading order follows the page: the headings come in the order they are printed.
    printed = flat(pdf_text(data))
    assert [h.text for h in headings] == sorted(
        (h.text for h in headings), key=lambda text: printed.index(text)
    )
    assert [h.text[:3] for h in headings[1:4]] == ["1. ", "2. ", "3. "]

    tables = document.all("Table")
    assert len(tables) >= 3
    for table in tables:
        header_ids = {cell.id for cell in table.all("TH")}
        cells = table.all("TD")
        assert header_ids and cells
        for cell in cells:  # each value is read with its header(s)
            assert cell.attributes["/Headers"]
            assert set(cell.attributes["/Headers"]) <= header_ids
    items = [item for lst in document.all("L") for item in lst.all("LI")]
    assert items and all(item.all("LBody") for item in items)
    assert all(figure.alt for figure in document.all("Figure"))

    # The member's narrative is marked with its own language, and nothing else is.
    marked = [element for element in document.walk() if element.lang]
    assert {element.lang for element in marked} == {narrative_language}
    narrative = " ".join(element.text for element in marked)
    for text in (case.summary, case.grounds, case.requested_action):
        assert flat(text) in narrative


def described_schemas(packet) -> list[str]:
    """Namespaces the packet's PDF/A extension schemas describe."""
    return [
        schema.text
        for schema in packet.iterfind(
            ".//pdfaExtension:schemas/rdf:Bag/rdf:li/pdfaSchema:namespaceURI", NS
        )
    ]


def test_it_gives_every_image_its_alternative_text_and_every_passage_its_language(tmp_path):
    Image.new("RGB", (8, 8), "#12324f").save(tmp_path / "logo.png")
    logo = rendering.static_url("logo.png")
    stylesheet = rendering.static_url("briefings/briefing.css")
    html = f"""<html lang="en"><head><title>Images</title>
      <link rel="stylesheet" href="{stylesheet}"></head><body>
      <h1>Council</h1>
      <p><img src="{logo}" alt="Council logo" width="20" height="20"></p>
      <svg width="20" height="20"><title>Urgency: critical</title>
        <rect width="20" height="20" fill="#12324f"/></svg>
      <p lang="fr">Le mémoire du membre.</p>
      <p>Back in English.</p>
    </body></html>"""

    with override_settings(STATICFILES_DIRS=[*settings.STATICFILES_DIRS, tmp_path]):
        data = rendering.html_to_pdf(html)

    document = structure(data)
    assert [figure.alt for figure in document.all("Figure")] == [
        "Council logo",
        "Urgency: critical",
    ]
    paragraphs = {element.text: element.lang for element in document.all("P") if element.text}
    assert paragraphs == {"Le mémoire du membre.": "fr", "Back in English.": None}


def test_it_refuses_to_finish_a_pdf_it_cannot_make_archival():
    # Without the briefing stylesheet there is no output intent: no PDF rather than a false claim.
    bare = '<html lang="en"><head><title>Bare</title></head><body><p>Text</p></body></html>'
    with pytest.raises(ValueError, match="output intent"):
        rendering.html_to_pdf(bare)

    # A metadata packet it does not recognise (another WeasyPrint) is refused, not half-declared.
    pdf = pydyf.PDF()
    pdf.catalog["OutputIntents"] = pydyf.Array()
    stream = pydyf.Stream([b"<x:xmpmeta></x:xmpmeta>"])
    pdf.add_object(stream)
    pdf.catalog["Metadata"] = stream.reference
    with pytest.raises(ValueError, match="XMP"):
        standards.declare_pdfua(None, pdf)


# Every text colour of the briefing on the background it is printed on (white unless said).
TEXT_ON_BACKGROUND = {
    ("#111", "#fff"),  # body text
    ("#111", "#eef2f6"),  # body text in the shaded tables
    ("#333", "#fff"),  # page margins, minor tag
    ("#4a4f55", "#fff"),  # muted notes
    ("#4a4f55", "#eef2f6"),  # labels of the identification strip
    ("#12324f", "#fff"),  # headings
    ("#12324f", "#eef2f6"),  # summary labels (never shaded, checked anyway)
    ("#fff", "#12324f"),  # the PROTECTED B band
}
# Lines between rows: decoration, the text is readable without them.
DECORATION = {"#c9d1da"}


def test_its_stylesheet_prints_every_text_with_aa_contrast():
    with open(finders.find("briefings/briefing.css")) as stylesheet:
        colours = set(re.findall(r"#[0-9a-fA-F]{3,6}\b", stylesheet.read()))

    assert colours == {c for pair in TEXT_ON_BACKGROUND for c in pair} | DECORATION
    for text, background in TEXT_ON_BACKGROUND:
        assert contrast(text, background) >= 4.5, (text, background)


def contrast(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours."""

    def luminance(colour: str) -> float:
        digits = colour.lstrip("#")
        if len(digits) == 3:
            digits = "".join(digit * 2 for digit in digits)
        channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
