"""What the county changes and checks around its events, on a station's SQLite file: an event
cancelled or moved (people who signed up see it on "what is on near me"), an employer's own
check-in from its booth's QR card (so the no-show rule counts honestly), and booths and a live
stream's featured jobs for verified employers only, each refusal naming why."""

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from test_events import _event, _open_job
from test_staff import csrf, get, signed_in

from kiosk.domain.forms import Refused
from kiosk.events import labels
from kiosk.events.service import (
    EventProblem,
    NoShowRule,
    book_booth,
    booth_code,
    cancel_event,
    check_in,
    move_event,
    no_shows,
    outcome,
    read_booth_code,
    save_event,
    sign_up,
    unverified,
)
from kiosk.extensions import db
from kiosk.models import (
    BEIJING,
    Booth,
    Employer,
    Event,
    EventScan,
    Job,
    JobStatus,
    PostStatus,
    SignupChannel,
    StaffRole,
    local_today,
    utcnow,
)

LOCALES = ["zh_Hans_CN", "mn_Mong_CN"]


def forged(code: str) -> str:
    """A booth code one letter off (never the code itself, whatever its last letter)."""
    return code[:-1] + ("2" if code[-1] != "2" else "3")


def _beijing(moment) -> str:
    return f"{moment.astimezone(BEIJING):%Y-%m-%d %H:%M}"


def _booth(fair: Event, job: Job | None = None) -> Booth:
    job = job or _open_job()
    booth = book_booth(db.session, fair, str(job.employer_id), [str(job.id)], "wang", utcnow(),
                       NoShowRule())  # fmt: skip
    db.session.commit()
    return booth


# -- cancelled or moved ---------------------------------------------------------------------


def test_a_cancelled_event_takes_no_sign_up_or_booth_and_is_cancelled_once(app):
    fair = _event(app)
    cancel_event(fair, utcnow())
    db.session.commit()
    with pytest.raises(Refused) as refused:
        sign_up(db.session, fair, SignupChannel.kiosk, "ST-A", utcnow())
    assert refused.value.problem is EventProblem.cancelled
    job = _open_job()
    with pytest.raises(Refused) as refused:
        book_booth(db.session, fair, str(job.employer_id), [str(job.id)], "wang", utcnow(),
                   NoShowRule())  # fmt: skip
    assert refused.value.problem is EventProblem.cancelled
    with pytest.raises(Refused) as refused:
        cancel_event(fair, utcnow())
    assert refused.value.problem is EventProblem.cancelled_already
    with pytest.raises(Refused) as refused:
        move_event(fair, "2027-01-05 09:00", "2027-01-05 12:00", utcnow())
    assert refused.value.problems["event"].problem is EventProblem.cancelled


def test_a_move_that_ends_before_it_starts_or_starts_in_the_past_changes_nothing(app):
    fair = _event(app)
    before = (fair.starts_at, fair.ends_at)
    cases = [
        ("2027-01-05 12:00", "2027-01-05 09:00", "ends_at", EventProblem.ends_before_start),
        ("2020-01-05 09:00", "2020-01-05 12:00", "starts_at", EventProblem.in_the_past),
        (_beijing(fair.starts_at), _beijing(fair.ends_at), "starts_at", EventProblem.unchanged),
        ("next tuesday", "2027-01-05 12:00", "starts_at", EventProblem.not_a_moment),
    ]
    for starts, ends, name, problem in cases:
        with pytest.raises(Refused) as refused:
            move_event(fair, starts, ends, utcnow())
        assert refused.value.problems[name].problem is problem
        db.session.rollback()
        assert (fair.starts_at, fair.ends_at, fair.moved_from) == (*before, None)
    with app.test_request_context():
        assert str(labels.PROBLEMS[EventProblem.in_the_past]) == "新的开始时间已经过去。"


def test_a_moved_event_keeps_when_it_was_to_start_and_an_edit_of_the_start_is_a_move(app):
    fair = _event(app)
    first = fair.starts_at
    later = fair.starts_at + timedelta(days=2)
    move_event(fair, _beijing(later), _beijing(later + timedelta(hours=4)), utcnow())
    db.session.commit()
    assert (fair.starts_at, fair.moved_from) == (later, first)
    # A later end alone is no move: "moved from" still names the start people were told.
    longer = save_event(
        db.session, _form_of(fair, ends_at=_beijing(later + timedelta(hours=6))), "HUB",
        local_today(), fair,
    )  # fmt: skip
    assert longer.moved_from == first


def _form_of(event: Event, **changes):
    from kiosk.events.service import EventForm

    form = EventForm.of(event)
    for name, value in changes.items():
        setattr(form, name, value)
    return form


