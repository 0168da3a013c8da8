"""Generating briefings: content in both languages, versions, events, refusals, safety.

Each real rendering takes about half a second: the PDFs are read back once per test and the
cheaper tests replace weasyprint with a stub (`fake_pdf`).
"""

import datetime
import hashlib
import io
import re
import socket

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from pypdf import PdfReader

from casework.accounts.models import Agency, Organisation, Role
from casework.accounts.services import user_create
from casework.briefings import rendering, selectors, services
from casework.briefings.models import Briefing
from casework.briefings.rendering import StaticOnlyURLFetcher
from casework.cases import services as case_services
from casework.cases.models import Consent, Kind, Person
from tests.factories import PASSWORD, client_for, make_case, pdf_bytes, removal_fields

from .pdf import flat, pdf_pages, pdf_text, stored_bytes

pytestmark = pytest.mark.django_db

STYLESHEET = rendering.static_url("briefings/briefing.css")
COLOUR_PROFILE = rendering.static_url("briefings/sRGB2014.icc")


@pytest.fixture
def fake_pdf(monkeypatch):
    """Skip weasyprint; records the HTML it would have rendered."""
    rendered = []

    def fake(html):
        rendered.append(html)
        return pdf_bytes()

    monkeypatch.setattr(rendering, "html_to_pdf", fake)
    return rendered


def test_it_briefs_cbsa_on_a_removal_case_in_english(removal_case, director):
    briefing = services.briefing_generate(case=removal_case, actor=director, language="en")

    data = stored_bytes(briefing)
    text = flat(pdf_text(data))
    assert (briefing.number, briefing.language, briefing.recipient) == (1, "en", Agency.CBSA)
    assert briefing.created_by == director
    assert briefing.sha256 == hashlib.sha256(data).hexdigest()
    assert briefing.size == len(data)
    pages = pdf_pages(data)
    assert pages >= 2
    # Marking, reference, version and page x of y on every page.
    assert text.count("PROTECTED B") >= 2 * pages
    assert text.count("CCR-2026-00001 · Version 1") == pages
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text
    # The summary page: who, what is asked, by when, why urgent.
    assert "For the attention of: Canada Border Services Agency" in text
    assert "Amina Haddad, 40 years old, Syria" in text
    assert "12-3456-7890" in text
    assert "Children concerned: 2 · ages 9, 7" in text
    assert "Defer the removal until the H&C application is decided." in text
    assert "Removal scheduled: 14 May 2026, 10:00 EDT, Toronto Pearson" in text
    assert "Legal deadline: 20 May 2026 (H&C decision expected)" in text
    assert "Critical · the person is detained" in text
    # The details.
    for fact in (
        "People concerned",
        "Yara Haddad",
        "Omar Haddad",
        "Government files",
        "E000123456",
        "Removal",
        "Deportation order",
        "Detained, Toronto Immigration Holding Centre",
        "Grounds",
        "Omar needs ongoing cardiac care",
        "Dates",
        "Submitted to the council 4 May 2026",
        "Previously sent to the agency 4 May 2026",
        "Consent on file",
        "Covers CBSA",
        "cardiology-report.pdf",
        "Medical evidence",
        "Council contact",
        "Canadian Council for Refugees",
    ):
        assert fact in text, fact
    assert PdfReader(io.BytesIO(data)).attachments == {}

    event = removal_case.events.get(action="briefing.generated")
    assert event.actor == director
    assert event.data == {
        "number": 1,
        "language": "en",
        "recipient": "CBSA",
        "sha256": briefing.sha256,
    }
    assert event.label == "generated a briefing"


def test_it_keeps_every_version_and_numbers_them(removal_case, director):
    first = services.briefing_generate(
        case=removal_case, actor=director, language="en", recipient=Agency.CBSA
    )
    first_bytes = stored_bytes(first)
    # The same case in French: the second version.
    second = services.briefing_generate(case=removal_case, actor=director, language="fr")

    data = stored_bytes(second)
    text = flat(pdf_text(data))
    assert [b.number for b in removal_case.briefings.all()] == [2, 1]
    assert second.sha256 == hashlib.sha256(data).hexdigest()
    assert first.file.name != second.file.name
    assert stored_bytes(Briefing.objects.get(pk=first.pk)) == first_bytes
    pages = pdf_pages(data)
    assert text.count("PROTÉGÉ B") >= 2 * pages
    assert text.count("CCR-2026-00001 · Version 2") == pages
    assert f"Page 1 de {pages}" in text
    assert "PROTECTED B" not in text
    for label in (
        # (the text extracted from the PDF has plain spaces where the page has non-breaking ones)
        "Note d'information",
        "À l'attention de : Agence des services frontaliers du Canada",
        "Amina Haddad, 40 ans, Syrie",
        "Enfants concernés : 2 · âges 9, 7",
        "Renvoi prévu : 14 mai 2026",
        "Personnes concernées",
        "Dossiers gouvernementaux",
        "Mesure d'expulsion",
        "Motifs",
        "Soumis au Conseil",
        "Consentements au dossier",
        "Couvre ASFC",
        "Personne-ressource au Conseil",
        "Preuve médicale",
    ):
        assert label in text, label
    events = removal_case.events.filter(action="briefing.generated")
    assert [event.data["number"] for event in events] == [2, 1]


