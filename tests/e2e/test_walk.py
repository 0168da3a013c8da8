"""The foundation's walk, in a real browser: a removal case from draft to closed.

A caseworker and the policy director, each at their own browser, do it through clicks and form
fills only: in English, in French (no English left on any page), and in French on a phone
(no page scrolls sideways).
"""

import datetime

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from casework.accounts.models import Agency
from casework.cases.models import Case, Outcome, Status
from tests.factories import PASSWORD, pdf_bytes
from tests.test_translations import FR_PO, english_leftovers, parse_po

from .browser import DESKTOP, PHONE, Visitor, in_language, no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FRENCH_ENTRIES = [entry for entry in parse_po(FR_PO) if entry["msgid"]]


class Walker:
    """One person's side of the walk, checking every page they land on."""

    def __init__(self, visitor: Visitor, language: str):
        self.visitor = visitor
        self.page: Page = visitor.page
        self.language = language

    def check_page(self) -> None:
        page = self.page
        assert page.locator("html").get_attribute("lang") == self.language, page.url
        if self.language == "fr":
            assert english_leftovers(page.content(), FRENCH_ENTRIES) == [], page.url
        if page.viewport_size["width"] <= PHONE["width"]:
            assert no_horizontal_scroll(page), f"{page.url} scrolls sideways on a phone"

    def go(self, path: str) -> None:
        self.visitor.go(path)
        self.check_page()

    def click(self, selector: str) -> None:
        """Click what leads to another page, and wait for it."""
        with self.page.expect_navigation():
            self.page.locator(selector).click()
        self.check_page()

    def fill(self, form, fields: dict) -> None:
        for name, value in fields.items():
            field = form.locator(f'[name="{name}"]')
            if field.evaluate("element => element.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)

    def act(self, name: str, **fields) -> None:
        """Take one of the case's next steps: a button, or a page to fill in and send."""
        action = self.page.locator(f".action-{name}")
        if action.locator("a").count():
            self.click(f".action-{name} a")
            form = self.page.locator("main form")
            self.fill(form, {f"{name}-{field}": value for field, value in fields.items()})
            self.click("main form button[type=submit]")
        else:
            assert not fields, f"{name} is one click: it takes no {sorted(fields)}"
            self.click(f".action-{name} button[type=submit]")
        expect(self.page.locator(".message-success")).to_be_visible()

    def add(self, section: str, fill) -> None:
        """Open the case page's link that adds a record, fill its page in, and save."""
        self.click(f'main a[href$="/{section}/"]')
        fill(self.page.locator("main form"))
        self.click("main form button[type=submit]")

    def expect_status(self, status: Status) -> None:
        with translation.override(self.language):
            label = str(status.label)
        expect(self.page.locator("h1 .badge").first).to_have_text(label)


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("en", DESKTOP), ("fr", DESKTOP), ("fr", PHONE)],
    ids=["english", "french", "french-phone"],
)
def test_a_removal_case_walks_from_draft_to_closed(
    visitor, language, viewport, caseworker, director
):
    locale = {"en": "en-CA", "fr": "fr-CA"}[language]
    today = timezone.localdate()
    member = Walker(visitor(viewport=viewport, locale=locale), language)
    council = Walker(visitor(viewport=viewport, locale=locale), language)

    # The login page speaks the browser's language; the caseworker's account keeps hers.
    in_language(caseworker, language)
    member.go("/accounts/login/")
    member.fill(
        member.page.locator("main form"), {"username": caseworker.username, "password": PASSWORD}
    )
    member.click("main form button[type=submit]")

    # She opens a removal case with its removal details...
    member.click('a[href="/cases/new/"]')
    member.click('a[href="?kind=removal_deferral"]')
    removal_at = timezone.localtime() + datetime.timedelta(days=40)
    member.fill(
        member.page.locator("form.case-form"),
        {
            "summary": "Mother and two children, H&C pending, removal to Haiti booked.",
            "grounds": "Best interests of the children: both in school in Laval.",
            "requested_action": "Ask CBSA to defer removal until the H&C decision.",
            "correspondence_language": "fr",
            "deadline": (today + datetime.timedelta(days=30)).isoformat(),
            "removal-removal_at": removal_at.strftime("%Y-%m-%dT%H:%M"),
            "removal-location": "Montréal-Trudeau",
            "removal-destination": "HT",
            "removal-order_type": "deportation",
        },
    )
    member.click("form.case-form button[type=submit]")
    member.expect_status(Status.DRAFT)
    reference = member.page.url.rstrip("/").split("/")[-1]
    case_path = f"/cases/{reference}/"

    # ...adds the person concerned and the removal order, and submits it.
    member.add(
        "people",
        lambda form: member.fill(
            form,
            {
                "person-role": "removal_subject",
                "person-family_name": "Joseph",
                "person-given_names": "Marie",
                "person-date_of_birth": "1990-02-11",
                "person-citizenship": "HT",
            },
        ),
    )
    expect(member.page.locator("table").filter(has_text="Joseph")).to_be_visible()

    def removal_order(form):
        member.fill(form, {"document-kind": "removal_order"})
        form.locator('[name="document-upload"]').set_input_files(
            {"name": "direction.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
        )

    member.add("documents", removal_order)
    expect(member.page.locator('a[href*="/documents/"]', has_text="direction.pdf")).to_be_visible()

    # ...records her signed consent to share the case with CBSA (escalation needs it)...
    def consent(form):
        form.locator('[name="consent-person"]').select_option(index=1)
        member.fill(
            form,
            {
                "consent-signed_by": "self",
                "consent-signer_name": "Marie Joseph",
                "consent-instrument": "imm5476",
                "consent-signed_on": "2026-05-01",
            },
        )
        form.locator('[name="consent-covers_council"]').check()
        form.locator('[name="consent-covers_cbsa"]').check()

    member.add("consents", consent)
    expect(member.page.locator("#consents-heading + ul")).to_contain_text("Marie Joseph")
    member.act("submit")
    member.expect_status(Status.SUBMITTED)

    # The director's account is in English: she switches it, then takes the case from the queue...
    council.visitor.sign_in(director)
    if language == "fr":
        council.click("button[name=language][value=fr]")
    council.check_page()
    council.click('nav a[href="/tasks/"]')
    council.click(f'tr:has(a[href="{case_path}"]) form[action*="/claim/"] button')
    # Taking it started the review (one step, not two)...
    council.expect_status(Status.IN_REVIEW)
    # ...and she asks for more information.
    council.act("request_info", comment="Send the school letters.")
    council.expect_status(Status.INFO_REQUESTED)

    # The caseworker reads the request, answers and resubmits.
    member.go(case_path)
    expect(member.page.locator(".history")).to_contain_text("Send the school letters.")
    member.act("resubmit", comment="School letters attached.")
    member.expect_status(Status.SUBMITTED)

    # The director accepts, escalates to CBSA and exports a briefing for them.
    council.click('nav a[href="/tasks/"]')
    council.click(f'main a[href="{case_path}"]')
    council.act("start_review")
    council.act("accept")
    council.act(
        "escalate",
        target=Agency.CBSA,
        sent_on=today.isoformat(),
        government_reference="CBSA-QC-118",
    )
    council.expect_status(Status.ESCALATED)
    council.click(f'a[href="{case_path}briefings/"]')
    briefing_form = council.page.locator("main form")
    council.fill(briefing_form, {"recipient": Agency.CBSA})
    council.click("main form button[type=submit]")
    expect(council.page.locator(".message-success")).to_be_visible()
    download = council.page.locator(f'a[href="{case_path}briefings/1.pdf"]')
    pdf = council.page.request.get(council.visitor.base_url + download.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # CBSA answers; the director records the response, then the outcome.
    council.click(f'main a[href="{case_path}"]')
    council.act(
        "record_response",
        received_on=today.isoformat(),
        response="Removal deferred pending the H&C decision.",
    )
    council.expect_status(Status.RESPONDED)
    council.act("close", outcome=Outcome.FAVOURABLE)
    council.expect_status(Status.CLOSED)
    with translation.override(language):
        expect(council.page.locator("dl.facts").first).to_contain_text(
            str(Outcome.FAVOURABLE.label)
        )
    screenshot(council.page, f"walk-{language}-{viewport['width']}-closed")

    case = Case.objects.get(reference=reference)
    assert (case.status, case.outcome, case.government_reference) == (
        Status.CLOSED,
        Outcome.FAVOURABLE,
        "CBSA-QC-118",
    )
    assert case.briefings.count() == 1
    member.go(case_path)
    member.expect_status(Status.CLOSED)
