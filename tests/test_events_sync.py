"""A fair run end to end: published and booked at a real hub (PostgreSQL under gunicorn),
pulled by a caravan station (SQLite), run there with no link (sign-ups, two gates, booths,
an employer's check-in, intentions, uploads sent twice), synced, and the hub's report equal
to the scans; a hire confirmed by a follow-up weeks later counts."""

import uuid
from datetime import datetime, timedelta

import pytest
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
