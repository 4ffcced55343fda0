"""Booking, a walk-in number and slips in real Chromium, with a printer on a real socket."""

import pytest
from layout import assert_tidy, assert_vertical_mongolian_in_webfont
from playwright.sync_api import expect
from raw_printer import decode_raster
from screens import tap_through
from station_app import screenshot_path

pytestmark = pytest.mark.browser


def wait_for_slip_picture(page, width: int = 576) -> None:
    """Until the slip's picture has loaded at the printer's width. Polled from here: the
    page's policy forbids eval, which Playwright's wait_for_function needs."""
    image = page.locator(".slip-image").first
    for _ in range(100):
        if image.count() and image.evaluate("img => img.naturalWidth") == width:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the slip's picture did not load")


def keypad_type(page, text: str) -> None:
    for key in text:
        page.locator(f'.keypad button[data-key="{key}"]').click()


def save_received(printer, count: int, name: str) -> None:
    """What the printer got, decoded back into a picture, for a person to look at."""
    decode_raster(printer.wait_for(count)[count - 1]).save(screenshot_path(f"{name}.png"))


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_book_a_time_and_get_a_slip(kiosk, printer, shoot, locale):
    lang = locale[:2]
    vertical = lang == "mn"
    kiosk.goto(f"/lang/{locale}?next=/appointments/")
    assert_tidy(kiosk, vertical=vertical)
    if vertical:
        assert_vertical_mongolian_in_webfont(kiosk, "h1")
    shoot(kiosk, f"booking-{lang}-1-services")

    kiosk.locator(".tiles.services .tile").first.click()
    kiosk.wait_for_url("**/appointments/policy_consultation")
    kiosk.locator(".days .chip").nth(1).click()  # tomorrow-ish: today's times may be gone
    expect(kiosk.locator(".days .chip:nth-child(2)[aria-current]")).to_have_count(1)
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"booking-{lang}-2-times")

    kiosk.locator("a.slot").first.click()
    kiosk.wait_for_url("**/appointments/*/at/*")
    keypad_type(kiosk, "1391234567")  # one digit short
    assert kiosk.locator("#mobile").input_value() == "1391234567"
    kiosk.locator("button.submit").click()
    kiosk.wait_for_selector("#booking-problem")
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"booking-{lang}-3-mistake")

    kiosk.fill("#mobile", "13912345678")
    kiosk.locator("button.submit").click()
    kiosk.wait_for_url("**/appointments/done")
    assert kiosk.locator(".big-number").first.inner_text() == "A001"
    assert kiosk.locator(".print-status.printed").is_visible()
    wait_for_slip_picture(kiosk)
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"booking-{lang}-4-slip")
    save_received(printer, 1, f"slip-appointment-{lang}-printed")


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_take_a_walk_in_number(kiosk, printer, shoot, locale):
    lang = locale[:2]
    vertical = lang == "mn"
    kiosk.goto(f"/lang/{locale}?next=/")
    kiosk.locator(".tiles.actions .tile").nth(4).click()  # "Take a number"
    kiosk.wait_for_url("**/queue/")
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"queue-{lang}-1-services")
    kiosk.locator(".tiles.services .tile").nth(1).click()
    kiosk.wait_for_url("**/queue/ticket")
    assert kiosk.locator(".ticket-number").inner_text() == "B001"
    wait_for_slip_picture(kiosk)
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"queue-{lang}-2-ticket")
    save_received(printer, 1, f"slip-ticket-{lang}-printed")

    kiosk.locator(".slip button").click()  # print again: htmx swaps the slip in place
    expect(kiosk.locator(".slip")).to_have_count(1)
    assert len(printer.wait_for(2)) == 2


def test_a_phone_scanning_the_slip_sees_it(kiosk, phone, printer, shoot):
    kiosk.goto("/queue/")
    kiosk.locator(".tiles.services .tile").first.click()
    kiosk.wait_for_url("**/queue/ticket")
    token = kiosk.locator(".slip form").get_attribute("action").split("/")[2]
    phone.goto(f"/s/{token}")
    wait_for_slip_picture(phone)
    assert phone.locator(".slip button").count() == 0  # a phone cannot print at the station
    assert_tidy(phone, vertical=False)
    shoot(phone, "slip-phone-zh")


def test_registration_and_job_slips(kiosk, printer, shoot):
    job = kiosk.goto("/jobs").url
    tap_through(kiosk.locator(".job-card a").first)  # before htmx, the form would send itself
    kiosk.locator(".slip-area button").click()
    kiosk.wait_for_selector(".slip .print-status.printed", timeout=30_000)
    shoot(kiosk, "job-zh-slip")
    save_received(printer, 1, "slip-job-zh-printed")
    assert job


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_book_on_a_phone(phone, shoot, locale):
    """The same booking on a seeker's own phone, 390 wide: its own keyboard, no keypad."""
    lang = locale[:2]
    vertical = lang == "mn"
    phone.goto("/?from=qr")  # as after scanning any of the station's codes
    phone.goto(f"/lang/{locale}?next=/appointments/")
    phone.locator(".tiles.services .tile").nth(2).click()
    phone.wait_for_url("**/appointments/unemployment_registration")
    phone.locator(".days .chip").nth(1).click()
    expect(phone.locator(".days .chip:nth-child(2)[aria-current]")).to_have_count(1)
    assert_tidy(phone, vertical=vertical)
    shoot(phone, f"booking-phone-{lang}-times")
    phone.locator("a.slot").first.click()
    phone.wait_for_url("**/appointments/*/at/*")
    assert phone.locator(".keypad").count() == 0
    phone.fill("#mobile", "13700001111")
    phone.locator("button.submit").click()
    phone.wait_for_url("**/appointments/done")
    wait_for_slip_picture(phone)
    assert_tidy(phone, vertical=vertical)
    shoot(phone, f"booking-phone-{lang}-done")
