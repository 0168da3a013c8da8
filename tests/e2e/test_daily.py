"""The caseworker's and the director's day, in a real browser (issue 16): finding a case by
typing names any way, the council's question answered with a document, and the case list on a
390 × 844 phone with the first case, its urgency and deadline on the first screen."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from casework.cases import services
from casework.cases.models import Person
from tests.factories import act, make_case, pdf_bytes, removal_fields

from .browser import (
    DESKTOP,
    PHONE,
    axe_violations,
    in_language,
    no_horizontal_scroll,
    screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def lucia_case(caseworker, **fields):
    case = make_case(caseworker, people=0, title="Two sons abroad", **fields)
    services.person_add(
        case=case, actor=caseworker, role=Person.Role.SPONSOR,
        given_names="Lucía", family_name="Morales Castaño", uci="1234567890",
    )  # fmt: skip
    return act(case, caseworker, "submit")


@pytest.mark.parametrize(
    ("language", "viewport"), [("en", DESKTOP), ("fr", DESKTOP), ("fr", PHONE)]
)
def test_a_caseworker_finds_a_case_by_typing_names_any_way(visitor, caseworker, language, viewport):
    case = lucia_case(in_language(caseworker, language))
    for n in range(3):
        make_case(caseworker, summary=f"Other case {n}.")
    member = visitor(viewport=viewport)
    member.sign_in(caseworker)
    member.go("/cases/")
    member.page.locator('input[name="q"]').fill("castano LUCIA")
    with member.page.expect_navigation():
        member.page.locator('input[name="q"]').press("Enter")
    rows = member.page.locator("table.cases tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(case.reference)
    expect(rows.first).to_contain_text("Lucía Morales Castaño")
    expect(rows.first).to_contain_text("Two sons abroad")
    assert no_horizontal_scroll(member.page)
    screenshot(member.page, f"daily-search-{language}-{viewport['width']}")


def test_the_director_asks_and_the_caseworker_answers_with_a_document(
    visitor, caseworker, director, tmp_path
):
    case = lucia_case(caseworker)
    case = act(case, director, "start_review")
    council = visitor()
    council.sign_in(director)
    council.go(f"/cases/{case.reference}/")
    council.page.locator(".action-request_info a").click()
    council.page.locator('[name="request_info-comment"]').fill("Send the birth certificates.")
    with council.page.expect_navigation():
        council.page.locator("main form button[type=submit]").click()

    member = visitor(viewport=PHONE)
    member.sign_in(caseworker)
    member.go(f"/cases/{case.reference}/")
    pinned = member.page.locator(".info-request")
    expect(pinned).to_contain_text("Send the birth certificates.")
    assert pinned.bounding_box()["y"] < member.page.locator("#actions-heading").bounding_box()["y"]
    certificate = tmp_path / "certificates.pdf"
    certificate.write_bytes(pdf_bytes())
    pinned.locator('[name="note-body"]').fill("Here are both certificates.")
    pinned.locator('[name="note-upload"]').set_input_files(str(certificate))
    pinned.locator('[name="note-document_kind"]').select_option("evidence")
    mail.outbox.clear()
    with member.page.expect_navigation():
        pinned.locator("button[type=submit]").click()
    expect(member.page.locator(".note", has_text="Here are both certificates.")).to_contain_text(
        "certificates.pdf"
    )
    screenshot(member.page, "daily-answer-phone")

    assert any(
        director.email in message.to and "a message from the member organisation" in message.subject
        for message in mail.outbox
    )
    council.go("/cases/")
    expect(council.page.locator("table.cases tbody tr", has_text=case.reference)).to_contain_text(
        "New message"
    )
    screenshot(council.page, "daily-unread-director")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_on_a_phone_the_first_case_is_on_the_first_screen(visitor, caseworker, language):
    in_language(caseworker, language)
    for n in range(12):
        make_case(caseworker, summary=f"Case {n}.", submitted=True)
    critical = lucia_case(
        caseworker,
        kind="removal_deferral",
        removal=removal_fields(removal_at=timezone.now() + datetime.timedelta(hours=30)),
    )
    member = visitor(viewport=PHONE)
    member.sign_in(caseworker)
    member.go("/cases/")
    page = member.page
    assert page.locator("header.site-header").bounding_box()["height"] <= 110
    first = page.locator("table.cases tbody tr").first
    expect(first).to_contain_text(critical.reference)
    box = first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], "the first case ends below the screen"
    for part in (".case-urgency", ".case-deadline", ".case-status"):
        cell = first.locator(part).bounding_box()
        assert cell["x"] + cell["width"] <= PHONE["width"], f"{part} is off to the right"
        assert cell["y"] + cell["height"] <= PHONE["height"], f"{part} is below the screen"
    assert no_horizontal_scroll(page)
    screenshot(page, f"daily-phone-list-{language}")


def test_a_caseworker_finds_a_case_as_they_type(visitor, caseworker):
    """Search as you type: the results follow the box after a short pause, no Enter, no new
    page (the form still works without the script: the test above)."""
    case = lucia_case(caseworker)
    for n in range(3):
        make_case(caseworker, summary=f"Other case {n}.")
    member = visitor()
    member.sign_in(caseworker)
    member.go("/cases/")
    page = member.page
    rows = page.locator("table.cases tbody tr")
    expect(rows).to_have_count(4)
    page.locator('input[name="q"]').press_sequentially("castano LUCIA", delay=20)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(case.reference)
    expect(rows.first).to_contain_text("Lucía Morales Castaño")
    assert page.url.endswith("/cases/?q=castano+LUCIA") or "q=castano+LUCIA" in page.url
    screenshot(page, "daily-search-as-you-type")


@pytest.mark.parametrize(
    ("language", "viewport", "name"),
    [("en", DESKTOP, "today-en"), ("fr", DESKTOP, "today-fr"), ("en", PHONE, "today-phone")],
)
def test_today_shows_the_director_the_critical_case_first(
    visitor, caseworker, director, language, viewport, name
):
    for n in range(3):
        make_case(caseworker, summary=f"Case {n}.", submitted=True)
    make_case(
        caseworker,
        kind="removal_deferral",
        submitted=True,
        removal=removal_fields(removal_at=timezone.now() + datetime.timedelta(days=9)),
    )
    critical = lucia_case(
        caseworker,
        kind="removal_deferral",
        removal=removal_fields(removal_at=timezone.now() + datetime.timedelta(hours=30)),
    )
    council = visitor(viewport=viewport)
    council.sign_in(in_language(director, language))  # signing in leads to Today
    page = council.page
    triage = page.locator("section[aria-labelledby=triage-heading] .today-item")
    expect(triage).to_have_count(2)  # the critical and the high one; routine cases wait
    expect(triage.first).to_contain_text(critical.reference)
    expect(triage.first).to_contain_text("Lucía Morales Castaño")
    expect(triage.first.locator(".urgency-1")).to_be_visible()
    deadlines = page.locator("section[aria-labelledby=deadlines-heading] .today-item")
    expect(deadlines.first).to_contain_text(critical.reference)
    assert no_horizontal_scroll(page)
    screenshot(page, name)
    assert axe_violations(page) == []

    # Take: one click, and the review has started.
    with page.expect_navigation():
        triage.first.locator("button").click()
    assert page.url.endswith(f"/cases/{critical.reference}/")
    critical.refresh_from_db()
    assert (critical.status, critical.assigned_to) == ("in_review", director)
