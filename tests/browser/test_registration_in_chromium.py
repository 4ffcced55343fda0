"""Registering in real Chromium: a mistake marked beside its field, then a masked receipt."""

import pytest
from layout import assert_tidy, assert_vertical_mongolian_in_webfont

pytestmark = pytest.mark.browser


def tap_choice(page, name: str, value: str) -> None:
    """Tap a choice chip, as a person does. On vertical Mongolian pages Playwright's own
    scrolling leaves the chip at the screen's edge or outside the visual viewport, so the
    chip is first scrolled to the middle of the screen the way a person would swipe."""
    chip = page.locator(f'label.choice:has(input[name="{name}"][value="{value}"])')
    chip.evaluate("chip => chip.scrollIntoView({block: 'center', inline: 'center'})")
    box = chip.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.locator(f'input[name="{name}"][value="{value}"]').is_checked()


def fill_in(page, id_number: str) -> None:
    page.fill("#name_zh", "巴特尔")
    page.fill("#name_mn", "ᠪᠠᠭᠠᠲᠦᠷ")
    page.fill("#id_number", id_number)
    page.fill("#mobile", "139 1234 5678")
    tap_choice(page, "education", "college")
    tap_choice(page, "employment_status", "unemployed")
    page.select_option("#residence_region", "150121")
    tap_choice(page, "wanted_categories", "driver")
    tap_choice(page, "consent", "yes")


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


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_register_by_scanning_the_kiosk_code(kiosk, phone, shoot, locale):
    vertical = locale.startswith("mn")
    kiosk.goto(f"/lang/{locale}?next=/")
    kiosk.locator(".tiles.actions .tile").nth(2).click()  # "Register as a job seeker"
    kiosk.wait_for_url("**/register/phone")
    assert kiosk.locator(".hand-off svg").is_visible()
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"handoff-{locale[:2]}-1-kiosk-code")

    link = kiosk.locator(".hand-off .link").inner_text()
    phone.goto(f"/lang/{locale}")
    phone.goto(link)  # what the phone's camera opens
    fill_in(phone, "152502198511110043")
    shoot(phone, f"handoff-{locale[:2]}-2-phone-form")
    phone.locator("button.submit").click()
    phone.wait_for_url("**/register/done")
    shoot(phone, f"handoff-{locale[:2]}-3-phone-receipt")

    # The kiosk updates by itself.
    kiosk.wait_for_selector(".hand-off-status.done", timeout=10_000)
    assert "152502********0043" not in kiosk.content()  # the kiosk shows only name and number
    assert kiosk.locator(".hand-off-status .big-number").inner_text().startswith("R")
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"handoff-{locale[:2]}-4-kiosk-done")
