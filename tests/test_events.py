"""Fairs, caravan days and live streams on a station's SQLite file: publishing refuses an
event that ends before it starts, booths follow the county's rules, and scans are counted
once however often a device sends them; the pages in both scripts, with their QR codes."""

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from test_staff import csrf, get, signed_in

from kiosk.domain.forms import Refused
from kiosk.events.service import (
    EventForm,
    EventProblem,
    NoShowRule,
    ScanIn,
    book_booth,
    new_code,
    outcome,
    read_code,
    record_intention,
    record_scans,
    save_event,
    sign_up,
)
from kiosk.extensions import db
from kiosk.models import (
    BEIJING,
    Booth,
    Event,
    EventScan,
    Job,
    ScanKind,
    SignupChannel,
    StaffRole,
    Station,
    local_today,
    utcnow,
)


def _form(kind: str = "fair", **fields) -> EventForm:
    start = datetime.now(BEIJING) + timedelta(days=3)
    values = {
        "kind": kind, "title_zh": "社区小而专招聘会", "title_mn": "ᠠᠵᠢᠯ ᠤᠨ ᠶᠠᠷᠮᠠᠭ",
        "place_zh": "新城区集市", "place_mn": "ᠰᠢᠨ᠎ᠡ ᠬᠣᠲᠠ", "region_code": "150102",
        "starts_at": f"{start:%Y-%m-%d} 09:00", "ends_at": f"{start:%Y-%m-%d} 12:00",
    }  # fmt: skip
    values.update(fields)
    return EventForm(**values)


def _event(app, kind: str = "fair", **fields) -> Event:
    event = save_event(db.session, _form(kind, **fields), "HUB", local_today())
    db.session.commit()
    return event


def _open_job() -> Job:
    today = local_today()
    return next(job for job in db.session.scalars(select(Job)).unique() if job.is_open(today))


def _scan(event: Event, code: str, device: str, kind=ScanKind.gate, booth=None) -> ScanIn:
    return ScanIn(uuid.uuid4(), kind, code, booth, device, utcnow())


def test_an_event_that_ends_before_it_starts_is_refused_and_nothing_is_written(app):
    with pytest.raises(Refused) as refused:
        save_event(db.session, _form(ends_at="2026-12-20 08:00", starts_at="2026-12-20 09:00"),
                   "HUB", local_today())  # fmt: skip
    assert refused.value.problems["ends_at"].problem is EventProblem.ends_before_start
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0
    # A right input in either writing of the time is taken (full-width colon, no zero padding).
    event = _event(app, starts_at="2026-12-20 9：00", ends_at="2026-12-20 17:30")
    assert event.starts_at.astimezone(BEIJING).hour == 9 and event.ends_at > event.starts_at


def test_a_live_stream_features_reviewed_jobs_only(app):
    job = _open_job()
    job.moderation = "hidden"
    db.session.commit()
    with pytest.raises(Refused) as refused:
        save_event(
            db.session, _form("stream", featured_job_ids=[str(job.id)]), "HUB", local_today()
        )
    assert refused.value.problems["featured_job_ids"].problem is EventProblem.job_not_reviewed
    db.session.rollback()
    other = _open_job()
    event = _event(app, "stream", channel_zh="抖音 @某某就业", featured_job_ids=[str(other.id)])
    assert event.featured_job_ids == [str(other.id)]


def test_a_booth_booked_twice_is_refused(app):
    event, job = _event(app), _open_job()
    rule = NoShowRule()
    book_booth(db.session, event, str(job.employer_id), [str(job.id)], "wang", utcnow(), rule)
    db.session.commit()
    with pytest.raises(Refused) as refused:
        book_booth(db.session, event, str(job.employer_id), [str(job.id)], "li", utcnow(), rule)
    assert refused.value.problem is EventProblem.booked_twice
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Booth)) == 1


def test_another_employers_job_is_not_at_its_booth(app):
    event = _event(app)
    jobs = [j for j in db.session.scalars(select(Job)).unique() if j.is_open(local_today())]
    mine = jobs[0]
    theirs = next(j for j in jobs if j.employer_id != mine.employer_id)
    with pytest.raises(Refused) as refused:
        book_booth(db.session, event, str(mine.employer_id), [str(theirs.id)], "wang", utcnow(),
                   NoShowRule())  # fmt: skip
    assert refused.value.problem is EventProblem.no_jobs


def test_three_no_shows_bar_an_employer_for_the_rule_s_days(app):
    job = _open_job()
    rule = NoShowRule(limit=3, bar_days=365)
    past = []
    for _ in range(3):
        event = _event(app)
        book_booth(db.session, event, str(job.employer_id), [str(job.id)], "wang", utcnow(), rule)
        past.append(event)
    db.session.commit()
    later = utcnow() + timedelta(days=10)  # the three fairs are over; nobody checked in
    fourth = _event(app)
    fourth.starts_at, fourth.ends_at = later + timedelta(days=1), later + timedelta(days=2)
    # One of them the employer came to: two no-shows, it may book.
    booth = db.session.scalars(select(Booth).where(Booth.event_id == past[0].id)).one()
    came = ScanIn(uuid.uuid4(), ScanKind.employer, "", booth.id, "gate-1", utcnow())
    record_scans(db.session, past[0], [came], "ST-A")
    db.session.commit()
    made = book_booth(db.session, fourth, str(job.employer_id), [str(job.id)], "wang", later, rule)
    db.session.rollback()
    assert made.number == 1
    db.session.execute(EventScan.__table__.delete())  # the check-in never happened after all
    with pytest.raises(Refused) as refused:
        book_booth(db.session, fourth, str(job.employer_id), [str(job.id)], "wang", later, rule)
    assert refused.value.problem is EventProblem.barred
    until = refused.value.problems["employer_id"].detail
    assert until == (past[-1].ends_at + timedelta(days=365)).astimezone(BEIJING).date()


