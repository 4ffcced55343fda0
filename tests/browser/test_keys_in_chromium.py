"""Registering at the kiosk with no physical keyboard: on-screen keys only (pinyin with its
characters, the Mongolian keys, ID and mobile digits), a card reader that types (keyboard
wedge) and one behind its local service; then the saved registration is checked."""

import sqlite3

import pytest
from layout import assert_tidy
from playwright.sync_api import expect
from test_registration_in_chromium import tap_choice

pytestmark = pytest.mark.browser

ID_NUMBER = "150102199003071237"


def tap(page, selector: str) -> None:
    """A finger on a key: scrolled into sight first (a vertical page scrolls sideways)."""
    target = page.locator(selector)
    target.evaluate("key => key.scrollIntoView({block: 'nearest', inline: 'nearest'})")
    target.click()


def keys(page, layout: str, text: str) -> None:
    pad = f'.keys-dock .keypad[data-layout="{layout}"]'
    for character in text:
        tap(page, f'{pad} button[data-key="{character}"]')


def pinyin(page, letters: str, character: str) -> None:
    """Type the letters, then take the character offered for them."""
    keys(page, "pinyin", letters)
    tap(page, f'.keys-dock [data-candidate="{character}"]')


def mongolian(page, text: str) -> None:
    """Each letter from its key; one of the shift level after a tap on ⇧."""
    pad = '.keys-dock .keypad[data-layout="mongolian"]'
    for character in text:
        base = page.locator(f'{pad} button[data-key="{character}"]')
        if base.count() == 0:
            tap(page, f'{pad} button[data-key="shift"]')
            tap(page, f'{pad} button[data-shift="{character}"]')
        else:
            tap(page, f'{pad} button[data-key="{character}"]')


def choose_the_rest(page) -> None:
    tap_choice(page, "education", "college")
    tap_choice(page, "employment_status", "unemployed")
    page.select_option("#residence_region", "150121")
    tap_choice(page, "wanted_categories", "driver")
    tap_choice(page, "consent", "yes")


def saved(database) -> tuple:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT name_zh, name_mn, id_number_masked, gender, birth_date FROM seeker"
        ).fetchall()


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_register_with_on_screen_keys_only(kiosk, shoot, database, locale):
    short = locale[:2]
    kiosk.goto(f"/lang/{locale}?next=/register/")
    assert kiosk.locator(".keys-dock").is_hidden()

    tap(kiosk, "#name_zh")
    assert kiosk.locator('.keys-dock .keypad[data-layout="pinyin"]').is_visible()
    keys(kiosk, "pinyin", "ba")
    kiosk.wait_for_selector('.keys-dock [data-candidate="巴"]')
    shoot(kiosk, f"keys-{short}-1-pinyin")
    tap(kiosk, '.keys-dock [data-candidate="巴"]')
    pinyin(kiosk, "te", "特")
    pinyin(kiosk, "er", "尔")
    assert kiosk.locator("#name_zh").input_value() == "巴特尔"
    assert kiosk.locator(".keys-dock output").inner_text() == "巴特尔"

    tap(kiosk, "#name_mn")
    mongolian(kiosk, "ᠮᠥᠩᠬᠡ")  # Möngke: ᠩ is the shift level of ᠨ
    assert kiosk.locator("#name_mn").input_value() == "ᠮᠥᠩᠬᠡ"
    shoot(kiosk, f"keys-{short}-2-mongolian")

    tap(kiosk, "#id_number")
    keys(kiosk, "id", "15010219900307123X")
    tap(kiosk, '.keys-dock .keypad[data-layout="id"] [data-key="back"]')
    keys(kiosk, "id", "7")
    assert kiosk.locator("#id_number").input_value() == ID_NUMBER
    shoot(kiosk, f"keys-{short}-3-id")
    tap(kiosk, "#mobile")
    keys(kiosk, "digits", "13912345678")
    tap(kiosk, ".keys-done")
    assert kiosk.locator(".keys-dock").is_hidden()
    choose_the_rest(kiosk)

    # The kiosk's fields open no system keyboard.
    for field in ("#name_zh", "#name_mn", "#id_number", "#mobile"):
        assert kiosk.locator(field).get_attribute("inputmode") == "none"
    tap(kiosk, "button.submit")
    kiosk.wait_for_url("**/register/done")
    assert_tidy(kiosk, vertical=short == "mn")
    assert saved(database) == [("巴特尔", "ᠮᠥᠩᠬᠡ", "150102********1237", "male", "1990-03-07")]


