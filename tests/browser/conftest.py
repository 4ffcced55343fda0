"""Browser fixtures: Debian's Chromium driven by Playwright, against the station as gunicorn
serves it (the `served` fixture of tests/conftest.py)."""

from pathlib import Path

import pytest
from desk import make_staff
from station_app import screenshot_path

CHROMIUM = Path("/usr/bin/chromium")
KIOSK = {"width": 1080, "height": 1920}
PHONE = {"width": 390, "height": 844}

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _context(browser, served: str, viewport: dict, **options):
    context = browser.new_context(viewport=viewport, base_url=served, **options)
    # Offline by construction: any request that leaves this machine fails the test.
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(served):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.outside_requests = outside
    return context


@pytest.fixture
def kiosk(browser, served):
    context = _context(browser, served, KIOSK)
    yield context.new_page()
    assert context.outside_requests == []
    context.close()


@pytest.fixture
def phone(browser, served):
    context = _context(browser, served, PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    assert context.outside_requests == []
    context.close()


@pytest.fixture
def kiosk_without_js(browser, served):
    context = _context(browser, served, KIOSK, java_script_enabled=False)
    yield context.new_page()
    context.close()


def _shoot(page, name: str) -> Path:
    path = screenshot_path(f"{name}.png")
    page.screenshot(path=str(path))
    return path


@pytest.fixture
def shoot():
    """Save a screenshot for a person to look at (screenshots/ is not committed)."""
    return _shoot


@pytest.fixture
def counselor(database):
    """A counselor account in the test's database."""
    return make_staff(database, "wang", "王老师")


@pytest.fixture
def manager(database):
    """A station manager's account in the test's database."""
    return make_staff(database, "li", "李站长", "manager")
