"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

One browser for the whole session; each person gets their own context (cookies, language,
viewport), as two people on two devices would. Screenshots go to artifacts/screenshots/.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from .browser import CHROMIUM_ARGS, DESKTOP, SCREENSHOTS, Visitor, screenshot

# Playwright's sync API keeps an asyncio loop in this thread; Django refuses ORM calls in a
# thread with a running loop unless told that the caller (the test, not a coroutine) is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CASEWORK_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def browser() -> Browser:
    # A failure's screenshots describe this run only: those of an earlier run would mislead.
    for stale in SCREENSHOTS.glob("failed-*.png"):
        stale.unlink()
    if not CHROMIUM.exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: `apt-get install chromium` (bin/test does it as root)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture
def visitor(request, browser, live_server):
    """Open a browser for one person: visitor(viewport=PHONE, locale="fr-CA").

    When the test fails, each person's last page is kept as a screenshot, failed-<test>-<n>.png.
    """
    visitors = []

    def open_visitor(*, viewport=DESKTOP, locale="en-CA") -> Visitor:
        context = browser.new_context(viewport=viewport, locale=locale)
        context.set_default_timeout(15_000)
        visitors.append(Visitor(page=context.new_page(), base_url=live_server.url))
        return visitors[-1]

    yield open_visitor
    for number, opened in enumerate(visitors, start=1):
        if request.node.stash.get(FAILED, False):
            screenshot(opened.page, f"failed-{request.node.name}-{number}")
        opened.page.context.close()