@pytest.mark.parametrize("language", LOCALES)
def test_people_who_signed_up_see_cancelled_and_moved_on_what_is_on(app, language):
    cancelled, moved, plain = _event(app, title_zh="取消的招聘会"), _event(app), _event(app)
    phone = app.test_client()
    phone.set_cookie("device", "phone")
    phone.get(f"/lang/{language}")
    for event in (cancelled, moved):
        page = get(phone, f"/events/{event.code}").get_data(as_text=True)
        assert phone.post(f"/events/{event.code}/sign-up",
                          data={"csrf_token": csrf(page)}).status_code == 200  # fmt: skip
    was = moved.starts_at
    later = was + timedelta(days=1)
    move_event(moved, _beijing(later), _beijing(later + timedelta(hours=3)), utcnow())
    cancel_event(cancelled, utcnow())
    db.session.commit()
    listed = get(phone, "/events/").get_data(as_text=True)

    def card(event: Event) -> str:
        return listed.split(f'data-event="{event.code}"')[1].split("</li>")[0]

    mine = "您已报名" if language == "zh_Hans_CN" else 'class="event-mine"'
    assert 'data-change="cancelled"' in card(cancelled) and mine in card(cancelled)
    assert 'data-change="moved"' in card(moved) and mine in card(moved)
    assert "data-change" not in card(plain) and "event-mine" not in card(plain)
    if language == "zh_Hans_CN":
        assert "已取消" in card(cancelled)
        assert f"{was.astimezone(BEIJING):%H:%M}" in card(moved)
    # The cancelled event's own page: the notice, and no sign-up any more.
    page = get(phone, f"/events/{cancelled.code}").get_data(as_text=True)
    assert 'data-change="cancelled"' in page and "event-signup" not in page
    # A kiosk is shared: it remembers no one's sign-ups, and still shows the change.
    kiosk = get(app.test_client(), "/events/").get_data(as_text=True)
    assert "event-mine" not in kiosk and 'data-change="cancelled"' in kiosk


# -- an employer's own check-in -----------------------------------------------------------------


def _running(app) -> Event:
    """A fair on now (started an hour ago)."""
    fair = _event(app)
    fair.starts_at, fair.ends_at = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=4)
    db.session.commit()
    return fair


def test_a_booth_s_code_checks_it_in_once_and_counts_it_attended(app):
    fair = _running(app)
    booth = _booth(fair)
    code = booth_code(fair, booth)
    assert re.fullmatch(rf"{fair.code}-1-[2-9A-HJKMNP-Z]{{6}}", code)
    assert read_booth_code(db.session, fair, code.lower().replace("-1-", "-1 -")) == booth
    first, new = check_in(db.session, fair, booth, "ST-A", utcnow())
    db.session.commit()
    again, twice = check_in(db.session, fair, booth, "ST-B", utcnow())
    assert (new, twice, first.id) == (True, False, again.id)
    assert db.session.scalar(select(func.count()).select_from(EventScan)) == 1
    assert outcome(db.session, fair, local_today()).employers_attending == 1


def test_a_forged_or_another_event_s_booth_code_is_refused_with_nothing_counted(app):
    fair, other = _running(app), _running(app)
    job = _open_job()
    booth, theirs = _booth(fair, job), _booth(other, job)
    real = booth_code(fair, booth)
    cases = [
        (booth_code(other, theirs), EventProblem.other_event),
        (real[:-6] + ("AAAAAA" if not real.endswith("AAAAAA") else "BBBBBB"),
         EventProblem.not_a_booth_code),
        (f"{fair.code}-7-{real[-6:]}", EventProblem.not_a_booth_code),  # no booth 7
        ("K7QM", EventProblem.not_a_booth_code),
    ]  # fmt: skip
    for raw, problem in cases:
        with pytest.raises(Refused) as refused:
            read_booth_code(db.session, fair, raw)
        assert refused.value.problem is problem
    assert db.session.scalar(select(func.count()).select_from(EventScan)) == 0


def test_check_in_opens_two_hours_before_the_fair_and_closes_when_it_ends(app):
    fair = _event(app)  # in three days
    booth = _booth(fair)
    with pytest.raises(Refused) as refused:
        check_in(db.session, fair, booth, "ST-A", utcnow())
    assert refused.value.problem is EventProblem.not_open_yet
    opens = _beijing(fair.starts_at - timedelta(hours=2))
    with app.test_request_context():
        words = labels.problem_message(refused.value.problems["booth_code"])
    assert words == f"签到在招聘会开始前两小时开放，即 {opens}。"
    _scan, new = check_in(db.session, fair, booth, "ST-A", fair.starts_at - timedelta(hours=1))
    assert new
    db.session.rollback()
    with pytest.raises(Refused) as refused:
        check_in(db.session, fair, booth, "ST-A", fair.ends_at + timedelta(minutes=1))
    assert refused.value.problem is EventProblem.over


def test_the_no_show_rule_counts_a_self_checked_in_booth_as_attended(app):
    job = _open_job()
    came, stayed_away = _running(app), _running(app)
    for fair in (came, stayed_away):
        _booth(fair, job)
    booth = db.session.scalars(select(Booth).where(Booth.event_id == came.id)).one()
    check_in(db.session, came, booth, "ST-A", utcnow())
    db.session.commit()
    after = utcnow() + timedelta(days=1)  # both fairs over
    assert no_shows(db.session, job.employer_id, after) == [stayed_away.ends_at]