def test_a_code_of_another_event_or_a_made_up_one_is_not_counted(app):
    fair, other = _event(app), _event(app)
    theirs = new_code(other)
    answer = record_scans(db.session, fair, [_scan(fair, theirs, "gate-1")], "ST-A")
    assert answer.refused[0][1] is EventProblem.other_event and answer.taken == 0
    forged = new_code(fair)[:-3] + "AAA"
    assert read_code(fair, new_code(fair))  # a real one reads
    answer = record_scans(db.session, fair, [_scan(fair, forged, "gate-1")], "ST-A")
    assert answer.refused[0][1] is EventProblem.not_a_code
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(EventScan)) == 0


def test_a_replayed_upload_and_two_gates_count_one_visit(app):
    fair = _event(app)
    person = sign_up(db.session, fair, SignupChannel.kiosk, "ST-A", utcnow()).code
    upload = [_scan(fair, person, "gate-1"), _scan(fair, person.lower(), "gate-2")]
    first = record_scans(db.session, fair, upload, "ST-A")
    db.session.commit()
    again = record_scans(db.session, fair, upload, "ST-A")
    db.session.commit()
    assert (first.taken, again.taken, again.already) == (2, 0, 2)
    report = outcome(db.session, fair, local_today())
    assert (report.scans, report.visits, report.signups) == (2, 1, 1)


def test_a_hiring_intention_recorded_twice_is_one(app):
    fair, job = _event(app), _open_job()
    booth = book_booth(db.session, fair, str(job.employer_id), [str(job.id)], "wang", utcnow(),
                       NoShowRule())  # fmt: skip
    person = sign_up(db.session, fair, SignupChannel.qr, "ST-A", utcnow()).code
    db.session.commit()
    _, new = record_intention(db.session, fair, person, "ST-A", utcnow(), booth=booth)
    db.session.commit()
    _, again = record_intention(db.session, fair, person, "ST-A", utcnow(), booth=booth)
    assert (new, again) == (True, False)
    assert outcome(db.session, fair, local_today()).intentions == 1


def _here(app) -> Station:
    return db.session.scalars(
        select(Station).where(Station.code == app.config["STATION_CODE"])
    ).one()


@pytest.mark.parametrize("language", ["zh_Hans_CN", "mn_Mong_CN"])
def test_what_is_on_lists_this_banner_first_with_a_qr_each(app, client, language):
    here = _here(app)
    far = _event(app, title_zh="远处的招聘会", region_code="150103")
    near = _event(app, "caravan", title_zh="大篷车进村", region_code=here.region_code,
                  services_zh="政策咨询\n求职登记", services_mn="ᠪᠣᠳᠯᠣᠭ᠎ᠠ")  # fmt: skip
    far.starts_at -= timedelta(hours=1)  # sooner, still listed after this banner's
    db.session.commit()
    client.get(f"/lang/{language}")
    page = client.get("/events/").get_data(as_text=True)
    assert page.index(f'data-event="{near.code}"') < page.index(f'data-event="{far.code}"')
    assert page.count("<svg") >= 2
    assert ("政策咨询" in page) == (language == "zh_Hans_CN")
    assert ("ᠪᠣᠳᠯᠣᠭ᠎ᠠ" in page) == (language == "mn_Mong_CN")


def test_signing_up_gives_a_code_and_no_personal_data(app, client):
    fair = _event(app)
    page = client.get(f"/events/{fair.code}").get_data(as_text=True)
    answer = client.post(f"/events/{fair.code}/sign-up", data={"csrf_token": csrf(page)})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200
    code = text.split('class="ticket-code" lang="en">')[1].split("<")[0]
    assert read_code(fair, code) == code


def test_a_device_uploading_twice_is_counted_once(app):
    fair = _event(app)
    codes = [
        sign_up(db.session, fair, SignupChannel.kiosk, "ST-A", utcnow()).code for _ in range(3)
    ]
    db.session.commit()
    staff = signed_in(app, "zhao", StaffRole.counselor)
    token = csrf(get(staff, f"/staff/fair/{fair.code}/scan").get_data(as_text=True))
    scans = [
        {"id": str(uuid.uuid4()), "kind": "gate", "code": code, "device": "gate-1",
         "scanned_at": utcnow().isoformat()}
        for code in codes
    ] + [{"id": str(uuid.uuid4()), "kind": "gate", "code": new_code(_event(app)),
          "device": "gate-1", "scanned_at": utcnow().isoformat()}]  # fmt: skip
    with app.app_context():
        first = staff.post(f"/staff/fair/{fair.code}/scans", json={"scans": scans},
                           headers={"X-CSRFToken": token}).get_json()  # fmt: skip
        again = staff.post(f"/staff/fair/{fair.code}/scans", json={"scans": scans},
                           headers={"X-CSRFToken": token}).get_json()  # fmt: skip
    assert (first["taken"], first["already"], len(first["refused"])) == (3, 0, 1)
    assert first["refused"][0]["reason"] == "other_event"
    assert (again["taken"], again["already"]) == (0, 3)
    assert outcome(db.session, fair, local_today()).visits == 3