def test_a_card_reader_that_types_fills_the_id_number(kiosk, shoot, database):
    kiosk.goto("/register/")
    tap(kiosk, "#name_zh")
    pinyin(kiosk, "wang", "王")
    # A keyboard-wedge reader "types" the number and Enter within milliseconds, into
    # whatever field has the focus; a person's typing is far slower.
    kiosk.keyboard.type(ID_NUMBER + "\n", delay=4)
    assert kiosk.locator("#id_number").input_value() == ID_NUMBER
    assert kiosk.locator("#name_zh").input_value() == "王"  # put back as it was
    assert kiosk.locator("[data-card-read]").is_visible()
    assert kiosk.url.endswith("/register/")  # the Enter sent nothing
    assert kiosk.locator(".keys-dock").is_hidden()  # the person now checks the form
    shoot(kiosk, "keys-zh-4-card-wedge")

    tap(kiosk, "#mobile")
    kiosk.keyboard.type("1391234567", delay=150)  # a person at a keyboard: typed as it is
    kiosk.keyboard.press("8")
    assert kiosk.locator("#mobile").input_value() == "13912345678"
    tap(kiosk, ".keys-done")
    choose_the_rest(kiosk)
    tap(kiosk, "button.submit")
    kiosk.wait_for_url("**/register/done")
    assert saved(database)[0][:3] == ("王", "", "150102********1237")


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_card_reader_service_fills_the_form(kiosk, shoot, database, card_service, locale):
    short = locale[:2]
    kiosk.goto(f"/lang/{locale}?next=/register/")
    tap(kiosk, "#mobile")
    keys(kiosk, "digits", "13912345678")
    tap(kiosk, ".keys-done")
    tap(kiosk, ".read-card")
    kiosk.wait_for_selector("[data-card-read]:not([hidden])")
    assert kiosk.locator("#name_zh").input_value() == "巴特尔"
    assert kiosk.locator("#id_number").input_value() == ID_NUMBER
    assert kiosk.locator("#mobile").input_value() == "13912345678"  # kept
    assert "新城区某街" not in kiosk.content()  # the card's address is not shown, nor kept
    shoot(kiosk, f"keys-{short}-5-card-service")
    choose_the_rest(kiosk)
    tap(kiosk, "button.submit")
    kiosk.wait_for_url("**/register/done")
    assert saved(database)[0][:3] == ("巴特尔", "", "150102********1237")

    # Unplugged: the person is told, in their language, and may type instead.
    card_service.close()
    kiosk.goto("/register/")
    tap(kiosk, ".read-card")
    kiosk.wait_for_selector(".card-problem")
    shoot(kiosk, f"keys-{short}-6-card-absent")


def test_search_by_pinyin_characters_and_by_mongolian_keys(kiosk, shoot):
    kiosk.goto("/search")
    for letter in "si":
        tap(kiosk, f'.keypad[data-layout="search"] button[data-key="{letter}"]')
    tap(kiosk, '.keypad [data-candidate="司"]')
    for letter in "ji":
        tap(kiosk, f'.keypad[data-layout="search"] button[data-key="{letter}"]')
    tap(kiosk, '.keypad [data-candidate="机"]')
    assert kiosk.locator("#q").input_value() == "司机"
    # The results of the letters typed on the way come first; wait for those of 司机.
    expect(kiosk.locator("#search-results .job-title").first).to_contain_text("司机")
    shoot(kiosk, "keys-zh-7-search")

    tap(kiosk, '[data-show-layout="mongolian"]')
    tap(kiosk, '.keypad[data-layout="mongolian"] [data-key="clear"]')
    assert kiosk.locator('.keypad[data-layout="search"]').is_hidden()
    for letter in "ᠵᠢᠯᠣᠭᠣᠴᠢ":  # driver
        tap(kiosk, f'.keypad[data-layout="mongolian"] button[data-key="{letter}"]')
    assert kiosk.locator("#q").input_value() == "ᠵᠢᠯᠣᠭᠣᠴᠢ"
    kiosk.wait_for_selector("#search-results .job-card")


def test_search_in_mongolian_starts_with_the_mongolian_keys(kiosk, shoot):
    kiosk.goto("/lang/mn_Mong_CN?next=/search")
    assert kiosk.locator('.keypad[data-layout="search"]').is_hidden()
    for letter in "ᠵᠢᠯᠣᠭᠣᠴᠢ":
        tap(kiosk, f'.keypad[data-layout="mongolian"] button[data-key="{letter}"]')
    kiosk.wait_for_selector("#search-results .job-card")
    shoot(kiosk, "keys-mn-7-search")
    assert_tidy(kiosk, vertical=True)


def test_a_card_laid_on_the_reader_during_a_search_never_reaches_an_address(kiosk):
    kiosk.goto("/search")
    tap(kiosk, '.keypad[data-layout="search"] button[data-key="s"]')
    kiosk.locator("#q").focus()
    kiosk.keyboard.type(ID_NUMBER + "\n", delay=4)
    assert kiosk.locator("#q").input_value() == "s"  # the number was dropped
    kiosk.wait_for_timeout(600)  # past the search's own typing delay
    assert ID_NUMBER not in kiosk.url