@pytest.mark.parametrize("language", LOCALES)
def test_the_employer_checks_in_on_its_phone_from_the_booth_s_card(app, language):
    fair = _running(app)
    booth = _booth(fair)
    code = booth_code(fair, booth)
    staff = signed_in(app, "zhao", StaffRole.counselor)
    cards = get(staff, f"/staff/fair/{fair.code}/booths").get_data(as_text=True)
    assert code in cards and cards.count("<svg") >= 1
    phone = app.test_client()
    phone.get(f"/lang/{language}")
    page = get(phone, f"/events/{fair.code}/check-in/{code}?from=qr").get_data(as_text=True)
    assert 'class="check-in-form"' in page
    done = phone.post(f"/events/{fair.code}/check-in",
                      data={"csrf_token": csrf(page), "booth_code": code})  # fmt: skip
    assert done.status_code == 200
    text = done.get_data(as_text=True)
    assert 'class="notice check-in-answer"' in text
    if language == "zh_Hans_CN":
        assert "已签到" in text
    made_up = phone.post(f"/events/{fair.code}/check-in",
                         data={"csrf_token": csrf(page), "booth_code": forged(code)})  # fmt: skip
    assert made_up.status_code == 422
    assert 'id="booth_code-problem"' in made_up.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(EventScan)) == 1


# -- verified employers and their reviewed posts ----------------------------------------------


def _spoil_credit_code(employer_id: uuid.UUID) -> None:
    # As a record can arrive (written before the check, or by a bare statement): past the
    # model's validator on purpose.
    table = Employer.__table__
    db.session.execute(
        table.update().where(table.c.id == employer_id).values(credit_code="91150102MA0000000X")
    )
    db.session.commit()
    db.session.expire_all()


def test_a_booth_for_an_employer_whose_credit_code_fails_is_refused_by_name(app):
    fair, job = _event(app), _open_job()
    _spoil_credit_code(job.employer_id)
    employer = db.session.get(Employer, job.employer_id)
    with pytest.raises(Refused) as refused:
        book_booth(db.session, fair, str(employer.id), [str(job.id)], "wang", utcnow(),
                   NoShowRule())  # fmt: skip
    assert refused.value.problem is EventProblem.code_failed
    with app.test_request_context():
        words = labels.refusal_message(refused.value)
    assert words == f"{employer.name_zh} 未通过核验：其统一社会信用代码校验不通过。"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Booth)) == 0


def test_an_employer_without_a_reviewed_post_is_not_verified(app):
    fair, job = _event(app), _open_job()
    employer = job.employer
    for own in db.session.scalars(select(Job).where(Job.employer_id == employer.id)).unique():
        own.status = JobStatus.closed
    db.session.commit()
    assert unverified(db.session, employer, local_today()) is EventProblem.no_reviewed_post
    with pytest.raises(Refused) as refused:
        book_booth(db.session, fair, str(employer.id), [str(job.id)], "wang", utcnow(),
                   NoShowRule())  # fmt: skip
    with app.test_request_context():
        words = labels.refusal_message(refused.value)
    assert words == f"{employer.name_zh} 未通过核验：没有通过审核的岗位或零工信息。"


def test_an_approved_gig_post_under_its_credit_code_verifies_an_employer(app):
    from test_gig_board import approved

    job = _open_job()
    employer = job.employer
    for own in db.session.scalars(select(Job).where(Job.employer_id == employer.id)).unique():
        own.status = JobStatus.closed
    db.session.commit()
    pending = approved(app, "待审核的装卸", credit_code=employer.credit_code,
                       status=PostStatus.pending)  # fmt: skip
    assert unverified(db.session, employer, local_today()) is EventProblem.no_reviewed_post
    pending.status = PostStatus.approved
    db.session.commit()
    assert unverified(db.session, employer, local_today()) is None


def test_a_live_stream_features_verified_employers_jobs_only(app):
    from test_events import _form

    job = _open_job()
    _spoil_credit_code(job.employer_id)
    with pytest.raises(Refused) as refused:
        save_event(db.session, _form("stream", featured_job_ids=[str(job.id)]), "HUB",
                   local_today())  # fmt: skip
    problem = refused.value.problems["featured_job_ids"]
    assert problem.problem is EventProblem.code_failed
    with app.test_request_context():
        words = labels.problem_message(problem)
    assert words == f"{job.employer.name_zh} 未通过核验：其统一社会信用代码校验不通过。"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_a_booth_booked_twice_names_the_booth_it_has(app):
    fair, job = _event(app), _open_job()
    _booth(fair, job)
    with pytest.raises(Refused) as refused:
        book_booth(db.session, fair, str(job.employer_id), [str(job.id)], "li", utcnow(),
                   NoShowRule())  # fmt: skip
    with app.test_request_context():
        assert labels.refusal_message(refused.value) == "该单位在本场招聘会已有 1 号展位。"
