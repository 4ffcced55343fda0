"""A counselor in real Chromium: find a registered person by mobile, see the jobs that fit,
record the visit with two recommended jobs and a follow-up, and work the follow-up list."""

import base64
import json
from datetime import timedelta

import pytest
from desk import DESK, PASSWORD, sign_in
from layout import assert_tidy

#: The served station and this test's setup must seal and hash with the same keys.
KEYS = json.dumps({name: base64.b64encode(bytes([n]) * 32).decode()
                   for n, name in enumerate(("sealing", "lookup"), 1)})  # fmt: skip

pytestmark = [pytest.mark.browser, pytest.mark.settings(PERSONAL_DATA_KEYS=KEYS)]


@pytest.fixture
def registered(database):
    """A counselor and a registered seeker (Bater, 139 1234 5678) in the served database."""
    from test_registration_service import GOOD, register

    from kiosk import create_app
    from kiosk.extensions import db
    from kiosk.staff.accounts import create_staff

    config = {"SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
              "PERSONAL_DATA_KEYS": KEYS}  # fmt: skip
    app = create_app(config, instance_path=str(database.parent / "instance"))
    with app.test_request_context():
        register(GOOD)
        create_staff(db.session, "wang", "王老师", PASSWORD, "counselor")
        db.session.commit()
        db.engine.dispose()


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_visit_with_recommended_jobs(browser, registered, served, printer, shoot, locale):
    from kiosk.models import local_today

    lang = locale[:2]
    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, "wang", locale, "/staff/seekers/")

    desk.fill("#q", "1391234567")  # one digit short
    desk.locator(".seeker-search button").click()
    desk.wait_for_selector("#q-problem")
    shoot(desk, f"seekers-{lang}-mistake")
    assert_tidy(desk, vertical=lang == "mn")
    desk.fill("#q", "139 1234 5678")
    desk.locator(".seeker-search button").click()
    assert "13912345678" not in desk.url
    desk.locator(".seeker-results a").first.click()
    desk.wait_for_selector(".match-list .match")
    shoot(desk, f"seekers-{lang}-person")
    assert_tidy(desk, vertical=lang == "mn")
    assert "139****5678" in desk.content() and "13912345678" not in desk.content()

    desk.locator(".seeker-head a[href*='/staff/visits/new']").click()
    desk.wait_for_selector(".visit-form")
    desk.locator("input[name=services][value=job_recommendation]").check()
    for nth in (0, 1):  # a person taps the job's chip, as on a touch screen
        desk.locator(".match-choice").nth(nth).click()
    assert desk.locator("input[name=jobs]:checked").count() == 2
    follow_up = (local_today() + timedelta(days=3)).isoformat()
    desk.fill("#follow_up_on", follow_up)
    desk.fill("#note", "想跑长途，下周带驾驶证来。")
    shoot(desk, f"visit-{lang}-form")
    assert_tidy(desk, vertical=lang == "mn")
    desk.locator(".visit-form button[type=submit]").click()
    desk.wait_for_selector(".visit-card")
    assert printer.wait_for(1)  # the job slip reached the desk's printer
    shoot(desk, f"seekers-{lang}-after-visit")
    assert_tidy(desk, vertical=lang == "mn")
    assert desk.locator(".visit-card .visit-jobs li").count() == 2

    desk.goto("/staff/visits/follow-ups")
    assert "想跑长途" in desk.locator(".visit-card").inner_text()
    shoot(desk, f"follow-ups-{lang}")
    assert_tidy(desk, vertical=lang == "mn")
    desk.locator(".visit-card form button").click()
    desk.wait_for_selector(".empty")
    desk.close()
