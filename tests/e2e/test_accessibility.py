"""axe-core finds no WCAG 2.1 A/AA violation on the main pages, in English and in French.

Each page is also saved as a screenshot (artifacts/screenshots/<language>-<page>.png).
"""

import pytest
from playwright.sync_api import expect

from casework.accounts import services as accounts
from casework.accounts.models import Role
from casework.cases import services
from casework.cases.models import Kind
from tests.factories import act, make_case

from .browser import PHONE, axe_violations, in_language, no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cases(caseworker, director):
    """A draft, a removal in review with a deadline, and one waiting in the council's queue."""
    draft = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, people=1)
    in_review = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, submitted=True, people=2)
    act(in_review, director, "start_review")
    make_case(caseworker, submitted=True)
    return {"draft": draft.reference, "in_review": in_review.reference}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_main_pages_have_no_wcag_violation(visitor, language, caseworker, director, cases):
    found = {}

    def check(who, name: str, path: str | None = None) -> None:
        if path is not None:
            who.go(path)
        assert who.page.locator("html").get_attribute("lang") == language
        if name.endswith("-errors"):
            expect(who.page.locator("[role=alert]").first).to_be_focused()
        screenshot(who.page, f"{language}-{name}")
        if violations := axe_violations(who.page):
            found[name] = violations

    # The browser asks for the language: the login page answers in it.
    locale = {"en": "en-CA", "fr": "fr-CA"}[language]
    anonymous = visitor(locale=locale)
    check(anonymous, "login", "/accounts/login/")
    with anonymous.page.expect_navigation():
        anonymous.page.locator("main form button[type=submit]").click()
    check(anonymous, "login-errors")

    member = visitor(locale=locale)
    member.sign_in(in_language(caseworker, language))
    check(member, "today", "/today/")
    check(member, "dashboard", "/dashboard/")
    check(member, "case-list", "/cases/")
    check(member, "case-kind", "/cases/new/")
    check(member, "case-form", "/cases/new/?kind=removal_deferral")
    with member.page.expect_navigation():
        member.page.locator("form.case-form button[type=submit]").click()
    check(member, "case-form-errors")
    check(member, "case-detail-draft", f"/cases/{cases['draft']}/")
    check(member, "settings", "/accounts/settings/")

    council = visitor(locale=locale)
    council.sign_in(in_language(director, language))
    check(council, "today-council", "/today/")
    check(council, "dashboard-council", "/dashboard/")
    check(council, "statistics", "/reports/statistics/")
    check(council, "task-inbox", "/tasks/")
    check(council, "case-detail-review", f"/cases/{cases['in_review']}/")
    with council.page.expect_navigation():
        council.page.locator(".action-request_info a").click()
    check(council, "transition-request-info")
    with council.page.expect_navigation():
        council.page.locator("main form button[type=submit]").click()
    check(council, "transition-errors")
    check(council, "history", f"/cases/{cases['in_review']}/history/")
    check(council, "urgency", f"/cases/{cases['in_review']}/urgency/")
    check(member, "add-person", f"/cases/{cases['draft']}/people/")
    check(member, "add-document", f"/cases/{cases['draft']}/documents/")
    check(council, "due-soon", "/cases/due/")
    check(council, "briefings", f"/cases/{cases['in_review']}/briefings/")
    check(council, "access-history", f"/cases/{cases['in_review']}/access/")

    assert found == {}


