"""A caravan out of reach, in Chromium: the kiosk says it is offline, the desk's "sync now"
says the hub could not be reached and how many records wait, in both languages."""

import pytest
from desk import DESK, sign_in
from layout import assert_tidy

pytestmark = [
    pytest.mark.browser,
    # Port 9 (discard) on this machine: nothing answers, as on a road with no signal.
    pytest.mark.settings(HUB_URL="http://127.0.0.1:9", HUB_SECRET="s", SYNC_TRIES="1"),
]


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_caravan_out_of_reach(browser, served, kiosk, counselor, shoot, locale):
    lang = locale[:2]
    vertical = lang == "mn"
    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, counselor, locale, "/staff/sync/")
    desk.get_by_role("button", name="立即同步" if lang == "zh" else "ᠣᠳᠣ ᠢᠵᠢᠯᠢᠰᠬᠡᠬᠦ").click()
    desk.wait_for_selector("#sync-state .notice[role=alert]")
    assert desk.locator(".sync-problem small").inner_text() == "unreachable: ConnectionError"
    assert_tidy(desk, vertical=vertical)
    shoot(desk, f"sync-{lang}-station-offline")

    kiosk.goto(f"/lang/{locale}")
    mark = kiosk.locator(".bar-link-state.offline")
    assert mark.is_visible()
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"kiosk-{lang}-offline-mark")
