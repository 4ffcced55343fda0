"""The queue as people meet it in Chromium: a wrong check-in code at the desk, the lobby TV."""

import pytest
from desk import DESK, sign_in

from kiosk.config import ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "screenshots"

UNKNOWN = {"zh": "没有哪个预约或排队号是这个代码。", "mn": "ᠡᠨᠡ ᠺᠣᠳ᠋ ᠲᠠᠢ ᠴᠠᠭ ᠲᠣᠭᠲᠠᠭᠠᠯᠲᠠ ᠪᠤᠶᠤ ᠳ᠋ᠤᠭᠠᠷ ᠦᠭᠡᠢ᠃"}


def take_ticket(kiosk) -> str:
    """A walk-in's number at the kiosk; returns the slip's code the desk can type."""
    kiosk.goto("/queue/")
    kiosk.locator(".tiles.services .tile").first.click()
    kiosk.wait_for_url("**/queue/ticket")
    return kiosk.locator(".slip form").get_attribute("action").split("/")[2]


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_wrong_check_in_code_says_so_and_clears_the_last_check_in(
    browser, served, counselor, shoot, locale
):
    lang = locale[:2]
    kiosk = browser.new_page(viewport={"width": 1080, "height": 1920}, base_url=served)
    token = take_ticket(kiosk)
    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, counselor, locale, "/staff/queue")

    desk.keyboard.type(f"{served}/s/{token}")
    desk.keyboard.press("Enter")
    desk.wait_for_selector("#queue-list .print-status")

    desk.keyboard.type("ZZZZ9ZZZZ9")  # ten characters, like a code, but nobody's
    desk.keyboard.press("Enter")
    notice = desk.locator("#queue-list .notice[role=alert]")
    notice.wait_for()
    assert notice.inner_text().strip() == UNKNOWN[lang]
    assert desk.locator("#queue-list .print-status").count() == 0, "the old success must go"
    assert desk.locator("#scan").input_value() == ""
    assert desk.evaluate("document.activeElement.id") == "scan"
    shoot(desk, f"queue-{lang}-desk-wrong-code")
    for page in (kiosk, desk):
        page.close()


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_the_ticket_says_how_many_are_ahead_and_how_long(kiosk, printer, shoot, locale):
    lang = locale[:2]
    kiosk.goto(f"/lang/{locale}?next=/queue/")
    take_ticket(kiosk)
    token = take_ticket(kiosk)
    assert kiosk.locator(".wait-ahead").inner_text() == "1"
    about = {"zh": "大约 10 分钟", "mn": "ᠣᠢᠷᠠᠯᠴᠠᠭ᠎ᠠ 10 ᠮᠢᠨᠦ᠋ᠲ"}[lang]
    assert about in kiosk.locator(".wait-time").inner_text()  # no visit today yet: a default
    shoot(kiosk, f"queue-{lang}-ticket-wait")
    slip = kiosk.request.get(f"/s/{token}/slip.png")
    assert slip.ok
    (SCREENSHOTS / f"queue-{lang}-ticket-slip.png").write_bytes(slip.body())
