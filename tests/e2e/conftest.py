"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

One browser for the whole session; each person gets their own context (cookies, language,
viewport), as two people on two devices would. Screenshots go to artifacts/screenshots/.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from .browser import CHROMIUM_ARGS, DESKTOP, Visitor

# Playwright's sync API keeps an asyncio loop in this thread; Django refuses ORM calls in a
# thread with a running loop unless told that the caller (the test, not a coroutine) is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CASEWORK_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not CHROMIUM.exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: `apt-get install chromium` (bin/test does it as root)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def visitor(browser, live_server):
    """Open a browser for one person: visitor(viewport=PHONE, locale="fr")."""
    contexts = []

    def open_visitor(*, viewport=DESKTOP, locale="en-CA") -> Visitor:
        context = browser.new_context(viewport=viewport, locale=locale)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Visitor(page=context.new_page(), base_url=live_server.url)

    yield open_visitor
    for context in contexts:
        context.close()
