"""The county's jobs at the hub in Chromium, in both languages: the list, a station's job
hidden with a reason (and the reason refused when left out), the page that deletes a job;
and the owner station's list, where its staff read the county's decision."""

import pytest
from county_hub import MANAGER, STATION_CODE, county_hub
from desk import DESK, PASSWORD, sign_in
from layout import assert_tidy
from sqlalchemy import select
from station_app import gunicorn_station
from sync_harness import sync

from kiosk.extensions import db
from kiosk.job_admin.editing import JobForm, check_job, create_job
from kiosk.models import Employer, StaffRole, local_today
from kiosk.staff.accounts import create_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def county(postgres_url, tmp_path):
    """A hub under gunicorn with a few county jobs, and a station that published one of its
    own (pushed by a sync)."""
    with county_hub(postgres_url, tmp_path) as (server, hub, station):
        with station.app_context():
            employer = db.session.scalars(select(Employer).order_by(Employer.name_zh)).first()
            form = JobForm(title_zh="骆驼奶收购员", title_mn="ᠲᠡᠮᠡᠭᠡᠨ ᠦ ᠰᠦᠦ ᠬᠤᠷᠢᠶᠠᠭᠴᠢ",
                           category="farming", region="150105", employer=str(employer.id),
                           pay_min="3000", pay_max="4500", pay_unit="month",
                           employment_type="full_time", expires_on=str(local_today().replace(
                               year=local_today().year + 1)))  # fmt: skip
            checked = check_job(db.session, form, today=local_today())
            job = create_job(db.session, checked, origin=STATION_CODE, station=None)
            db.session.commit()
            job_id = job.id
            create_staff(db.session, "li", "李站长", PASSWORD, StaffRole.manager)
            db.session.commit()
            db.session.remove()
        assert not sync(station).errors
        yield server, hub, station, tmp_path / "x.sqlite", job_id


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_the_countys_jobs_hidden_with_a_reason_and_deleted(browser, county, shoot, locale):
    server, _hub, station, database, job_id = county
    lang = locale[:2]
    page = browser.new_page(viewport=DESK, base_url=server.url)
    sign_in(page, MANAGER, locale, "/staff/moderation/")
    assert page.locator("tbody tr").count() == 13 and "XLHT-01" in page.content()
    assert_tidy(page, vertical=lang == "mn")
    shoot(page, f"moderation-{lang}-list")

    page.goto(f"/staff/moderation/{job_id}")
    page.locator("button[value=hide]").click()  # no reason: refused beside the field
    page.wait_for_selector("#reason-problem")
    assert_tidy(page, vertical=lang == "mn")
    shoot(page, f"moderation-{lang}-reason-missing")
    page.fill("#reason", "工资写法不清楚，请核实")
    page.locator("button[value=hide]").click()
    page.wait_for_selector(".flash, [role=status], .notice", state="attached")
    shoot(page, f"moderation-{lang}-hidden")

    page.goto(f"/staff/moderation/{job_id}/delete")
    assert_tidy(page, vertical=lang == "mn")
    shoot(page, f"moderation-{lang}-delete")
    page.close()

    # The owner's list, after its next sync: the county's decision and its reason.
    assert not sync(station).errors
    with gunicorn_station(database, database.parent / f"station-{lang}.log",
                          STATION_CODE=STATION_CODE) as station_url:  # fmt: skip
        own = browser.new_page(viewport=DESK, base_url=station_url)
        sign_in(own, "li", locale, "/staff/jobs/?status=all")
        assert "工资写法不清楚，请核实" in own.content()
        assert_tidy(own, vertical=lang == "mn")
        shoot(own, f"moderation-{lang}-owner-list")
        own.close()
