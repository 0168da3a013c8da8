"""A CBSA contact's portal in a real browser (issue 12): the link e-mailed with a disclosure,
the sign-in it leads through, the disclosure it lands on, the briefing package downloaded;
axe-core finds nothing on the portal's list and detail pages, in English and in French.

Screenshots: artifacts/screenshots/portal-<language>-<page>.png.
"""

import hashlib
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from casework.accounts.models import Agency
from casework.briefings import rendering
from casework.briefings import services as briefings
from casework.cases import services
from casework.cases.models import Kind
from tests.factories import PASSWORD, act, advance, make_case, pdf_bytes, png_bytes, upload

from .browser import PHONE, axe_violations, in_language, no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+?(/disclosures/link/[^/\s]+/)")


@pytest.fixture
def disclosure(monkeypatch, caseworker, director, cbsa_contact):
    """A removal escalated to CBSA with the briefing and two documents chosen: the package has
    two annexes, and the contact was e-mailed the link (all committed, as in production)."""
    # A blank PDF instead of weasyprint: rendering is tested in tests/briefings.
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: pdf_bytes())
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, requested_action="Defer the removal.")
    for kind, name, data in (
        ("medical", "cardiology.pdf", pdf_bytes()),
        ("identity", "passport.png", png_bytes()),
    ):
        services.document_add(case=case, actor=caseworker, kind=kind, upload=upload(name, data))
    case = advance(case, "accepted", member=caseworker, council=director)
    briefing = briefings.briefing_generate(
        case=case, actor=director, recipient=Agency.CBSA, language="en"
    )
    mail.outbox.clear()
    case = act(
        case,
        director,
        "escalate",
        target=Agency.CBSA,
        sent_on=timezone.localdate(),
        government_reference="",
        briefing=briefing,
        documents=list(case.documents.order_by("pk")),
    )
    return case.disclosures.get()


def emailed_link(to: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [to] and LINK.search(m.body)]
    return LINK.search(message.body).group(1)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_cbsa_contact_follows_the_emailed_link_and_downloads_the_package(
    visitor, language, disclosure, cbsa_contact
):
    contact = in_language(cbsa_contact, language)
    link = emailed_link(contact.email)
    found = {}

    def check(name: str) -> None:
        assert person.page.locator("html").get_attribute("lang") == language
        screenshot(person.page, f"portal-{language}-{name}")
        if violations := axe_violations(person.page):
            found[name] = violations

    person = visitor(locale={"en": "en-CA", "fr": "fr-CA"}[language])
    # The link first asks to sign in, then lands on the disclosure itself.
    person.go(link)
    expect(person.page.locator("#id_username")).to_be_visible()
    person.page.locator("#id_username").fill(contact.username)
    person.page.locator("#id_password").fill(PASSWORD)
    person.page.locator("main form button[type=submit]").click()
    person.page.wait_for_url(f"**/disclosures/{disclosure.pk}/")
    expect(person.page.locator("main")).to_contain_text("Defer the removal.")
    expect(person.page.locator("footer")).to_contain_text(
        {"en": "do not disclose further", "fr": "ne pas communiquer davantage"}[language]
    )
    check("detail")

    package = person.page.locator(f'a[href="/disclosures/{disclosure.pk}/package.pdf"]')
    with person.page.expect_download() as download_info:
        package.click()
    with open(download_info.value.path(), "rb") as downloaded:
        data = downloaded.read()
    disclosure.refresh_from_db()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == disclosure.package.sha256
    assert disclosure.package.annexes == 2

    person.go("/disclosures/")
    expect(person.page.locator(f'main a[href="/disclosures/{disclosure.pk}/"]')).to_be_visible()
    check("list")

    # Nothing else of the case: its page answers 404, as for an outsider.
    response = person.page.goto(person.base_url + disclosure.case.get_absolute_url())
    assert response is not None and response.status == 404
    assert found == {}, found


def test_the_portal_fits_a_phone(visitor, disclosure, cbsa_contact):
    person = visitor(viewport=PHONE, locale="fr-CA")
    person.go(emailed_link(in_language(cbsa_contact, "fr").email))
    person.page.locator("#id_username").fill(cbsa_contact.username)
    person.page.locator("#id_password").fill(PASSWORD)
    person.page.locator("main form button[type=submit]").click()
    person.page.wait_for_url(f"**/disclosures/{disclosure.pk}/")

    assert no_horizontal_scroll(person.page)
    screenshot(person.page, "portal-fr-phone-detail")
