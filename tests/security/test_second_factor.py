"""TOTP second factor for council staff and government contacts (django-otp): optional, or
compulsory with CASEWORK["SECOND_FACTOR_REQUIRED"]."""

import re
from base64 import b32decode

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.accounts import selectors, services
from casework.audit.models import Action, AuditEntry
from tests.factories import PASSWORD, client_for, make_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

ENROL = "/accounts/two-step/"
VERIFY = "/accounts/two-step/verify/"


def code(key: bytes) -> str:
    """What an authenticator app shows now for `key`."""
    return f"{totp(key):06d}"


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def enrolled(council_staff):
    """Sam, with a confirmed authenticator; returns its secret key."""
    device = services.second_factor_enrolment_start(user=council_staff)
    assert services.second_factor_enrolment_confirm(device=device, token=code(device.bin_key))
    return device.bin_key


def test_staff_enrol_with_the_secret_shown_and_one_code(council_staff, time_machine):
    client = client_for(council_staff)

    page = client.get(ENROL).content.decode()
    uri = re.search(r'href="(otpauth://totp/[^"]+)"', page).group(1)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    assert uri.startswith("otpauth://totp/Casework%3Asam?secret=" + secret)
    key = b32decode(secret)

    wrong = client.post(ENROL, {"code": "000000"})
    assert wrong.status_code == 400
    assert selectors.second_factor_device(council_staff) is None

    time_machine.shift(30)  # the next code: the app has moved on too
    response = client.post(ENROL, {"code": code(key)})

    assert (response.status_code, response["Location"]) == (302, "/accounts/settings/")
    assert selectors.second_factor_device(council_staff) is not None
    # The session that proved the code goes on without asking again.
    assert client.get("/cases/").status_code == 200


def test_reloading_the_enrolment_page_keeps_the_same_secret(council_staff):
    client = client_for(council_staff)
    first = client.get(ENROL).content.decode()
    again = client.get(ENROL).content.decode()

    def secret(page):
        return re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)

    assert secret(first) == secret(again)
    assert TOTPDevice.objects.filter(user=council_staff).count() == 1


def test_members_cannot_enrol_and_government_contacts_can(caseworker, org_admin, cbsa_contact):
    assert client_for(caseworker).get(ENROL).status_code == 403
    assert client_for(org_admin).get(ENROL).status_code == 403
    assert not TOTPDevice.objects.exists()

    assert client_for(cbsa_contact).get(ENROL).status_code == 200


def test_the_key_is_also_a_qr_code_drawn_on_the_server_that_the_policy_allows(council_staff):
    response = client_for(council_staff).get(ENROL)
    page = response.content.decode()

    svg = re.search(r"<svg [^>]*>.*?</svg>", page, re.DOTALL).group(0)
    assert 'role="img"' in svg and "<title>QR code of the key, for the app</title>" in svg
    # Drawn with attributes only: no inline style or script for the CSP to block.
    assert "style" not in svg and "<script" not in svg
    assert "<img" not in page  # nothing fetched from elsewhere
    assert "style-src 'self'" in response["Content-Security-Policy"]
    # The code holds the same otpauth:// link the page offers.
    assert re.search(r'href="otpauth://totp/Casework%3Asam\?secret=[A-Z2-7]+', page)


# A government contact's pages are the disclosure portal's.
@pytest.mark.parametrize(
    ("persona", "home"),
    [("council_staff", "/cases/"), ("director", "/cases/"), ("cbsa_contact", "/disclosures/")],
)
def test_with_the_setting_council_and_government_enrol_before_anything_else(
    request, settings, persona, home, time_machine
):
    settings.CASEWORK = settings.CASEWORK | {"SECOND_FACTOR_REQUIRED": True}
    user = request.getfixturevalue(persona)
    client = signed_in(user.username)

    response = client.get(home)
    assert (response.status_code, response["Location"]) == (302, f"{ENROL}?next={home}")
    page = client.get(ENROL).content.decode()
    assert "Your account must use two-step sign-in" in page

    key = b32decode(re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1))
    assert client.post(ENROL, {"code": code(key)}).status_code == 302
    assert client.get(home).status_code == 200

    # At the next sign-in, the code is asked for, then every page opens.
    again = signed_in(user.username)
    assert again.get(home)["Location"] == f"{VERIFY}?next={home}"
    time_machine.shift(30)
    again.post(VERIFY, {"code": code(key)})
    assert again.get(home).status_code == 200


def test_with_the_setting_members_still_sign_in_with_a_password(settings, caseworker):
    settings.CASEWORK = settings.CASEWORK | {"SECOND_FACTOR_REQUIRED": True}

    assert signed_in("alice").get("/cases/").status_code == 200


def test_enrolment_is_in_the_audit_log(council_staff, enrolled):
    assert AuditEntry.objects.filter(
        action=Action.SECOND_FACTOR_ENROLLED, actor=council_staff
    ).exists()


def test_an_enrolled_account_gives_a_code_before_reaching_any_page(
    caseworker, council_staff, enrolled, time_machine
):
    case = make_case(caseworker, submitted=True)
    client = signed_in("sam")

    for url in ("/cases/", f"/cases/{case.reference}/", "/tasks/", "/accounts/settings/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"{VERIFY}?next={url}")
    assert client.get(VERIFY).status_code == 200

    assert client.post(VERIFY, {"code": "000000", "next": "/tasks/"}).status_code == 400
    assert client.get("/cases/").status_code == 302
    failed = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert (failed.actor, failed.target) == (council_staff, "second step")

    time_machine.shift(30)  # the code used at enrolment cannot be used again
    response = client.post(VERIFY, {"code": code(enrolled), "next": "/tasks/"})

    assert (response.status_code, response["Location"]) == (302, "/tasks/")
    assert client.get(f"/cases/{case.reference}/").status_code == 200


def test_the_code_page_does_not_send_anyone_elsewhere(council_staff, enrolled, time_machine):
    client = signed_in("sam")
    time_machine.shift(30)

    response = client.post(VERIFY, {"code": code(enrolled), "next": "https://evil.example/"})

    assert response["Location"] == "/today/"  # LOGIN_REDIRECT_URL, not the foreign site


def test_signing_out_stays_possible_before_the_code(council_staff, enrolled):
    client = signed_in("sam")

    response = client.post("/accounts/logout/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")


def test_staff_without_an_authenticator_sign_in_with_the_password_alone(council_staff):
    assert signed_in("sam").get("/cases/").status_code == 200
