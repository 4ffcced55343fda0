"""A profile taken at a caravan with no link reaches the county's hub (PostgreSQL, gunicorn)
with its rules version and its sealed part still sealed, along with the determination, the
plan, its tasks and a door-to-door request; the hub counts the done tasks by the same function."""

import re
import tempfile
from dataclasses import replace
from pathlib import Path

from flask import current_app
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session
from station_app import make_app
from sync_harness import assert_hub_holds_exactly, hub_config, sync
from test_assistance import FORM, WOMAN
from test_staff import get, signed_in
from test_sync import hub, new_station  # noqa: F401  (fixtures)

from kiosk.assistance.determinations import StepForm, apply
from kiosk.assistance.plans import TierForm, choose_tier, done_task_counts, finish_task, open_tasks
from kiosk.assistance.profiles import take_profile
from kiosk.assistance.requests import RequestForm, ask
from kiosk.county.indicators import Level, Scope, count_indicators
from kiosk.extensions import db
from kiosk.models import StaffRole, TaskKind, Tier, local_today
from kiosk.personal_data import vault_for
from kiosk.registration.service import check_registration, register_seeker
from kiosk.statistics.periods import Period, PeriodKind


def test_a_caravan_profile_reaches_the_hub_with_its_rules_version(hub, new_station):  # noqa: F811
    caravan = new_station("CV-ASSIST")
    today = local_today()
    hub.proxy.fail_next("reset", "reset", "reset")  # no link out on the grassland
    with caravan.app_context():
        vault = vault_for(current_app)
        seeker, _ = register_seeker(
            db.session, vault, check_registration(replace(WOMAN)), origin="CV-ASSIST"
        )
        profile = take_profile(
            db.session, vault, seeker, replace(FORM, registered_unemployed_since="2024-10-01"),
            station_code="CV-ASSIST", taken_by="wang", today=today,
        )  # fmt: skip
        apply(
            db.session, profile, "5", "宝力根苏木 平台",
            StepForm(acted_on=today.isoformat(), acted_by="本人"),
            station_code="CV-ASSIST", recorded_by="wang", today=today,
        )  # fmt: skip
        choose_tier(
            db.session, seeker, profile, TierForm("guided", "difficulty", "有低保，需带岗"),
            groups=["difficulty", "general"], station_code="CV-ASSIST", counselor="wang",
            today=today,
        )  # fmt: skip
        ask(
            db.session, RequestForm(kind="door_to_door", channel="staff", what="上门办理失业登记",
                                    village="巴彦嘎查", asked_by="嘎查长"),
            seeker=seeker, station_code="CV-ASSIST", today=today,
        )  # fmt: skip
        db.session.commit()
        task = open_tasks(db.session, "wang")[0]
        assert task.kind == TaskKind.job_offer
        finish_task(db.session, task.id, "wang", today)
        db.session.commit()
        db.session.remove()
    offline = sync(caravan)
    assert offline.errors  # nothing reached the hub, nothing is lost
    result = sync(caravan)
    assert not result.errors, result.errors
    assert_hub_holds_exactly(caravan, hub.database_url)

    engine = create_engine(hub.database_url)
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT rules_version, place, sensitive_sealed FROM assistance_profile"
                " WHERE origin = 'CV-ASSIST'"
            )
        ).one()
        assert (row.rules_version, row.place) == ("nm-2020", "caravan")
        assert "腰椎".encode() not in bytes(row.sensitive_sealed)
        determination = connection.execute(
            text("SELECT category, rules_version FROM assistance_determination"
                 " WHERE origin = 'CV-ASSIST'")
        ).one()  # fmt: skip
        assert tuple(determination) == (5, "nm-2020")
        village = connection.execute(
            text("SELECT village FROM assistance_request WHERE origin = 'CV-ASSIST'")
        ).scalar()
        assert village == "巴彦嘎查"
    with Session(engine) as session:
        counts = done_task_counts(session, today, today)
        assert [(c.origin, c.key_group, c.tier, c.kind, c.count) for c in counts] == [
            ("CV-ASSIST", "difficulty", Tier.guided, TaskKind.job_offer, 1)
        ]
        assert session.scalar(select(text("1"))) == 1
    engine.dispose()
    the_county_sees_it_masked(hub.database_url, today)


def the_county_sees_it_masked(database_url: str, today) -> None:
    """County staff at the hub: the outlet's people, determinations, tier and task progress,
    with the done task in the county's figures; nothing sealed, no category, no full name."""
    app = make_app(Path(tempfile.mkdtemp()) / "unused.sqlite", **hub_config(database_url))
    with app.app_context():
        county = signed_in(app, "county", StaffRole.counselor)
        outlets = get(county, "/staff/assistance/").get_data(as_text=True)
        row = re.search(r'<tr data-outlet="CV-ASSIST">(.*?)</tr>', outlets, re.S)[1]
        assert re.search(r"data-done><span class=\"num\">1<", row) and "CV-ASSIST" in row
        people = get(county, "/staff/assistance/outlets/CV-ASSIST").get_data(as_text=True)
        assert "其*格" in people and "其其格" not in people  # WOMAN, masked
        assert "认定中" in people and "指导服务" in people and "1 / " in people
        assert "腰椎" not in people and "第5类" not in people and "低保" not in people
        figures = count_indicators(
            db.session, Period.containing(PeriodKind.day, today), today,
            levels=(Level.outlet,), keys=["tasks_done"],
        )  # fmt: skip
        assert figures[Scope(Level.outlet, "CV-ASSIST")]["tasks_done"] == 1
        db.session.remove()
        db.engine.dispose()
