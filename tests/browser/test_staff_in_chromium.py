"""The desk in real Chromium: sign in, scan a slip like a USB scanner, call, serve; the lobby."""

import pytest
from desk import DESK, PASSWORD, sign_in
from layout import assert_tidy

pytestmark = pytest.mark.browser

TV = {"width": 1920, "height": 1080}


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_morning_at_the_desk(browser, served, counselor, shoot, locale):
    lang = locale[:2]
    kiosk = browser.new_page(viewport={"width": 1080, "height": 1920}, base_url=served)
    kiosk.goto("/queue/")
    kiosk.locator(".tiles.services .tile").first.click()
    kiosk.wait_for_url("**/queue/ticket", timeout=90_000)  # the number and its slip drawn
    slip_address = (
        served + "/s/" + kiosk.locator(".slip form").get_attribute("action").split("/")[2]
    )
    label = kiosk.locator(".ticket-number").inner_text()

    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, counselor, locale, "/staff/queue")
    assert desk.evaluate("document.activeElement.id") == "scan"  # ready for the scanner

    desk.keyboard.type(slip_address)  # a USB scanner types the QR address, then Enter
    desk.keyboard.press("Enter")
    desk.wait_for_selector("#queue-list .print-status")
    assert desk.evaluate("document.activeElement.id") == "scan"
    assert desk.locator("#scan").input_value() == ""

    desk.locator(".call-next").click()
    desk.wait_for_selector(f"#queue-list .state-called .queue-number:has-text('{label}')")
    shoot(desk, f"staff-{lang}-queue")
    assert_tidy(desk, vertical=lang == "mn")

    # Two more walk-ins, called to the other two counters: the TV shows three rows.
    for counter in ("2", "3"):
        kiosk.goto("/queue/")
        kiosk.locator(".tiles.services .tile").nth(1).click()
        kiosk.wait_for_url("**/queue/ticket")
        desk.select_option("#counter", counter)
        desk.wait_for_load_state("load")
        desk.locator(".call-next").click()
        desk.wait_for_selector(f"#queue-list .print-status:has-text('{counter}')")

    tv = browser.new_page(viewport=TV, base_url=served)
    tv.goto("/lobby")
    assert tv.locator(".lobby-number").count() == 3
    assert tv.locator(".lobby-number").first.inner_text() == label
    shoot(tv, f"lobby-{lang}")
    assert_tidy(tv, vertical=False)
    assert tv.evaluate(
        "() => [...document.querySelectorAll('.lobby-row')]"
        ".every(r => r.getBoundingClientRect().bottom <= innerHeight)"
    ), "the lobby board must fit the TV without scrolling"

    served_word = "办结" if lang == "zh" else "ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠰᠡᠨ"
    desk.locator(".state-called button", has_text=served_word).first.click()
    desk.wait_for_selector("#queue-list .state-served")
    for page in (kiosk, desk, tv):
        page.close()


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_manager_makes_a_counselor_account(browser, served, manager, shoot, locale):
    lang = locale[:2]
    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, manager, locale, "/staff/accounts")
    desk.fill("#username", "zhao")
    desk.fill("#display_name", "赵敏")
    desk.fill("#password", PASSWORD)
    desk.fill("#password_again", "not the same one")
    desk.locator(".account-form .button").click()
    desk.wait_for_selector(".account-form .notice")
    desk.fill("#password", PASSWORD)
    desk.fill("#password_again", PASSWORD)
    desk.locator(".account-form .button").click()
    desk.wait_for_selector("td:text('zhao')")
    shoot(desk, f"staff-{lang}-accounts")
    assert_tidy(desk, vertical=lang == "mn")
    desk.close()
