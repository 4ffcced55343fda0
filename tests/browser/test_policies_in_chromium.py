"""The policy library and its self-check in real Chromium, kiosk (1080x1920) and phone (390),
in both scripts: the list, a search typed on the keys, an item, its slip on a real printer
socket, the questions and their answer with a booking button."""

import pytest
from layout import assert_axe_clean, assert_tidy, assert_touch_targets
from test_booking_in_chromium import keypad_type, save_received, wait_for_slip_picture

from kiosk.extensions import db
from kiosk.policies.library import STARTER, import_policies, read_file_items

pytestmark = pytest.mark.browser

LOCALES = ["zh_Hans_CN", "mn_Mong_CN"]
#: A woman of 45, registered unemployed, with no job (tests/test_policies.py's persona).
WOMAN_OF_45 = {"age": "40_49", "sex": "female", "work": "none", "school": "no",
               "registered": "yes", "hardship": "no", "difficulty": "no", "veteran": "no",
               "business": "no"}  # fmt: skip


@pytest.fixture
def published(database):
    """The starter set in the station's database before it is served (as a pull leaves it)."""
    from station_app import make_app

    app = make_app(database)
    with app.app_context():
        import_policies(db.session, read_file_items(STARTER), "HUB")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def checked(page, name: str, vertical: bool) -> None:
    assert_tidy(page, vertical=vertical)
    assert_axe_clean(page, name)
    assert_touch_targets(page, name)


def answer(page, answers: dict[str, str]) -> None:
    for fact, value in answers.items():
        page.locator(f'label.choice:has(input[name="{fact}"][value="{value}"])').click()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_library_on_the_kiosk(published, kiosk, printer, shoot, locale):
    lang = locale[:2]
    vertical = lang == "mn"
    kiosk.goto(f"/lang/{locale}?next=/")
    kiosk.locator('.tiles.actions a[href="/policies/"]').click()
    kiosk.wait_for_url("**/policies/")
    assert kiosk.locator(".policy-card").count() == 7
    shoot(kiosk, f"policies-{lang}-1-list")
    if vertical:
        # Measured with the Latin keys, as the job search is (tests/browser/screens.py): the
        # Mongolian layout's keys are the job search's, narrower on a vertical page.
        kiosk.locator('[data-show-layout="search"]').click()
    checked(kiosk, f"policies-{lang}-list", vertical)

    if vertical:
        kiosk.locator('[data-show-layout="mongolian"]').click()
        keypad_type(kiosk, "ᠳᠠᠳᠬ")  # the Mongolian keys come first on a Mongolian page
    else:
        keypad_type(kiosk, "jx")  # 见习 by its initials
    for _ in range(50):
        if kiosk.locator(".policy-card").count() == 1:
            break
        kiosk.wait_for_timeout(100)
    assert kiosk.locator('.policy-card[data-policy="internship_subsidy"]').count() == 1
    assert kiosk.locator(".policy-card").count() == 1
    assert_tidy(kiosk, vertical=vertical)
    assert_axe_clean(kiosk, f"policies-{lang}-search")
    shoot(kiosk, f"policies-{lang}-2-search")

    kiosk.locator(".policy-card a").first.click()
    kiosk.wait_for_url("**/policies/item/internship_subsidy")
    assert kiosk.locator('a[href="/appointments/internship"]').count() == 1
    assert kiosk.locator(".qr svg").count() == 1
    shoot(kiosk, f"policies-{lang}-3-item")
    checked(kiosk, f"policies-{lang}-item", vertical)

    kiosk.locator("button.print").click()
    wait_for_slip_picture(kiosk)
    assert kiosk.locator(".print-status.printed").is_visible()
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"policies-{lang}-4-slip")
    save_received(printer, 1, f"slip-policy-{lang}-kiosk")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_self_check_on_the_kiosk(published, kiosk, shoot, locale):
    lang = locale[:2]
    vertical = lang == "mn"
    kiosk.goto(f"/lang/{locale}?next=/policies/check")
    assert kiosk.locator("fieldset").count() == len(WOMAN_OF_45)
    shoot(kiosk, f"policy-check-{lang}-1-questions")
    checked(kiosk, f"policy-check-{lang}", vertical)
    answer(kiosk, WOMAN_OF_45)
    kiosk.locator("button.submit").click()
    kiosk.wait_for_url("**/policies/check")
    cards = kiosk.locator(".policy-card")
    assert sorted(cards.evaluate_all("cs => cs.map(c => c.dataset.policy)")) == [
        "difficulty_determination", "training_subsidy"]  # fmt: skip
    assert kiosk.locator(".policy-bring li").count() >= 3
    shoot(kiosk, f"policy-check-{lang}-2-result")
    checked(kiosk, f"policy-check-{lang}-result", vertical)
    kiosk.locator(
        '.policy-card[data-policy="training_subsidy"] a[href="/appointments/skills_training"]'
    ).click()
    kiosk.wait_for_url("**/appointments/skills_training")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_library_and_self_check_on_a_phone(published, phone, shoot, locale):
    lang = locale[:2]
    vertical = lang == "mn"
    phone.goto("/policies/item/startup_loan?from=qr")  # as the kiosk's code opens it
    phone.goto(f"/lang/{locale}?next=/policies/item/startup_loan")
    assert phone.locator(".qr").count() == 0  # a phone already holds the item
    shoot(phone, f"phone-policy-{lang}-item")
    checked(phone, f"phone-policy-{lang}-item", vertical)
    phone.goto("/policies/check")
    shoot(phone, f"phone-policy-check-{lang}-1-questions")
    checked(phone, f"phone-policy-check-{lang}", vertical)
    answer(phone, {"age": "25_39", "business": "yes", "veteran": "yes"})  # the rest skipped
    phone.locator("button.submit").click()
    phone.wait_for_url("**/policies/check")
    assert phone.locator('.policy-card[data-policy="startup_loan"]').count() == 1
    assert phone.locator(".notice").count() == 1  # some questions skipped: said so
    shoot(phone, f"phone-policy-check-{lang}-2-result")
    checked(phone, f"phone-policy-check-{lang}-result", vertical)