@pytest.fixture
def onboarding(director, org_admin, org_a, caseworker, outsider, cases):
    """A pending application, an open invitation, a revoked one, a case shared with Charlie."""
    pending = accounts.organisation_apply(
        actor=None,
        name="Prairie Refugee Support Network",
        email="office@example.org",
        applicant_name="Grace Mwangi",
        applicant_email="grace@example.org",
        province="SK",
    )
    _open, token = accounts.invitation_create(
        actor=org_admin, organisation=org_a, role=Role.CASEWORKER, email="a@example.org",
        language="en",
    )  # fmt: skip
    revoked, revoked_token = accounts.invitation_create(
        actor=org_admin, organisation=org_a, role=Role.CASEWORKER, email="b@example.org",
        language="en",
    )  # fmt: skip
    accounts.invitation_revoke(actor=org_admin, invitation=revoked)
    shared = make_case(caseworker, submitted=True)
    services.case_share(case=shared, actor=org_admin, user=outsider)
    return {
        "pending": pending.pk,
        "org_a": org_a.pk,
        "token": token,
        "revoked": revoked_token,
        "shared": shared.reference,
        "caseworker": caseworker.pk,
    }


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_pages_of_organisations_and_accounts_have_no_wcag_violation(
    visitor, language, director, org_admin, council_staff, onboarding
):
    found = {}
    locale = {"en": "en-CA", "fr": "fr-CA"}[language]

    def check(who, name: str, path: str | None = None, *, status: int = 200) -> None:
        if path is not None:
            response = who.page.goto(who.base_url + path)
            assert response.status == status, f"{path}: {response.status}"
        assert who.page.locator("html").get_attribute("lang") == language
        screenshot(who.page, f"{language}-{name}")
        if violations := axe_violations(who.page):
            found[name] = violations

    def submit(who) -> None:
        with who.page.expect_navigation():
            who.page.locator("main form button[type=submit]").last.click()

    anonymous = visitor(locale=locale)
    check(anonymous, "apply", "/accounts/organisations/apply/")
    submit(anonymous)
    check(anonymous, "apply-errors")
    check(anonymous, "invitation-accept", f"/accounts/join/{onboarding['token']}/")
    submit(anonymous)
    check(anonymous, "invitation-accept-errors")
    check(anonymous, "invitation-refused", f"/accounts/join/{onboarding['revoked']}/", status=410)
    check(anonymous, "password-reset", "/accounts/password/reset/")
    check(anonymous, "password-reset-sent", "/accounts/password/reset/sent/")

    council = visitor(locale=locale)
    council.sign_in(in_language(director, language))
    organisation = f"/accounts/organisations/{onboarding['org_a']}/"
    pending = f"/accounts/organisations/{onboarding['pending']}/"
    check(council, "organisations", "/accounts/organisations/")
    check(council, "organisation-pending", pending)
    check(council, "organisation-approve", pending + "approve/")
    check(council, "organisation-decline", pending + "decline/")
    submit(council)
    check(council, "organisation-decline-errors")
    check(council, "organisation", organisation)
    check(council, "organisation-edit", organisation + "edit/")
    check(council, "organisation-suspend", organisation + "suspend/")

    admin = visitor(locale=locale)
    admin.sign_in(in_language(org_admin, language))
    check(admin, "my-organisation", organisation)
    check(admin, "invite", organisation + "invite/")
    check(admin, "member", f"/accounts/members/{onboarding['caseworker']}/")
    check(admin, "shares", f"/cases/{onboarding['shared']}/shares/")
    check(admin, "password-change", "/accounts/password/")

    staff = visitor(locale=locale)
    staff.sign_in(in_language(council_staff, language))
    check(staff, "two-step-enrol", "/accounts/two-step/")
    expect(staff.page.locator("svg.qr-code")).to_be_visible()

    assert found == {}


def test_the_list_and_a_case_fit_a_phone_screen(visitor, caseworker, cases):
    phone = visitor(viewport=PHONE)
    phone.sign_in(caseworker)

    for name, path in [("case-list", "/cases/"), ("case-detail", f"/cases/{cases['draft']}/")]:
        phone.go(path)
        screenshot(phone.page, f"phone-{name}")
        assert no_horizontal_scroll(phone.page), f"{path} scrolls sideways on a phone"


def test_the_pages_of_an_organisation_fit_a_phone_screen(visitor, director, org_admin, onboarding):
    anonymous = visitor(viewport=PHONE, locale="fr-CA")
    admin = visitor(viewport=PHONE, locale="fr-CA")
    admin.sign_in(in_language(org_admin, "fr"))
    council = visitor(viewport=PHONE, locale="fr-CA")
    council.sign_in(in_language(director, "fr"))
    organisation = f"/accounts/organisations/{onboarding['org_a']}/"

    for who, name, path in [
        (anonymous, "apply", "/accounts/organisations/apply/"),
        (anonymous, "invitation-accept", f"/accounts/join/{onboarding['token']}/"),
        (admin, "my-organisation", organisation),
        (admin, "shares", f"/cases/{onboarding['shared']}/shares/"),
        (council, "organisations", "/accounts/organisations/"),
        (council, "dashboard-council", "/dashboard/"),
    ]:
        who.go(path)
        screenshot(who.page, f"phone-fr-{name}")
        assert no_horizontal_scroll(who.page), f"{path} scrolls sideways on a phone"
