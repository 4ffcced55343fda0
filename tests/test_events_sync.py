"""A fair run end to end: published and booked at a real hub (PostgreSQL under gunicorn),
pulled by a caravan station (SQLite), run there with no link (sign-ups, two gates, booths,
an employer's check-in, intentions, uploads sent twice), synced, and the hub's report equal
to the scans; a hire confirmed by a follow-up weeks later counts."""

import io
import re
import uuid
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sync_harness import make_station, sync
from test_county_sync import CountyHub, _seeker
from test_county_sync import hub as hub  # the same real hub, for this module
from test_staff import csrf, get, signed_in

from kiosk.events.service import outcome, record_intention, sign_up
from kiosk.extensions import db
from kiosk.models import (
    BEIJING,
    Booth,
    Employer,
    Event,
    EventScan,
    Job,
    ServiceRecord,
    SignupChannel,
    StaffRole,
    local_today,
    utcnow,
)


@pytest.fixture(scope="module")
def caravan(hub: CountyHub, tmp_path_factory: pytest.TempPathFactory):
    output = hub.cli("hub", "add-station", "CV-1", "--name", "就业大篷车", "--name-mn",
                     "ᠠᠵᠢᠯ ᠤᠨ ᠴᠡᠷᠭᠡ", "--region", "150102", "--kind", "caravan")  # fmt: skip
    app = make_station(tmp_path_factory.mktemp("cv") / "cv.sqlite", "CV-1", hub.process.url,
                       output.splitlines()[1])  # fmt: skip
    assert not sync(app).errors
    return app


def _publish(hub: CountyHub) -> tuple[str, list[str]]:
    """A fair published and two booths booked through the hub's console."""
    start = datetime.now(BEIJING) - timedelta(hours=1)
    with hub.app.app_context():
        manager = signed_in(hub.app, "county", StaffRole.manager)
        token = csrf(get(manager, "/staff/events/new").get_data(as_text=True))
        form = {
            "csrf_token": token, "kind": "fair", "title_zh": "集市小而专招聘会",
            "title_mn": "ᠵᠢᠰᠢ ᠶᠢᠨ ᠠᠵᠢᠯ ᠤᠨ ᠶᠠᠷᠮᠠᠭ", "place_zh": "新城区牛羊集市",
            "place_mn": "ᠰᠢᠨ᠎ᠡ ᠬᠣᠲᠠ", "region_code": "150102",
            "starts_at": f"{start:%Y-%m-%d %H:%M}",
            "ends_at": f"{start:%Y-%m-%d} {start.hour:02d}:{start.minute:02d}",
        }  # fmt: skip
        with hub.app.app_context():
            refused = manager.post("/staff/events/new", data=form)
        # Bad input: an event that ends when it starts, refused beside its field.
        assert refused.status_code == 422
        assert 'id="ends_at-problem"' in refused.get_data(as_text=True)
        assert db.session.scalar(select(Event.id)) is None
        form["ends_at"] = f"{start + timedelta(hours=5):%Y-%m-%d %H:%M}"
        with hub.app.app_context():
            made = manager.post("/staff/events/new", data=form)
        assert made.status_code == 302
        code = made.headers["Location"].rstrip("/").rsplit("/", 1)[1]
        today = local_today()
        jobs = [j for j in db.session.scalars(select(Job)).unique() if j.is_open(today)]
        employers = list({job.employer_id: job for job in jobs}.values())[:2]
        for job in employers:
            booking = {
                "csrf_token": token,
                "employer_id": str(job.employer_id),
                "job_ids": [str(job.id)],
            }
            with hub.app.app_context():
                assert manager.post(f"/staff/events/{code}/booths", data=booking).status_code == 302
        with hub.app.app_context():
            twice = manager.post(f"/staff/events/{code}/booths", data=booking)
        assert twice.status_code == 422 and 'class="field-problem"' in twice.get_data(as_text=True)
        assert len(db.session.scalars(select(Booth)).all()) == 2
        db.session.remove()
    return code, [str(job.id) for job in employers]