def test_it_leaves_out_what_does_not_apply_to_a_family_case(family_case, director):
    briefing = services.briefing_generate(case=family_case, actor=director, language="en")

    text = flat(pdf_text(stored_bytes(briefing)))
    assert briefing.recipient == Agency.IRCC
    assert "For the attention of: IRCC Case Management Branch" in text
    assert "Chantal Tremblay-Nkosi, 36 years old" in text
    assert "Josué Nkosi, 12 years old" in text
    assert "Grant an exemption from R.117(9)(d) on H&C grounds." in text
    for absent in (
        "Removal",
        "Place of removal",
        "Detention",
        "By when",
        "Government files",
        "Consent on file",
        "Documents on the council's file",
        "Previous government response",
    ):
        assert absent not in text, absent
    # The sections present are numbered without gaps; the facts section gives the child's
    # age-out date even before any fact is recorded.
    assert "1. R.117(9)(d) facts Josué Nkosi turns 22 on 4 Jul 2035" in text
    assert "2. People concerned" in text
    assert "3. Grounds" in text
    assert "4. Dates" in text


def test_it_prints_user_text_as_text_and_loads_nothing_it_names(caseworker, director, monkeypatch):
    hostile = {
        "img_file": '<img src="file:///etc/passwd">',
        "img_http": '<img src="http://127.0.0.1:9/x.png">',
        "attachment": '<link rel="attachment" href="file:///etc/passwd">',
        "anchor": '<a rel="attachment" href="file:///etc/passwd">passwd</a>',
        "css": "<style>@import url(http://127.0.0.1:9/x.css);</style>",
    }
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        people=0,
        summary=f"Summary {hostile['img_file']} {hostile['attachment']}",
        grounds=f"Grounds {hostile['img_http']} {hostile['anchor']} {hostile['css']}",
        requested_action=f"Ask {hostile['img_http']}",
        deadline=datetime.date(2026, 6, 1),
        deadline_note=hostile["anchor"],
        removal=removal_fields(
            location=hostile["img_file"],
            detained=True,
            detention_facility=hostile["css"],
            cbsa_office=hostile["attachment"],
        ),
    )
    person = case_services.person_add(
        case=case,
        actor=caseworker,
        role=Person.Role.REMOVAL_SUBJECT,
        family_name=hostile["img_file"],
        given_names=hostile["img_http"],
        relationship=hostile["attachment"],
    )
    case_services.consent_add(
        case=case,
        actor=caseworker,
        person=person,
        signed_by=Consent.Signer.GUARDIAN,
        signer_name=hostile["img_http"],
        signed_on=datetime.date(2026, 5, 1),
        covers_cbsa=True,
    )
    case = case_services.case_submit(case=case, actor=caseworker, expected_version=None)
    fetched = []
    original_fetch = StaticOnlyURLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original_fetch(self, url, headers)

    def no_network(self, address, *args, **kwargs):
        raise AssertionError(f"network access to {address!r}")

    monkeypatch.setattr(StaticOnlyURLFetcher, "fetch", spy)
    monkeypatch.setattr(socket.socket, "connect", no_network)

    briefing = services.briefing_generate(case=case, actor=director, language="en")

    data = stored_bytes(briefing)
    text = re.sub(r"\s+", "", pdf_text(data))
    for markup in hostile.values():
        assert re.sub(r"\s+", "", markup) in text, markup
    # Every field carrying markup reached the PDF as text (location and summary, for example).
    assert text.count('<imgsrc="file:///etc/passwd">') >= 4
    assert fetched == [STYLESHEET, COLOUR_PROFILE]
    reader = PdfReader(io.BytesIO(data))
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in data
    assert b"/URI" not in data
    assert "root:x:0:0" not in text
    assert b"root:x:0:0" not in data


