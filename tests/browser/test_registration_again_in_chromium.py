"""Registering again in Chromium with an ID number on file: the form asks for the mobile on
file before the name and mobile change."""

import pytest
from layout import assert_tidy
from test_registration_in_chromium import fill_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_registering_again_asks_for_the_mobile_on_file(kiosk, shoot, locale):
    lang = locale[:2]
    vertical = lang == "mn"
    kiosk.goto(f"/lang/{locale}?next=/register/")
    fill_in(kiosk, "150102199003071237")
    kiosk.locator("button.submit").click()
    kiosk.wait_for_url("**/register/done")

    kiosk.goto("/register/")
    fill_in(kiosk, "150102199003071237")
    kiosk.fill("#name_zh", "王小明")
    kiosk.fill("#mobile", "13800001111")
    kiosk.locator("button.submit").click()
    box = kiosk.locator(".confirm-change")
    box.wait_for()
    assert "139****5678" in box.inner_text()
    assert kiosk.locator("#name_zh").input_value() == "王小明"  # nothing typed is lost
    kiosk.evaluate("scrollTo(0, 0)")
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"register-{lang}-4-again-confirm")

    kiosk.fill("#confirm_mobile", "139 0000 0000")
    kiosk.locator("button.submit").click()
    kiosk.wait_for_selector("#confirm_mobile-problem")
    shoot(kiosk, f"register-{lang}-5-again-wrong-mobile")

    kiosk.fill("#confirm_mobile", "139 1234 5678")
    kiosk.locator("button.submit").click()
    kiosk.wait_for_url("**/register/done")
    shoot(kiosk, f"register-{lang}-6-again-updated")
