"""Authentication and transport: lock-out, passwords, sessions, cookies, CSP, `check --deploy`."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

DEMO_PASSWORD = "casework-demo-2026"  # noqa: S105  (what bin/serve's demo accounts use)


def sign_in(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def fail(client: Client, username: str, times: int) -> list[int]:
    return [sign_in(client, username, "not the password").status_code for _ in range(times)]


def test_an_over_long_username_is_refused_by_the_form_not_by_the_database(caseworker):
    response = sign_in(Client(), "x" * 300, "not the password")

    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert sign_in(Client(), caseworker.username, PASSWORD).status_code == 302


# Login throttling (django-axes)


def test_five_failures_lock_the_username_from_that_address_even_with_the_right_password(
    caseworker,
):
    client = Client(REMOTE_ADDR="203.0.113.7")
    # The fifth failure is refused with the lock-out page already.
    assert fail(client, "alice", 5) == [200, 200, 200, 200, 429]

    response = sign_in(client, "alice", PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins" in page and "Try again in 30 minutes." in page
    assert "alice" not in page
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock_and_a_success_starts_the_count_again(caseworker):
    client = Client(REMOTE_ADDR="203.0.113.7")
    fail(client, "alice", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "alice", PASSWORD).status_code == 302

    client.post("/accounts/logout/")
    fail(client, "alice", settings.AXES_FAILURE_LIMIT - 1)

    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_the_lock_is_per_username_and_address(caseworker, colleague):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    fail(attacker, "alice", settings.AXES_FAILURE_LIMIT)

    # The same person at another computer, and a colleague behind the same address, sign in.
    assert sign_in(Client(REMOTE_ADDR="198.51.100.2"), "alice", PASSWORD).status_code == 302
    assert sign_in(attacker, "bob", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(caseworker, time_machine):
    client = Client(REMOTE_ADDR="203.0.113.7")
    fail(client, "alice", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "alice", PASSWORD).status_code == 429

    time_machine.shift(31 * 60)

    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_the_lock_out_page_is_in_french_for_a_french_browser(caseworker):
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="fr")
    fail(client, "alice", settings.AXES_FAILURE_LIMIT)

    response = sign_in(client, "alice", PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de tentatives de connexion échouées" in page
    assert "Réessayez dans 30 minutes." in page


# Passwords


def test_the_demo_password_passes_the_password_rules(caseworker):
    validate_password(DEMO_PASSWORD, caseworker)


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("Short-pw-1", "password_too_short"),
        ("123456789012345", "password_entirely_numeric"),
        ("password1234", "password_too_common"),
        ("alice.example.org", "password_too_similar"),
    ],
)
def test_weak_passwords_are_refused(caseworker, password, why):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, caseworker)
    assert why in [error.code for error in refused.value.error_list]


# Sessions and cookies


def test_a_session_lasts_a_working_day_and_ends_with_the_browser(caseworker):
    client = Client()
    sign_in(client, "alice", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]

    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert client.session.get_expire_at_browser_close()
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_an_expired_session_is_sent_back_to_the_login_page(caseworker, time_machine):
    client = Client()
    sign_in(client, "alice", PASSWORD)
    assert client.get("/cases/").status_code == 200

    time_machine.shift(8 * 3600 + 60)

    response = client.get("/cases/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/cases/")


def test_cookies_are_marked_secure_and_unreadable_by_scripts_in_production():
    production = production_settings("-c", PRINT_COOKIE_SETTINGS)
    assert production.stdout.split() == ["True", "True", "True", "True", "Lax", "Lax", "31536000"]


# Content-Security-Policy


def test_every_page_carries_a_strict_content_security_policy(caseworker):
    response = Client().get("/accounts/login/")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )

    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.I)


def test_no_template_has_inline_script_or_style_the_policy_would_block():
    # The briefing templates become PDFs, never pages in a browser.
    pages = [path for path in TEMPLATES.rglob("*.html") if "briefings/briefing" not in str(path)]
    offending = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in pages
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert pages and offending == []


# check --deploy

PRINT_COOKIE_SETTINGS = """
import django; django.setup()
from django.conf import settings as s
print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,
      s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE,
      s.SECURE_HSTS_SECONDS)
"""


def production_settings(*args: str) -> subprocess.CompletedProcess:
    """Run Python with the settings a production server gets from its environment."""
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process (Playwright's event
    # loop); a production server never has it, and `check --deploy` rightly refuses it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = inherited | {
        "DJANGO_SETTINGS_MODULE": "casework.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "casework.example.org",
    }
    return subprocess.run(  # noqa: S603  (our own interpreter and manage.py)
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = production_settings("manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert "System check identified no issues (0 silenced)." in result.stdout
    assert result.stderr == ""


def test_a_production_server_refuses_to_start_without_a_secret_key():
    with pytest.raises(subprocess.CalledProcessError) as refused:
        production_settings(
            "-c", "import os; os.environ.pop('SECRET_KEY'); " + PRINT_COOKIE_SETTINGS
        )
    assert "SECRET_KEY must be set" in refused.value.stderr
