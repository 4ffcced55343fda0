"""A counselor in real Chromium, in both languages: take a person's assistance profile (a
graduation before birth is refused beside its field), read the pre-check with the proofs in
hand and missing, choose a tier, find its tasks on the task list and mark one done."""

import base64
import json

import pytest
from desk import DESK, PASSWORD, sign_in
from layout import assert_tidy

KEYS = json.dumps({name: base64.b64encode(bytes([n]) * 32).decode()
                   for n, name in enumerate(("sealing", "lookup"), 1)})  # fmt: skip

pytestmark = [pytest.mark.browser, pytest.mark.settings(PERSONAL_DATA_KEYS=KEYS)]


@pytest.fixture
def person(database) -> str:
    """A counselor and a registered woman of 46 in the served database; her id."""
    from test_assistance import WOMAN
    from test_registration_service import register

    from kiosk import create_app
    from kiosk.extensions import db
    from kiosk.staff.accounts import create_staff

    config = {"SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
              "PERSONAL_DATA_KEYS": KEYS}  # fmt: skip
    app = create_app(config, instance_path=str(database.parent / "instance"))
    with app.test_request_context():
        seeker, _ = register(WOMAN)
        create_staff(db.session, "wang", "王老师", PASSWORD, "counselor")
        db.session.commit()
        seeker_id = str(seeker.id)
        db.engine.dispose()
    return seeker_id


def fill_profile(desk) -> None:
    for name, value in (
        ("place", "caravan"), ("urban_resident", "yes"), ("able_and_willing", "yes"),
        ("ever_employed", "yes"), ("household_business_income", "no"),
        ("disability_certificate", "no"), ("minimum_allowance", "yes"),
    ):  # fmt: skip
        desk.locator(f"input[name={name}][value={value}]").check()
    desk.fill("#registered_unemployed_since", "2024-10-01")
    desk.fill("#residence_months", "120")
    desk.fill("#insured_months", "60")
    desk.fill("input[name=household_registered_unemployed]", "2")
    desk.fill("input[name=household_outside_working_age]", "1")
    desk.fill("#minimum_allowance_since", "2024-03-01")
    desk.fill("#health", "腰椎间盘突出，不能久站")
    desk.locator("input[name=barriers][value=care_duties]").check()
    for proof, status in (("id_card", "shown"), ("unemployment_registration", "confirmed"),
                          ("minimum_allowance_proof", "claimed")):  # fmt: skip
        desk.locator(f"input[name=criteria_{proof}][value={status}]").check()
    desk.fill("#criteria_unemployment_registration_review", "2027-03-01")


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_profile_pre_check_tier_and_tasks(browser, person, served, shoot, locale):
    lang, vertical = locale[:2], locale.startswith("mn")
    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, "wang", locale, f"/staff/seekers/{person}")
    desk.locator(f"a[href='/staff/assistance/seekers/{person}']").click()
    desk.wait_for_selector(".empty")
    desk.locator(".seeker-head .button").click()
    desk.wait_for_selector(".profile-form")
    fill_profile(desk)
    desk.fill("#left_higher_education_on", "1975-07-01")  # before she was born
    desk.locator(".profile-form button[type=submit]").click()
    desk.wait_for_selector("#left_higher_education_on-problem")
    shoot(desk, f"assistance-{lang}-profile-mistake-top")
    desk.locator("#left_higher_education_on-problem").scroll_into_view_if_needed()
    shoot(desk, f"assistance-{lang}-profile-mistake")
    assert_tidy(desk, vertical=vertical)
    desk.fill("#left_higher_education_on", "")
    desk.locator(".profile-form button[type=submit]").click()
    desk.wait_for_selector(".precheck .likely")
    assert_tidy(desk, vertical=vertical)
    shoot(desk, f"assistance-{lang}-profile")
    desk.screenshot(path=str(shoot(desk, f"assistance-{lang}-profile-full")), full_page=True)
    likely = desk.locator(".precheck .likely")
    assert likely.count() == 3  # categories 1, 3 and 5
    assert desk.locator(".precheck .in-hand").count() >= 3
    assert desk.locator(".precheck .missing").count() >= 3
    assert "腰椎间盘突出" in desk.content()  # a counselor of the outlet
    assert "腰椎" not in desk.url

    desk.locator("input[name=tier][value=guided]").check()
    desk.fill("#reason", "有低保，需带岗")
    desk.locator("#plan button[type=submit]").click()
    desk.wait_for_selector("#plan .task-list")
    shoot(desk, f"assistance-{lang}-plan")
    desk.goto("/staff/assistance/tasks")
    desk.wait_for_selector(".task-list")
    before = desk.locator(".task-list .match").count()
    assert before >= 5
    shoot(desk, f"assistance-{lang}-tasks")
    assert_tidy(desk, vertical=vertical)
    desk.locator(".task-list .match form button").first.click()
    desk.wait_for_selector(".flash, .flashes, [role=status]")
    assert desk.locator(".task-list .match").count() == before - 1


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_door_to_door_request_by_village(browser, person, served, shoot, locale):
    lang, vertical = locale[:2], locale.startswith("mn")
    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, "wang", locale, f"/staff/assistance/seekers/{person}")
    desk.locator(f"a[href='/staff/assistance/requests/new?seeker={person}']").click()
    desk.wait_for_selector("#what")
    desk.locator("input[name=kind][value=door_to_door]").check()
    desk.locator("input[name=channel][value=phone]").check()
    desk.fill("#what", "上门办理失业登记")
    desk.fill("#township", "宝力根苏木")
    desk.fill("#village", "巴彦嘎查")
    desk.fill("#suits", "下午")
    desk.fill("#asked_by", "女儿")
    shoot(desk, f"assistance-{lang}-request-form")
    assert_tidy(desk, vertical=vertical)
    desk.locator(".visit-form button[type=submit]").click()
    desk.wait_for_selector(".village .visit-card")
    assert "宝力根苏木 巴彦嘎查" in desk.locator(".village h2").inner_text()
    shoot(desk, f"assistance-{lang}-requests")
    assert_tidy(desk, vertical=vertical)
    desk.locator(".village .visit-card a.chip").click()
    desk.wait_for_selector("input[name=services]")
    desk.locator("input[name=services]").first.check()
    shoot(desk, f"assistance-{lang}-request-visit")
    assert_tidy(desk, vertical=vertical)
    desk.locator(".visit-form button[type=submit]").click()
    desk.wait_for_selector(".empty")  # visited: no longer waiting