def test_a_fair_run_offline_at_a_caravan_reports_what_was_scanned(hub, caravan):
    code, booth_jobs = _publish(hub)
    assert not sync(caravan).errors
    person = _seeker(caravan, 5)
    # -- at the fair, offline: nothing here talks to the hub until the sync below.
    with caravan.app_context():
        fair = db.session.scalars(select(Event).where(Event.code == code)).one()
        assert fair.title_mn.startswith("ᠵᠢᠰᠢ")
        booths = db.session.scalars(
            select(Booth).where(Booth.event_id == fair.id).order_by(Booth.number)
        ).all()
        assert [b.job_ids for b in booths] == [[j] for j in booth_jobs]
        codes = [
            sign_up(db.session, fair, SignupChannel.gate, "CV-1", utcnow()).code for _ in range(30)
        ]
        known = sign_up(
            db.session, fair, SignupChannel.kiosk, "CV-1", utcnow(), seeker_id=person
        ).code
        codes.append(known)
        db.session.commit()
        fair_id, booth_ids = fair.id, [b.id for b in booths]
        db.session.remove()
    with caravan.app_context():
        staff = signed_in(caravan, "gate", StaffRole.counselor)
        token = csrf(get(staff, f"/staff/fair/{code}/scan").get_data(as_text=True))

    def scan(kind: str, code_: str, device: str, booth=None) -> dict:
        return {"id": str(uuid.uuid4()), "kind": kind, "code": code_, "device": device,
                "booth_id": str(booth) if booth else None,
                "scanned_at": utcnow().isoformat()}  # fmt: skip

    north = [scan("gate", c, "north") for c in codes[:20]]
    south = [scan("gate", c, "south") for c in codes[10:]]  # ten people came through both
    at_booths = [scan("booth", c, "booth-1", booth_ids[0]) for c in codes[:8]]
    at_booths += [scan("booth", c, "booth-2", booth_ids[1]) for c in codes[5:9]]
    check_in = [scan("employer", "", "booth-1", booth_ids[0])]  # the second employer never came
    for upload in (north, south, at_booths, check_in, north, south):  # two sent again
        with caravan.app_context():
            answer = staff.post(f"/staff/fair/{code}/scans", json={"scans": upload},
                                headers={"X-CSRFToken": token}).get_json()  # fmt: skip
        assert not answer["refused"]
    with caravan.app_context():
        fair = db.session.get(Event, fair_id)
        booth = db.session.get(Booth, booth_ids[0])
        for c in (codes[0], codes[1], known, known):  # the last one recorded twice
            record_intention(db.session, fair, c, "CV-1", utcnow(), booth=booth)
            db.session.commit()
        here = outcome(db.session, fair, local_today())
        # Weeks later, the follow-up finds the person in the booth's job.
        db.session.add(
            ServiceRecord(origin="CV-1", seeker_id=person,
                          visited_on=local_today() + timedelta(days=21), served_by="gate",
                          services=["follow_up"], outcomes=["hired"],
                          hired_job_id=uuid.UUID(booth_jobs[0]))
        )  # fmt: skip
        db.session.commit()
        scans_here = db.session.query(EventScan).count()
        db.session.remove()
    assert (here.visits, here.booth_visits, here.intentions) == (31, 12, 3)
    assert scans_here == 20 + 21 + 12 + 1
    # -- synced: the hub's report is the scans'.
    assert not sync(caravan).errors
    with hub.app.app_context():
        fair = db.session.scalars(select(Event).where(Event.code == code)).one()
        report = outcome(db.session, fair, local_today())
        db.session.remove()
    assert report.scans == scans_here
    assert (report.visits, report.booth_visits, report.intentions) == (31, 12, 3)
    assert (report.employers_booked, report.employers_attending, report.jobs_offered) == (2, 1, 1)
    assert (report.signups, report.hires_confirmed) == (31, 1)
    # A second sync sends nothing again and changes nothing.
    assert not sync(caravan).errors
    with hub.app.app_context():
        manager = signed_in(hub.app, "county2", StaffRole.manager)
        page = get(manager, f"/staff/events/{code}").get_data(as_text=True)
        county = get(manager, "/staff/county/").get_data(as_text=True)
    assert 'data-figure="visits">31<' in page and 'data-figure="hires_confirmed">1<' in page
    # In the county's figures for the period, beside its indicators.
    row = county.split(f'data-event="{code}"')[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split("<td>")[1:]] == ["1", "1", "31", "3", "1"]
    # On the hub's events page, each event with its figures.
    with hub.app.app_context():
        listed = get(manager, "/staff/events/").get_data(as_text=True)
        book = load_workbook(io.BytesIO(get(manager, "/staff/county/report.xlsx").data))
    row = listed.split(f'data-event="{code}"')[1].split("</tr>")[0]
    assert re.findall(r'data-figure="(\w+)">(\d+)<', row) == [
        ("employers_attending", "1"), ("jobs_offered", "1"), ("visits", "31"),
        ("intentions", "3"), ("hires_confirmed", "1"),
    ]  # fmt: skip
    # And in the county's workbook, a sheet of its own (headers in the reader's language).
    sheet = book["招聘会与活动"]
    header = [cell.value for cell in sheet[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert rows[code]["活动"] == "集市小而专招聘会"
    assert (rows[code]["到会用人单位"], rows[code]["提供岗位"], rows[code]["求职者到场（人）"],
            rows[code]["达成就业意向"], rows[code]["回访确认就业"]) == (1, 1, 31, 3, 1)  # fmt: skip
    assert (rows[code]["预订用人单位"], rows[code]["报名人数"], rows[code]["展位接待人次"]) == (
        2,
        31,
        12,
    )
    assert rows[None]["活动"] == "全部活动合计" and rows[None]["求职者到场（人）"] >= 31


def _new_event(manager, token: str, title: str, start: datetime) -> str:
    form = {
        "csrf_token": token, "kind": "fair", "title_zh": title, "region_code": "150102",
        "starts_at": f"{start:%Y-%m-%d %H:%M}",
        "ends_at": f"{start + timedelta(hours=4):%Y-%m-%d %H:%M}",
    }  # fmt: skip
    made = manager.post("/staff/events/new", data=form)
    assert made.status_code == 302
    return made.headers["Location"].rstrip("/").rsplit("/", 1)[1]


def test_an_event_moved_or_cancelled_at_the_hub_reaches_who_signed_up(hub, caravan):
    start = (datetime.now(BEIJING) + timedelta(days=2)).replace(hour=9, minute=0)
    with hub.app.app_context():
        manager = signed_in(hub.app, "county3", StaffRole.manager)
        token = csrf(get(manager, "/staff/events/new").get_data(as_text=True))
        with hub.app.app_context():
            moved = _new_event(manager, token, "夜市招聘会", start)
        with hub.app.app_context():
            dropped = _new_event(manager, token, "搬迁小区招聘会", start)
        with hub.app.app_context():
            gone = _new_event(manager, token, "嘎查集市招聘会", start)
    assert not sync(caravan).errors
    phone = caravan.test_client()
    phone.set_cookie("device", "phone")
    for code in (moved, dropped):
        with caravan.app_context():
            page = get(phone, f"/events/{code}").get_data(as_text=True)
            assert phone.post(f"/events/{code}/sign-up",
                              data={"csrf_token": csrf(page)}).status_code == 200  # fmt: skip
    later = start + timedelta(days=1)
    with hub.app.app_context():
        # Bad input at the page: a move that ends before it starts, said beside its field.
        with hub.app.app_context():
            refused = manager.post(f"/staff/events/{moved}/move", data={
                "csrf_token": token, "starts_at": f"{later:%Y-%m-%d} 18:00",
                "ends_at": f"{later:%Y-%m-%d} 17:00"})  # fmt: skip
        assert refused.status_code == 422
        assert "结束时间须晚于开始时间。" in refused.get_data(as_text=True)
        # The command line: refused into the past (nothing changed), then moved.
        run = hub.app.test_cli_runner().invoke(
            args=["events", "move", moved, "--starts", "2020-01-01 09:00", "--ends",
                  "2020-01-01 12:00"]
        )  # fmt: skip
        assert run.exit_code == 2 and "新的开始时间已经过去。" in run.output
        out = hub.cli("events", "move", moved, "--starts", f"{later:%Y-%m-%d} 18:00",
                      "--ends", f"{later:%Y-%m-%d} 21:00")  # fmt: skip
        assert f"{moved}: moved" in out
        assert hub.cli("events", "cancel", gone.lower()) == f"{gone}: cancelled\n"
        assert hub.app.test_cli_runner().invoke(args=["events", "cancel", "ZZZZ"]).exit_code == 2
        # The page's action: cancelled, and a second time refused.
        with hub.app.app_context():
            assert manager.post(f"/staff/events/{dropped}/cancel",
                                data={"csrf_token": token}).status_code == 302  # fmt: skip
        with hub.app.app_context():
            again = manager.post(f"/staff/events/{dropped}/cancel", data={"csrf_token": token})
        assert again.status_code == 422 and "该活动已经取消。" in again.get_data(as_text=True)
        db.session.remove()
    assert not sync(caravan).errors
    with caravan.app_context():
        listed = get(phone, "/events/").get_data(as_text=True)
        fair = db.session.scalars(select(Event).where(Event.code == moved)).one()
        assert fair.starts_at.astimezone(BEIJING).hour == 18
        assert fair.moved_from.astimezone(BEIJING).hour == 9
        db.session.remove()

    def card(code: str) -> str:
        return listed.split(f'data-event="{code}"')[1].split("</li>")[0]

    assert "已改期：原定" in card(moved) and "您已报名" in card(moved)
    assert "已取消：本场活动不再举办。" in card(dropped) and "您已报名" in card(dropped)
    assert 'data-change="cancelled"' in card(gone) and "您已报名" not in card(gone)
    with caravan.app_context():
        page = get(phone, f"/events/{dropped}").get_data(as_text=True)
    assert "event-signup" not in page


def test_the_hub_refuses_a_booth_for_an_employer_that_is_not_verified(hub):
    start = datetime.now(BEIJING) + timedelta(days=3)
    with hub.app.app_context():
        manager = signed_in(hub.app, "county4", StaffRole.manager)
        token = csrf(get(manager, "/staff/events/new").get_data(as_text=True))
        with hub.app.app_context():
            code = _new_event(manager, token, "零工市场招聘会", start)
        today = local_today()
        job = next(j for j in db.session.scalars(select(Job)).unique() if j.is_open(today))
        employer, real = job.employer, job.employer.credit_code
        table = Employer.__table__
        # A code that fails its check, as a record from before the check could carry.
        db.session.execute(table.update().where(table.c.id == employer.id)
                           .values(credit_code="91150102MA0000000X"))  # fmt: skip
        db.session.commit()
        try:
            booking = {"csrf_token": token, "employer_id": str(employer.id),
                       "job_ids": [str(job.id)]}  # fmt: skip
            with hub.app.app_context():
                refused = manager.post(f"/staff/events/{code}/booths", data=booking)
            text = refused.get_data(as_text=True)
            assert refused.status_code == 422
            assert f"{employer.name_zh} 未通过核验：其统一社会信用代码校验不通过。" in text
            assert f"{employer.name_zh} · 未通过核验</option>" in text  # marked in the list
            assert (
                db.session.scalars(select(Booth).join(Event).where(Event.code == code)).all() == []
            )
        finally:
            db.session.execute(table.update().where(table.c.id == employer.id)
                               .values(credit_code=real))  # fmt: skip
            db.session.commit()
            db.session.remove()
