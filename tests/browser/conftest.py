"""Browser fixtures: the app on a real socket, and Debian's Chromium driven by Playwright."""

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from kiosk.config import ROOT

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "screenshots"
KIOSK = {"width": 1080, "height": 1920}
PHONE = {"width": 390, "height": 844}

playwright_api = pytest.importorskip("playwright.sync_api")


class LiveServer:
    def __init__(self, app) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(app) -> Iterator[LiveServer]:
    server = LiveServer(app)
    yield server
    server.stop()


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


def _context(browser, live_server: LiveServer, viewport: dict, **options):
    context = browser.new_context(viewport=viewport, base_url=live_server.url, **options)
    # Offline by construction: any request that leaves this machine fails the test.
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.outside_requests = outside
    return context


@pytest.fixture
def kiosk(browser, live_server):
    context = _context(browser, live_server, KIOSK)
    yield context.new_page()
    assert context.outside_requests == []
    context.close()


@pytest.fixture
def phone(browser, live_server):
    context = _context(browser, live_server, PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    assert context.outside_requests == []
    context.close()


@pytest.fixture
def kiosk_without_js(browser, live_server):
    context = _context(browser, live_server, KIOSK, java_script_enabled=False)
    yield context.new_page()
    context.close()


def _shoot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


@pytest.fixture
def shoot():
    """Save a screenshot for a person to look at (screenshots/ is not committed)."""
    return _shoot
