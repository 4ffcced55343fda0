"""The county look-up in Chromium, in both languages: a counselor at the doorstep station
finds the person the caravan registered in spring, with the caravan's visit and follow-up,
masked as at the desk; a station without a hub says so plainly."""

from datetime import timedelta

import pytest
from desk import DESK, PASSWORD, make_staff, sign_in
from layout import assert_tidy
from sqlalchemy import select
from station_app import GunicornApp, gunicorn_station, make_app
from sync_harness import HUB_KEYS, hub_config, make_station, sync
from test_registration_pages import GOOD
from test_sync_state_walk import Kiosk

from kiosk.domain.reference import load_reference_data
from kiosk.extensions import db
from kiosk.models import (
    PrintStatus,
    Seeker,
    ServiceRecord,
    Slip,
    SlipKind,
    StaffRole,
    local_today,
    new_id,
)
from kiosk.staff.accounts import create_staff

pytestmark = pytest.mark.browser

STATIONS = (("CAR-1", "就业大篷车", "caravan"), ("XLHT-01", "锡林浩特家门口站", "doorstep"))


def _visit(app, code: str, days_ago: int, outcomes: list[str], follow_up: int | None) -> None:
    with app.app_context():
        seeker = db.session.scalars(select(Seeker)).one()
        today = local_today()
        db.session.add(
            ServiceRecord(
                origin=code, seeker_id=seeker.id, visited_on=today - timedelta(days=days_ago),
                served_by="wang", services=["career_guidance", "job_recommendation"],
                outcomes=outcomes,
                follow_up_on=today + timedelta(days=follow_up) if follow_up else None,
            )
        )  # fmt: skip
        db.session.commit()
        db.session.remove()


@pytest.fixture
def doorstep(postgres_url, tmp_path):
    """A hub under gunicorn; the caravan registered a person in spring and saw them twice;
    the doorstep station registers them in autumn and is served by gunicorn itself."""
    hub = make_app(tmp_path / "unused.sqlite", **hub_config(postgres_url))
    secrets = {}
    with hub.app_context():
        load_reference_data()
        db.session.commit()
        create_staff(db.session, "admin", "赵主任", PASSWORD, StaffRole.manager)
        db.session.commit()
        for code, name, kind in STATIONS:
            made = hub.test_cli_runner().invoke(
                args=["hub", "add-station", code, "--name", name, "--region", "150105",
                      "--kind", kind]
            )  # fmt: skip
            secrets[code] = made.output.splitlines()[1]
        db.session.remove()
    server = GunicornApp(
        tmp_path / "hub.log", ROLE="hub", DATABASE_URL=postgres_url, PERSONAL_DATA_KEYS=HUB_KEYS
    )
    server.start()
    boxes = {}
    for code, _, _ in STATIONS:
        folder = tmp_path / code
        folder.mkdir()
        boxes[code] = make_station(folder / "kiosk.sqlite", code, server.url, secrets[code])
        assert not sync(boxes[code]).errors
    caravan, door = boxes["CAR-1"], boxes["XLHT-01"]
    assert Kiosk(caravan).post("/register/", "/register/", **GOOD).status_code == 303
    _visit(caravan, "CAR-1", 200, ["registered", "jobs_recommended"], None)
    _visit(caravan, "CAR-1", 150, ["follow_up"], 20)
    with caravan.app_context():  # the caravan's printer ran out of paper on the road
        db.session.add(
            Slip(
                kind=SlipKind.ticket, subject_id=new_id(), token_hash=new_id().hex,
                locale="zh_Hans_CN", print_status=PrintStatus.failed,
                print_error="OSError: paper out",
            )
        )  # fmt: skip
        db.session.commit()
        db.session.remove()
    assert not sync(caravan).errors
    autumn = {**GOOD, "mobile": "13800001111", "employment_status": "employed"}
    assert Kiosk(door).post("/register/", "/register/", **autumn).status_code == 303
    assert door.test_cli_runner().invoke(args=["backup"]).exit_code == 0
    assert not sync(door).errors
    database = tmp_path / "XLHT-01" / "kiosk.sqlite"
    make_staff(database, "wang", "王老师")
    settings = {
        "HUB_URL": server.url, "HUB_SECRET": secrets["XLHT-01"], "STATION_CODE": "XLHT-01",
        "INSTANCE_PATH": str(database.parent / "instance"),
    }  # fmt: skip
    try:
        with gunicorn_station(database, tmp_path / "door.log", **settings) as url:
            yield url, server.url
    finally:
        server.stop()
        with hub.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_person_from_another_outlet(browser, doorstep, shoot, locale):
    lang = locale[:2]
    station_url, hub_url = doorstep
    page = browser.new_page(viewport=DESK, base_url=station_url)
    sign_in(page, "wang", locale, "/staff/county/")
    page.fill("#q", GOOD["id_number"])
    page.locator("form.seeker-search button").click()
    page.wait_for_selector(".county-person")
    content = page.content()
    assert "就业大篷车" in content and "锡林浩特家门口站" in content
    assert GOOD["id_number"] not in content and "150102********1237" in content
    assert GOOD["id_number"] not in page.url
    assert_tidy(page, vertical=lang == "mn")
    shot = shoot(page, f"county-lookup-{lang}-person")
    page.screenshot(
        path=str(shot.with_name(f"county-lookup-{lang}-person-whole.png")), full_page=True
    )
    page.close()

    # The hub's Stations page: what each station reported of itself with that sync.
    hub = browser.new_page(viewport=DESK, base_url=hub_url)
    sign_in(hub, "admin", locale, "/staff/sync/")
    reports = hub.locator(".fleet-table tbody tr")
    assert reports.count() == 2
    assert "paper out" in reports.nth(0).inner_text()  # CAR-1: its printer, no backup
    assert_tidy(hub, vertical=lang == "mn")
    hub.locator("#fleet-title").scroll_into_view_if_needed()
    hub.screenshot(path=str(shot.with_name(f"hub-{lang}-fleet.png")))
    hub.screenshot(path=str(shot.with_name(f"hub-{lang}-fleet-whole.png")), full_page=True)
    hub.close()


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_no_link_said_plainly(browser, served, counselor, shoot, locale):
    lang = locale[:2]
    page = browser.new_page(viewport=DESK, base_url=served)
    sign_in(page, counselor, locale, "/staff/county/")
    assert page.locator(".notice.problem").is_visible()
    assert page.locator("#q").count() == 0
    assert_tidy(page, vertical=lang == "mn")
    shoot(page, f"county-lookup-{lang}-no-link")
    page.close()
