"""The keyboard alone does the work, with focus always visible; errors are announced and tied
to their field."""

import pytest
from playwright.sync_api import Page, expect

from casework.cases.models import Case, Status
from tests.factories import PASSWORD, make_case

from .browser import Visitor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MOST_TABS_TO_ANYTHING = 150


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus, which must be visible."""
    for _ in range(MOST_TABS_TO_ANYTHING):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"the focus on {selector} cannot be seen"
            return
    pytest.fail(f"Tab never reaches {selector} on {page.url}")


def press_enter_and_wait(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def take_next_step_by_keyboard(page: Page, name: str) -> None:
    """Take one of the case's one-click next steps with Enter."""
    tab_to(page, f".action-{name} button[type=submit]")
    press_enter_and_wait(page)


def sign_in_by_keyboard(who: Visitor, user) -> None:
    who.go("/accounts/login/")
    tab_to(who.page, "#id_username")
    who.page.keyboard.type(user.username)
    tab_to(who.page, "#id_password")
    who.page.keyboard.type(PASSWORD)
    press_enter_and_wait(who.page)
    assert who.page.url.endswith("/today/")


def test_the_keyboard_alone_creates_submits_and_reviews_a_case(visitor, caseworker, director):
    member = visitor()
    page = member.page
    sign_in_by_keyboard(member, caseworker)

    tab_to(page, 'a[href="/cases/new/"]')
    press_enter_and_wait(page)
    tab_to(page, 'a[href="?kind=family_reunification"]')
    press_enter_and_wait(page)
    tab_to(page, "#id_summary")
    page.keyboard.type("Father in Canada, daughter (9) alone in Kampala.")
    tab_to(page, "form.case-form button[type=submit]")
    press_enter_and_wait(page)
    reference = page.url.rstrip("/").split("/")[-1]

    # Add the daughter: open the form's page with Enter, choose her role with the arrow keys.
    tab_to(page, 'main a[href$="/people/"]')
    press_enter_and_wait(page)
    tab_to(page, "#id_person-role")
    role = page.locator("#id_person-role")
    while role.input_value() != "child":
        page.keyboard.press("ArrowDown")
    tab_to(page, "#id_person-family_name")
    page.keyboard.type("Okello")
    tab_to(page, "#id_person-given_names")
    page.keyboard.type("Grace")
    tab_to(page, "main form button[type=submit]")
    press_enter_and_wait(page)

    take_next_step_by_keyboard(page, "submit")
    assert Case.objects.get(reference=reference).status == Status.SUBMITTED

    # The director takes it from her queue, which starts the review, by keyboard too.
    council = visitor()
    page = council.page
    sign_in_by_keyboard(council, director)
    tab_to(page, 'nav a[href="/tasks/"]')
    press_enter_and_wait(page)
    tab_to(page, f'tr:has(a[href="/cases/{reference}/"]) form[action*="/claim/"] button')
    press_enter_and_wait(page)  # taking it starts the review: one step, not two

    assert Case.objects.get(reference=reference).status == Status.IN_REVIEW


def test_an_error_is_announced_and_tied_to_its_field(visitor, caseworker, director):
    case = make_case(caseworker, submitted=True)
    council = visitor()
    council.sign_in(director)
    council.go(f"/cases/{case.reference}/")
    with council.page.expect_navigation():
        council.page.locator(".action-start_review button[type=submit]").click()

    # Requesting information without saying which is refused, and says why.
    with council.page.expect_navigation():
        council.page.locator(".action-request_info a").click()
    with council.page.expect_navigation():
        council.page.locator("main form button[type=submit]").click()

    page = council.page
    summary = page.locator("[role=alert]")
    expect(summary).to_be_focused()
    field = page.locator("#id_request_info-comment")
    expect(field).to_have_attribute("aria-invalid", "true")
    message = page.locator("#" + field.get_attribute("aria-describedby").split()[0])
    expect(message).to_have_text("This field is required.")
    expect(summary).to_contain_text("This field is required.")
    # The summary's link leads to the field.
    summary.locator('a[href="#id_request_info-comment"]').click()
    expect(field).to_be_focused()
    assert Case.objects.get(pk=case.pk).status == Status.IN_REVIEW
