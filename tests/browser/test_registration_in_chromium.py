"""Registering in real Chromium: a mistake marked beside its field, then a masked receipt."""

import pytest
from layout import assert_tidy, assert_vertical_mongolian_in_webfont

pytestmark = pytest.mark.browser


def fill_in(page, id_number: str) -> None:
    page.fill("#name_zh", "巴特尔")
    page.fill("#name_mn", "ᠪᠠᠭᠠᠲᠦᠷ")
    page.fill("#id_number", id_number)
    page.fill("#mobile", "139 1234 5678")
    page.locator('input[name="education"][value="college"]').check()
    page.locator('input[name="employment_status"][value="unemployed"]').check()
    page.select_option("#residence_region", "150121")
    page.locator('input[name="wanted_categories"][value="driver"]').check()
    # Tap the chip, as a person does (on the vertical Mongolian page Playwright's own scrolling
    # parks the bare checkbox at the screen's edge).
    page.locator("label.consent").click()
    assert page.locator('input[name="consent"]').is_checked()


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_register_on_the_kiosk(kiosk, shoot, locale):
    vertical = locale.startswith("mn")
    kiosk.goto(f"/lang/{locale}?next=/register/")
    assert_tidy(kiosk, vertical=vertical)
    if vertical:
        assert_vertical_mongolian_in_webfont(kiosk, "h1")
    shoot(kiosk, f"register-{locale[:2]}-1-form")

    fill_in(kiosk, "150102199003071238")  # last digit mistyped
    kiosk.locator("button.submit").click()
    kiosk.wait_for_selector("#id_number-problem")
    assert kiosk.locator("#name_zh").input_value() == "巴特尔"  # nothing typed is lost
    assert kiosk.locator("#id_number").get_attribute("aria-invalid") == "true"
    kiosk.locator("#id_number").scroll_into_view_if_needed()
    shoot(kiosk, f"register-{locale[:2]}-2-mistake")

    kiosk.fill("#id_number", "150102199003071237")
    kiosk.locator("button.submit").click()
    kiosk.wait_for_url("**/register/done")
    assert kiosk.locator(".big-number").inner_text().startswith("R")
    assert "150102********1237" in kiosk.content()
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"register-{locale[:2]}-3-receipt")


def test_register_on_a_phone(phone, shoot):
    phone.goto("/register/")
    assert_tidy(phone, vertical=False)
    shoot(phone, "register-phone-zh-form")
    fill_in(phone, "152502198511110043")
    phone.locator("button.submit").click()
    phone.wait_for_url("**/register/done")
    assert_tidy(phone, vertical=False)
    shoot(phone, "register-phone-zh-receipt")
