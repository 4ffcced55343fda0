"""A person asks for a home visit themselves, in real Chromium, in both languages: at the
kiosk (1080×1920) by touch alone, the village and the mobile typed on the on-screen keys, a
missing answer said beside its field; on a phone (390 wide) with its own keyboard. Each
request is saved with its channel, the mobile masked and sealed."""

import sqlite3

import pytest
from layout import assert_tidy
from test_keys_in_chromium import keys, mongolian, pinyin, tap
from test_registration_in_chromium import tap_choice

pytestmark = pytest.mark.browser


def saved(database) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT channel, kind, village, contact_masked, length(contact_sealed) > 11"
            " FROM assistance_request ORDER BY created_at"
        ).fetchall()


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_asked_at_the_kiosk_by_touch_alone(kiosk, shoot, database, locale):
    short, vertical = locale[:2], locale.startswith("mn")
    kiosk.goto(f"/lang/{locale}?next=/")
    tap(kiosk, ".tiles.actions a[href='/help-at-home/']")
    kiosk.wait_for_url("**/help-at-home/")
    assert kiosk.locator(".home-ask-qr svg").is_visible()  # or on one's own phone
    tap_choice(kiosk, "kind", "door_to_door")
    tap_choice(kiosk, "needs", "unemployment_registration")
    tap_choice(kiosk, "needs", "training")
    shoot(kiosk, f"help-{short}-1-what")
    assert_tidy(kiosk, vertical=vertical)
    tap(kiosk, "#ask-what .step-next")
    tap(kiosk, "#village")
    if vertical:
        mongolian(kiosk, "ᠪᠠᠶᠠᠨ")
        village = "ᠪᠠᠶᠠᠨ"
    else:
        pinyin(kiosk, "ba", "巴")
        pinyin(kiosk, "yin", "音")
        village = "巴音"
    assert kiosk.locator("#village").input_value() == village
    shoot(kiosk, f"help-{short}-2-village-keys")
    tap(kiosk, ".keys-done")
    tap_choice(kiosk, "suits", "weekend")
    shoot(kiosk, f"help-{short}-2-where")
    tap(kiosk, "#ask-where .step-next")
    tap_choice(kiosk, "asked_by", "myself")
    tap(kiosk, "#mobile")
    keys(kiosk, "digits", "1384567123")  # one digit short
    tap(kiosk, ".keys-done")
    tap_choice(kiosk, "consent", "yes")
    tap(kiosk, "button.submit")
    kiosk.wait_for_selector("#mobile-problem")
    assert saved(database) == []
    shoot(kiosk, f"help-{short}-3-mistake")
    assert_tidy(kiosk, vertical=vertical)
    tap(kiosk, "#mobile")
    keys(kiosk, "digits", "4")
    tap(kiosk, ".keys-done")
    for field in ("#village", "#mobile", "#note"):
        assert kiosk.locator(field).get_attribute("inputmode") == "none"
    tap(kiosk, "button.submit")
    kiosk.wait_for_url("**/help-at-home/done")
    assert "138****1234" in kiosk.locator(".lead").inner_text()
    assert "13845671234" not in kiosk.url
    shoot(kiosk, f"help-{short}-4-done")
    assert_tidy(kiosk, vertical=vertical)
    assert saved(database) == [("kiosk", "door_to_door", village, "138****1234", 1)]


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_asked_on_a_phone(phone, shoot, database, locale):
    short, vertical = locale[:2], locale.startswith("mn")
    phone.goto(f"/help-at-home/?lang={locale}&from=qr")  # the kiosk's code, its language
    assert phone.locator(".keys-dock").count() == 0 and phone.locator(".home-ask-qr").count() == 0
    assert phone.locator("html").get_attribute("lang").startswith(short)
    shoot(phone, f"help-{short}-phone-form")
    assert_tidy(phone, vertical=vertical)
    tap_choice(phone, "kind", "proxy")
    tap_choice(phone, "needs", "social_insurance")
    phone.fill("#village", "ᠪᠠᠶᠠᠨ" if vertical else "巴彦嘎查")
    tap_choice(phone, "asked_by", "relative")
    phone.fill("#mobile", "139 0000 1234")
    tap_choice(phone, "consent", "yes")
    phone.locator("button.submit").click()
    phone.wait_for_url("**/help-at-home/done")
    shoot(phone, f"help-{short}-phone-done")
    assert_tidy(phone, vertical=vertical)
    assert saved(database)[-1][:2] == ("phone", "proxy")
    assert saved(database)[-1][3] == "139****1234"
