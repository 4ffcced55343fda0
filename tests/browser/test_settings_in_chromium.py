"""Station settings in Chromium at the desk: a service, the hours, the printer, a test print."""

import pytest
from desk import DESK, sign_in
from layout import BOXES, LAYOUT_PROBLEMS, assert_tidy
from raw_printer import decode_raster
from station_app import screenshot_path

pytestmark = pytest.mark.browser


def tidy(page, vertical: bool) -> None:
    # The bar is sticky: scrolled, it lies over whatever passes beneath it, by design.
    page.evaluate("window.scrollTo(0, 0)")
    problems = page.evaluate(LAYOUT_PROBLEMS, BOXES)
    assert problems == [], problems
    assert_tidy(page, vertical=vertical)


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_manager_sets_up_the_station(browser, served, manager, printer, shoot, locale):
    lang = locale[:2]
    vertical = lang == "mn"
    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, manager, locale, "/staff/settings/")
    shoot(desk, f"settings-{lang}-1-services")
    tidy(desk, vertical)

    # A service: a new name and three seats.
    desk.locator(".settings-service", has_text="就业见习").locator("a.chip").click()
    desk.wait_for_url("**/staff/settings/services/**")
    desk.fill("#name_zh", "就业见习岗位")
    desk.fill("#slot_capacity", "3")
    shoot(desk, f"settings-{lang}-2-service")
    tidy(desk, vertical)
    desk.locator(".settings-actions button").click()
    desk.wait_for_url("**/staff/settings/")
    assert desk.locator(".print-status.printed").count() >= 1
    assert desk.locator(".settings-service", has_text="就业见习岗位").count() == 1

    # A letter already taken is refused beside its field.
    desk.locator(".settings-service", has_text="就业见习岗位").locator("a.chip").click()
    desk.fill("#queue_letter", "A")
    desk.locator(".settings-actions button").click()
    desk.wait_for_selector("#queue_letter-problem")
    shoot(desk, f"settings-{lang}-3-refused")
    tidy(desk, vertical)

    # Opening hours: Saturday too, 09:00 to 16:00.
    desk.goto("/staff/settings/hours")
    desk.locator("input[name=days][value='6']").check()
    desk.fill("#opens", "09:00")
    desk.fill("#closes", "16:00")
    desk.locator(".settings-actions button").click()
    desk.wait_for_url("**/staff/settings/hours")
    desk.wait_for_selector(".print-status.printed")
    shoot(desk, f"settings-{lang}-4-hours")
    tidy(desk, vertical)

    # The printer: the test socket, 58 mm paper, then a test print (htmx swaps the outcome).
    desk.goto("/staff/settings/printer")
    desk.fill("#address", printer.url)
    desk.locator("input[name=dots][value='384']").check()
    desk.locator(".settings-form .settings-actions button").click()
    desk.wait_for_url("**/staff/settings/printer")
    desk.locator("#test-print").wait_for()
    desk.locator("form[action$='/printer/test'] button").click()
    desk.wait_for_selector("#test-print .print-status.printed")
    picture = decode_raster(printer.wait_for(1)[0])
    assert picture.width == 384
    picture.save(screenshot_path(f"settings-{lang}-test-print.png"))
    shoot(desk, f"settings-{lang}-5-printer")
    tidy(desk, vertical)

    # Unplugged: the reason shows in place, in the page's language.
    printer.close()
    desk.locator("form[action$='/printer/test'] button").click()
    desk.wait_for_selector("#test-print .print-status.failed")
    shoot(desk, f"settings-{lang}-6-printer-failed")
    tidy(desk, vertical)
    desk.close()
