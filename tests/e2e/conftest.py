"""A real headless Chromium (Debian's package) driven by Playwright against the live server."""

import os
import re
import shutil

import pytest
from playwright.sync_api import Page, expect

from economie071.demo.loader import DEMO_PASSWORD

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser(monkeypatch):
    if CHROMIUM is None:
        message = "the end-to-end test needs Debian's chromium package (apt-get install chromium)"
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the test's own database
    # calls are plain synchronous ones, so Django may allow them.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def sign_in(page: Page, base: str, username: str) -> None:
    """Sign in as a demo user through the login form (signing out whoever was signed in)."""
    page.context.clear_cookies()
    page.goto(f"{base}/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    # the office lands on its dashboard, everyone else on their start page
    expect(page).to_have_url(re.compile(r"/(dashboard|start)/$"))