def test_it_lets_only_council_staff_generate(removal_case, caseworker, cbsa_contact, fake_pdf):
    for user in (caseworker, cbsa_contact):
        with pytest.raises(PermissionDenied):
            services.briefing_generate(case=removal_case, actor=user)
    assert fake_pdf == []
    assert not removal_case.briefings.exists()
    assert not removal_case.events.filter(action="briefing.generated").exists()


def test_it_refuses_a_draft(caseworker, director, fake_pdf):
    draft = make_case(caseworker)

    with pytest.raises(services.BriefingError):
        services.briefing_generate(case=draft, actor=director)
    assert fake_pdf == []


def test_it_refuses_to_render_inside_a_transaction(family_case, director, fake_pdf):
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.briefing_generate(case=family_case, actor=director)
    assert fake_pdf == []
    assert not family_case.briefings.exists()


def test_it_renders_again_when_another_export_took_the_number(family_case, director, monkeypatch):
    rendered = []

    def fake(html):
        rendered.append(html)
        if len(rendered) == 1:
            # Another member of staff exports version 1 while this one renders.
            Briefing.objects.create(
                case=family_case,
                number=1,
                language="en",
                recipient=Agency.IRCC,
                created_by=director,
                sha256="0" * 64,
                size=1,
                file="briefings/other.pdf",
            )
        return pdf_bytes()

    monkeypatch.setattr(rendering, "html_to_pdf", fake)

    briefing = services.briefing_generate(case=family_case, actor=director, language="en")

    assert briefing.number == 2
    assert "CCR-2026-00001 · Version 1" in rendered[0]
    assert "CCR-2026-00001 · Version 2" in rendered[1]
    assert family_case.events.filter(action="briefing.generated").count() == 1


def test_it_keeps_versions_immutable(family_case, director, fake_pdf):
    briefing = services.briefing_generate(case=family_case, actor=director, language="en")

    briefing.shared_with_organisation = False
    with pytest.raises(ValueError, match="immutable"):
        briefing.save()
    with pytest.raises(ValueError, match="immutable"):
        briefing.delete()
    assert Briefing.objects.get(pk=briefing.pk).shared_with_organisation is True


def test_its_history_line_speaks_the_readers_language(family_case, director, fake_pdf):
    briefing = services.briefing_generate(
        case=family_case, actor=director, language="fr", recipient=Agency.CBSA
    )
    services.briefing_record_download(briefing=briefing, actor=director)
    generated, downloaded = family_case.events.filter(action__startswith="briefing.").order_by("id")

    with translation.override("en"):
        assert generated.comment_display == "version 1 · French · CBSA"
        assert downloaded.comment_display == "version 1"
    with translation.override("fr"):
        assert generated.comment_display == "version 1 · Français · ASFC"
    # Stored once, from codes, whoever reads it.
    assert generated.comment == "v1 · FR · CBSA"


def test_it_defaults_to_the_language_of_the_recipient_agency_contacts(
    family_case, removal_case, cbsa, ircc
):
    # Nobody at the agency: the case's correspondence language.
    assert selectors.default_language(family_case, Agency.IRCC) == "fr"
    assert selectors.default_language(removal_case, Agency.CBSA) == "en"

    for name, language in (("fr1", "fr"), ("fr2", "fr"), ("en1", "en")):
        user_create(
            username=name,
            password=PASSWORD,
            organisation=cbsa,
            role=Role.GOVERNMENT_CONTACT,
            language=language,
        )
    assert selectors.default_language(removal_case, Agency.CBSA) == "fr"

    user_create(
        username="en2",
        password=PASSWORD,
        organisation=ircc,
        role=Role.GOVERNMENT_CONTACT,
        language="en",
    )
    assert selectors.default_language(family_case, Agency.IRCC) == "en"
    assert ircc.kind == Organisation.Kind.GOVERNMENT


def test_it_generates_in_the_default_language_and_for_the_default_recipient(
    removal_case, director, cbsa, fake_pdf
):
    user_create(
        username="agent",
        password=PASSWORD,
        organisation=cbsa,
        role=Role.GOVERNMENT_CONTACT,
        language="fr",
    )

    briefing = services.briefing_generate(case=removal_case, actor=director)

    assert (briefing.recipient, briefing.language) == (Agency.CBSA, "fr")
    assert '<html lang="fr">' in fake_pdf[0]
    assert "PROTÉGÉ B" in fake_pdf[0]


def test_the_case_page_counts_the_versions_for_council_staff(removal_case, director, fake_pdf):
    page = f"/cases/{removal_case.reference}/"
    client = client_for(director)
    assert "0 versions — generate or download" in client.get(page).content.decode()

    for language in ("en", "fr"):
        services.briefing_generate(case=removal_case, actor=director, language=language)

    assert "2 versions — generate or download" in client.get(page).content.decode()
