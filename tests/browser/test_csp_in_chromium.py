"""The pages under their Content-Security-Policy in real Chromium: the kiosk, an htmx filter
tap, registration, the desk's queue (its scan field and counter choice, now in desk.js) and the
lobby, with no violation reported."""

import re

import pytest
from desk import DESK, sign_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

#: Every violation the page sees, kept where the test can read it.
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def watched(page):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(LISTEN)
    return console


def assert_no_violation(page, console: list[str]) -> None:
    assert page.evaluate("window.cspViolations") == [], page.url
    assert not [line for line in console if "Content Security Policy" in line], console


def test_kiosk_registration_and_desk_keep_to_the_policy(kiosk, browser, served, counselor):
    console = watched(kiosk)
    answer = kiosk.goto("/")
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert_no_violation(kiosk, console)

    kiosk.goto("/jobs")
    kiosk.evaluate("window.stillThisPage = true")
    kiosk.get_by_role("link", name="全职", exact=True).click()  # htmx swaps the results
    kiosk.wait_for_url(re.compile(r"type=full_time"))
    kiosk.wait_for_selector('.chip[aria-current]:has-text("全职")')
    assert kiosk.evaluate("window.stillThisPage") is True
    kiosk.goto("/search")
    kiosk.fill("#q", "司机")  # the search box asks as one types (htmx trigger with a delay)
    kiosk.wait_for_timeout(800)
    assert_no_violation(kiosk, console)

    kiosk.goto("/register/")
    assert kiosk.locator("form").count() > 0
    kiosk.goto("/")
    kiosk.locator(".tile-form button").click()  # a new phone code is a POST
    kiosk.wait_for_url("**/register/phone")
    assert kiosk.locator(".qr svg").first.is_visible()
    kiosk.wait_for_timeout(2500)  # the status poll (htmx, every 2 s) has run once
    assert_no_violation(kiosk, console)

    desk = browser.new_page(viewport=DESK, base_url=served)
    desk_console = watched(desk)
    sign_in(desk, counselor, "zh_Hans_CN", "/staff/queue")
    assert desk.evaluate("document.activeElement.id") == "scan"
    desk.keyboard.type("123456")  # no such slip: the list answers, the field empties
    desk.keyboard.press("Enter")
    expect(desk.locator("#scan")).to_have_value("")  # (no wait_for_function: it evals)
    assert desk.evaluate("document.activeElement.id") == "scan"
    with desk.expect_navigation():
        desk.select_option("#counter", "2")  # desk.js sends the choice
    assert desk.locator("#counter").input_value() == "2"
    assert_no_violation(desk, desk_console)

    desk.goto("/lobby")
    desk.wait_for_timeout(3500)  # one refresh of the board
    assert_no_violation(desk, desk_console)
    desk.close()
