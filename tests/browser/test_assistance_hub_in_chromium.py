"""County staff at the hub, in Chromium, in both languages: the assistance the outlets
pushed, per outlet (people profiled, determinations, tiers, tasks done, open and overdue)
and per person, masked; nothing sealed on either page."""

from datetime import timedelta

import pytest
from desk import DESK, PASSWORD, sign_in
from layout import assert_tidy
from station_app import GunicornApp, make_app
from sync_harness import HUB_KEYS, hub_config

from kiosk.domain.reference import load_reference_data
from kiosk.extensions import db
from kiosk.models import (
    AssistanceProfile,
    AssistanceTask,
    Determination,
    DeterminationStep,
    Education,
    EmploymentStatus,
    Gender,
    ProfilePlace,
    Seeker,
    ServicePlan,
    StaffRole,
    Step,
    TaskKind,
    Tier,
    local_today,
    utcnow,
)
from kiosk.staff.accounts import create_staff

pytestmark = pytest.mark.browser
OUTLET = "XLHT-01"


def pushed(today) -> None:
    """What an outlet's pushes left at the hub: a woman profiled at a caravan, her
    application at the platform, a guided plan with one task done and one overdue."""
    seeker = Seeker(
        origin=OUTLET, registration_no="R000123", name_zh="其其格", id_number_sealed=b"x",
        id_number_hash="h1", id_number_masked="150102********0027", gender=Gender.female,
        birth_date=today.replace(year=today.year - 46), mobile_sealed=b"x", mobile_hash="m1",
        mobile_masked="139****0000", education=Education.junior_middle,
        residence_region_code="150102", employment_status=EmploymentStatus.unemployed,
        consented_at=utcnow(), consent_version="2026-1",
    )  # fmt: skip
    db.session.add(seeker)
    db.session.flush()
    profile = AssistanceProfile(
        origin=OUTLET, seeker_id=seeker.id, taken_on=today - timedelta(days=20), taken_by="wang",
        place=ProfilePlace.caravan, rules_version="nm-2020", urban_resident=True,
        able_and_willing=True, residence_months=120, insured_months=60,
        household=["registered_unemployed"], household_business_income=False,
        ever_employed=True, sensitive_sealed=b"sealed: not for the hub's eyes",
        criteria=["unemployment_registration confirmed 2027-06-01"],
        review_on=today + timedelta(days=160),
    )  # fmt: skip
    db.session.add(profile)
    db.session.flush()
    determination = Determination(
        origin=OUTLET, seeker_id=seeker.id, profile_id=profile.id, category=5,
        rules_version="nm-2020", platform="宝力根苏木 平台",
    )  # fmt: skip
    db.session.add(determination)
    db.session.flush()
    db.session.add(
        DeterminationStep(
            origin=OUTLET,
            determination_id=determination.id,
            step=Step.applied,
            acted_on=today - timedelta(days=19),
            acted_by="本人",
            recorded_by="wang",
        )
    )
    plan = ServicePlan(
        origin=OUTLET, seeker_id=seeker.id, profile_id=profile.id, tier=Tier.guided,
        key_group="difficulty", package_version="p", reason="有低保，需带岗",
        chosen_on=today - timedelta(days=19), chosen_by="wang",
        review_on=today + timedelta(days=70),
    )  # fmt: skip
    db.session.add(plan)
    db.session.flush()
    tasks = ((TaskKind.job_offer, -12, -12), (TaskKind.guidance, -2, None))
    for kind, due, done in (*tasks, (TaskKind.job_offer, 30, None)):
        db.session.add(
            AssistanceTask(
                origin=OUTLET,
                plan_id=plan.id,
                seeker_id=seeker.id,
                kind=kind,
                due_on=today + timedelta(days=due),
                assigned_to="wang",
                done_on=today + timedelta(days=done) if done is not None else None,
                done_by="wang" if done is not None else None,
            )
        )


@pytest.fixture
def hub_url(postgres_url, tmp_path):
    hub = make_app(tmp_path / "unused.sqlite", **hub_config(postgres_url))
    with hub.app_context():
        load_reference_data()
        create_staff(db.session, "county", "赵主任", PASSWORD, StaffRole.counselor)
        db.session.commit()
        hub.test_cli_runner().invoke(
            args=["hub", "add-station", OUTLET, "--name", "锡林浩特家门口站", "--region", "150105"]
        )
        pushed(local_today())
        db.session.commit()
        db.session.remove()
    server = GunicornApp(
        tmp_path / "hub.log", ROLE="hub", DATABASE_URL=postgres_url, PERSONAL_DATA_KEYS=HUB_KEYS
    )
    server.start()
    yield server.url
    server.stop()
    with hub.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_the_county_sees_each_outlets_assistance_masked(browser, hub_url, shoot, locale):
    lang, vertical = locale[:2], locale.startswith("mn")
    page = browser.new_page(viewport=DESK, base_url=hub_url)
    sign_in(page, "county", locale, "/staff/assistance/")
    row = page.locator(f'tr[data-outlet="{OUTLET}"]')
    assert row.locator("[data-done]").inner_text() == "1"
    assert row.locator("[data-overdue]").inner_text() == "1"
    assert_tidy(page, vertical=vertical)
    shoot(page, f"assistance-hub-{lang}-outlets")
    row.locator("a").click()
    page.wait_for_selector("#assistance-people")
    person = page.locator('tr[data-person="R000123"]')
    assert person.locator("[data-done]").inner_text().replace(" ", "") == "1/3"
    text = page.content()
    assert "其*格" in text and "其其格" not in text and "150102********0027" in text
    assert "有低保" not in text and "第5类" not in text and "sealed" not in text
    assert_tidy(page, vertical=vertical)
    shoot(page, f"assistance-hub-{lang}-outlet")
    page.close()
