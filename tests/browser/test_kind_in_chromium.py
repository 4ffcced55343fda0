"""Kind to people (issue 14): the idle reset asks first and a touch keeps the session; every
htmx action shows it is working and what it brought is read out."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from screens import tap_through

pytestmark = pytest.mark.browser


@pytest.mark.settings(IDLE_TIMEOUT_SECONDS="12")
def test_the_idle_reset_asks_first_and_a_touch_keeps_the_person(kiosk, shoot):
    kiosk.goto("/lang/mn_Mong_CN?next=/appointments/")
    warning = kiosk.locator("#idle-warning")
    expect(warning).to_be_hidden()
    # Quiet for half the idle time: "still there?" and a countdown that runs down.
    expect(warning).to_be_visible(timeout=9000)
    first = int(kiosk.locator("[data-idle-count]").inner_text())
    assert 0 < first <= 6
    kiosk.wait_for_timeout(1500)
    assert int(kiosk.locator("[data-idle-count]").inner_text()) < first
    shoot(kiosk, "idle-mn-warning")
    # A touch on the question (it covers the screen, so it lands on nothing beneath).
    box = warning.bounding_box()
    kiosk.mouse.click(box["x"] + 40, box["y"] + 40)
    expect(warning).to_be_hidden()
    kiosk.wait_for_timeout(6500)  # past the moment the reset would have come
    assert kiosk.url.endswith("/appointments/")
    assert kiosk.locator("html").get_attribute("lang") == "mn-Mong"  # the session is kept

    # Left alone again, the screen starts over for the next person, in Chinese.
    kiosk.wait_for_url(lambda url: urlsplit(url).path == "/", timeout=15000)
    assert kiosk.locator("html").get_attribute("lang") == "zh-Hans"


def test_htmx_actions_show_work_and_are_announced(kiosk, shoot):
    kiosk.goto("/jobs")
    kiosk.evaluate("window.stillThisPage = true")
    # Slow the answer down so the busy state can be seen while it lasts.
    kiosk.route(
        "**/jobs?*type=full_time*", lambda route: (kiosk.wait_for_timeout(800), route.continue_())
    )
    kiosk.get_by_role("link", name="全职", exact=True).click()
    busy = kiosk.locator('[aria-busy="true"]')
    expect(busy).to_have_count(1)
    assert kiosk.locator(".htmx-request").count() >= 1
    shoot(kiosk, "busy-zh-filter")
    expect(busy).to_have_count(0)
    count = kiosk.locator(".count").first.inner_text().strip()
    expect(kiosk.locator("#announce")).to_have_text(count)
    assert kiosk.evaluate("window.stillThisPage") is True

    # The slip printed again in place: what happened to the print is read out.
    tap_through(kiosk.locator(".job-card a").first)  # before htmx, the form would send itself
    kiosk.locator(".slip-area button").click()
    status = kiosk.locator(".slip .print-status")
    expect(status).to_have_count(1)
    expect(kiosk.locator("#announce")).to_have_text(status.inner_text().strip())
