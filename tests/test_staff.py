"""The staff console: accounts and roles, today's queue at the desk, the lobby screen."""

import re
from datetime import datetime, time, timedelta

import pytest
from raw_printer import decode_raster
from sqlalchemy import func, select

from kiosk.appointments.booking import book
from kiosk.extensions import db, limiter
from kiosk.models import (
    BEIJING,
    Appointment,
    AppointmentStatus,
    AuditEntry,
    ServiceItem,
    Slot,
    StaffMember,
    StaffRole,
    Ticket,
    TicketStatus,
    local_today,
    new_id,
)
from kiosk.personal_data import vault_for
from kiosk.queue.numbers import issue_ticket
from kiosk.staff.accounts import create_staff

PASSWORD = "correct horse battery"


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def staff_member(username: str, role: StaffRole = StaffRole.counselor) -> None:
    create_staff(db.session, username, username.title(), PASSWORD, role)
    db.session.commit()


# Each exchange runs in an app context of its own, as every request does in production:
# Flask-WTF and Flask-Login keep the form token and the signed-in member in `g`, which the
# test's own context would otherwise share between requests and clients.


def sign_in(client, username: str, password: str = PASSWORD):
    with client.application.app_context():
        page = client.get("/staff/login").get_data(as_text=True)
        data = {"csrf_token": csrf(page), "username": username, "password": password}
        return client.post("/staff/login", data=data)


def get(client, url: str, **headers):
    with client.application.app_context():
        return client.get(url, headers=headers)


def signed_in(app, username: str, role: StaffRole = StaffRole.counselor):
    """A client of `app` with a new staff member of `role` signed in."""
    staff_member(username, role)
    client = app.test_client()
    assert sign_in(client, username).status_code == 303
    return client


@pytest.fixture
def desk(app):
    """A counselor signed in at the desk."""
    return signed_in(app, "wang")


def todays_appointment(app, mobile: str = "13912345678", hour: int = 9) -> Appointment:
    """An appointment for today (its time may be past: arriving late is still arriving)."""
    service = db.session.scalars(
        select(ServiceItem).where(ServiceItem.code == "policy_consultation")
    ).one()
    starts = datetime.combine(local_today(), time(hour), BEIJING)
    slot = Slot(id=new_id(), service_id=service.id, starts_at=starts,
                ends_at=starts + timedelta(minutes=30), capacity=3)  # fmt: skip
    db.session.add(slot)
    db.session.commit()
    appointment = book(db.session, vault_for(app), slot.id, mobile, origin="T",
                       now=starts - timedelta(days=1))  # fmt: skip
    db.session.commit()
    return appointment


def walk_in(code: str = "internship") -> Ticket:
    service = db.session.scalars(select(ServiceItem).where(ServiceItem.code == code)).one()
    ticket = issue_ticket(db.session, service, origin="T")
    db.session.commit()
    return ticket


def post(client, url: str, **data):
    with client.application.app_context():
        page = client.get("/staff/queue").get_data(as_text=True)
        return client.post(url, data={"csrf_token": csrf(page), **data})


def test_create_staff_from_the_command_line(runner, app):
    made = runner.invoke(args=["create-staff", "li", "--role", "manager", "--password", PASSWORD])
    assert made.exit_code == 0 and "manager li" in made.output
    short = runner.invoke(args=["create-staff", "zhao", "--password", "short"])
    assert short.exit_code != 0 and "at least 10" in short.output
    again = runner.invoke(args=["create-staff", "li", "--password", PASSWORD])
    assert again.exit_code != 0 and "already" in again.output


def test_every_staff_page_needs_the_right_person(app):
    client = app.test_client()
    anonymous = get(client, "/staff/queue")
    assert anonymous.status_code == 302 and "/staff/login" in anonymous.headers["Location"]
    staff_member("wang")
    staff_member("li", StaffRole.manager)
    assert sign_in(client, "wang").status_code == 303
    assert get(client, "/staff/queue").status_code == 200
    assert get(client, "/staff/audit").status_code == 403
    manager = app.test_client()
    sign_in(manager, "li")
    log = get(manager, "/staff/audit")
    assert log.status_code == 200 and "login" in log.get_data(as_text=True)


def test_a_wrong_password_is_refused_in_the_language(app):
    staff_member("wang")
    client = app.test_client()
    refused = sign_in(client, "wang", "wrong password!")
    assert refused.status_code == 401 and "用户名或密码错误" in refused.get_data(as_text=True)
    assert sign_in(client, "nobody").status_code == 401
    assert get(client, "/staff/queue").status_code == 302


def test_sign_in_attempts_are_limited(app_factory, database):
    app = app_factory(database, RATELIMIT_ENABLED=True, RATE_LIMIT_LOGIN="3 per minute")
    with app.app_context():
        limiter.reset()
    client = app.test_client()
    answers = [sign_in(client, "wang", "wrong password!").status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]


def test_a_quiet_desk_signs_out_after_the_staff_idle_time(desk, app):
    with desk.session_transaction() as session:
        session["seen"] -= 120  # longer than a kiosk's 90 s: still signed in
    assert get(desk, "/staff/queue").status_code == 200
    with desk.session_transaction() as session:
        session["seen"] -= app.config["STAFF_IDLE_TIMEOUT_SECONDS"] + 1
    assert get(desk, "/staff/queue").status_code == 302


def test_check_in_by_scanned_address_or_typed_code(desk, app):
    appointment = todays_appointment(app)
    page = get(desk, "/staff/queue").get_data(as_text=True)
    assert appointment.queue_label in page and "139****5678" in page and "13912345678" not in page

    unknown = post(desk, "/staff/queue/check-in", scan="http://x/s/AAAAAAAAAAAAAAAAAAAAAA")
    assert unknown.status_code == 422 and "没有哪个预约" in unknown.get_data(as_text=True)
    garbage = post(desk, "/staff/queue/check-in", scan="<script>" + "x" * 400)
    assert garbage.status_code == 422 and "<script>" not in garbage.get_data(as_text=True)

    done = post(desk, "/staff/queue/check-in", scan=appointment.code.lower())
    assert done.status_code == 200 and "已签到" in done.get_data(as_text=True)
    again = post(desk, "/staff/queue/check-in", scan=appointment.code)  # a double scan
    assert again.status_code == 200
    db.session.refresh(appointment)
    assert appointment.status == AppointmentStatus.checked_in and appointment.version == 2


def test_a_slip_for_another_day_is_refused(desk, app):
    appointment = todays_appointment(app)
    appointment.slot.starts_at += timedelta(days=1)
    db.session.commit()
    refused = post(desk, "/staff/queue/check-in", scan=appointment.code)
    assert refused.status_code == 422 and "不是今天" in refused.get_data(as_text=True)


def test_checked_in_appointments_go_before_walk_ins(desk, app):
    ticket = walk_in()  # took a number first
    appointment = todays_appointment(app)
    late = todays_appointment(app, mobile="13800000000", hour=8)  # booked, never arrived
    post(desk, "/staff/queue/check-in", scan=appointment.code)

    first = post(desk, "/staff/queue/next").get_data(as_text=True)
    assert f"已叫 {appointment.queue_label} 到 1 号窗口" in first
    second = post(desk, "/staff/queue/next").get_data(as_text=True)
    assert f"已叫 {ticket.queue_label} 到 1 号窗口" in second
    third = post(desk, "/staff/queue/next").get_data(as_text=True)
    assert "没有人在等候" in third  # the one who never arrived is not called
    db.session.refresh(late)
    assert late.status == AppointmentStatus.booked

    served = post(desk, f"/staff/queue/appointment/{appointment.id}/served")
    assert served.status_code == 200
    twice = post(desk, f"/staff/queue/appointment/{appointment.id}/served")
    assert twice.status_code == 409  # already finished: nothing changes
    no_show = post(desk, f"/staff/queue/appointment/{late.id}/no_show")
    assert no_show.status_code == 200
    db.session.expire_all()
    assert db.session.get(Appointment, late.id).status == AppointmentStatus.no_show

    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.at))]
    assert actions[-5:] == ["check_in", "call", "call", "served", "no_show"]
    details = " ".join(e.detail + e.record_id for e in db.session.scalars(select(AuditEntry)))
    assert "5678" not in details and "1391" not in details  # no personal data in the log


def _offered(page: str, kind: str, record_id) -> set[str]:
    """The actions the queue list shows for one person: the buttons' and links' addresses."""
    posts = set(re.findall(rf'action="/staff/queue/{kind}/{record_id}/(\w+)"', page))
    visit = f"kind={kind}&amp;entry={record_id}" in page
    return posts | ({"record_visit"} if visit else set())


@pytest.mark.parametrize(
    ("kind", "states"),
    [("appointment", list(AppointmentStatus)), ("ticket", list(TicketStatus))],
)
def test_the_queue_offers_exactly_the_moves_the_desk_accepts(desk, app, kind, states):
    record = todays_appointment(app) if kind == "appointment" else walk_in()
    for state in states:
        for action in ("call", "served", "no_show", "referred"):
            record.status = state
            db.session.commit()
            offered = _offered(get(desk, "/staff/queue").get_data(as_text=True), kind, record.id)
            response = post(desk, f"/staff/queue/{kind}/{record.id}/{action}")
            db.session.expire_all()
            moved = db.session.get(type(record), record.id).status
            if action in offered:
                assert response.status_code == 200, (state, action)
                assert moved.value == ("called" if action == "call" else action)
            else:
                assert response.status_code == 409, (state, action)
                assert moved == state
        shown = state != AppointmentStatus.cancelled
        assert ("reprint" in offered) == shown
        assert ("record_visit" in offered) == (state in ("called", "served", "referred"))


def test_the_counter_is_chosen_per_desk(desk, app):
    walk_in()
    post(desk, "/staff/queue/counter", counter="2")
    called = post(desk, "/staff/queue/next").get_data(as_text=True)
    assert "到 2 号窗口" in called
    post(desk, "/staff/queue/counter", counter="99")  # not a counter of this station: ignored
    assert 'value="2" selected' in get(desk, "/staff/queue").get_data(as_text=True)


def test_reprint_from_the_desk_reaches_the_printer(app_factory, database, printer):
    app = app_factory(database, PRINTER=printer.url)
    kiosk, desk = app.test_client(), app.test_client()
    with app.app_context():
        queue_page = kiosk.get("/queue/").get_data(as_text=True)
        kiosk.post("/queue/", data={"csrf_token": csrf(queue_page), "service": "internship"})
        ticket_id = db.session.scalars(select(Ticket.id)).one()
        staff_member("wang")
    sign_in(desk, "wang")
    reprinted = post(desk, f"/staff/queue/ticket/{ticket_id}/reprint")
    assert reprinted.status_code == 200 and "已重新打印" in reprinted.get_data(as_text=True)
    first, second = printer.wait_for(2)[:2]
    assert decode_raster(first).tobytes() == decode_raster(second).tobytes()


def test_unknown_queue_actions_are_not_found(desk):
    assert post(desk, f"/staff/queue/ticket/{new_id()}/served").status_code == 404
    assert post(desk, "/staff/queue/ticket/not-an-id/served").status_code == 404
    assert post(desk, f"/staff/queue/parcel/{new_id()}/served").status_code == 404


def test_the_lobby_shows_each_counter_in_both_scripts(desk, app):
    ticket = walk_in()
    lobby = app.test_client()
    assert "请等候叫号" in get(lobby, "/lobby").get_data(as_text=True)
    post(desk, "/staff/queue/next")
    board = get(lobby, "/lobby", **{"HX-Request": "true"}).get_data(as_text=True)
    assert ticket.queue_label in board and "请到 1 号窗口" in board
    assert "ᠴᠣᠩᠬᠣ" in board and "<html" not in board


def test_a_manager_creates_a_counselor_who_can_then_sign_in(app):
    staff_member("li", StaffRole.manager)
    manager = app.test_client()
    sign_in(manager, "li")
    account = {"username": "Zhao.Min", "display_name": "赵敏", "role": "counselor",
               "password": PASSWORD, "password_again": PASSWORD}  # fmt: skip
    assert post(manager, "/staff/accounts", **account).status_code == 303
    listing = get(manager, "/staff/accounts").get_data(as_text=True)
    assert "zhao.min" in listing and "赵敏" in listing and "就业指导员" in listing
    counselor = app.test_client()
    assert sign_in(counselor, "zhao.min").status_code == 303
    assert get(counselor, "/staff/accounts").status_code == 403  # a counselor makes no accounts

    member = db.session.scalars(select(StaffMember).where(StaffMember.username == "zhao.min")).one()
    assert post(manager, f"/staff/accounts/{member.id}/off").status_code == 303
    gone = get(counselor, "/staff/queue")  # turned off: signed out at the next request
    assert gone.status_code == 302 and "/staff/login" in gone.headers["Location"]
    assert sign_in(counselor, "zhao.min").status_code == 401
    entries = db.session.scalars(select(AuditEntry.action)).all()
    assert "create_staff" in entries and "staff_off" in entries


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password_again": "something else"}, "两次输入的密码不一致"),
        ({"password": "short", "password_again": "short"}, "密码至少需要 10 个字符"),
        ({"username": "<b>王</b>"}, "用户名最多 40 个字符"),
        ({"username": "x" * 41}, "用户名最多 40 个字符"),
        ({"username": "li"}, "该用户名已被使用"),
        ({"role": "admin"}, "请从列表中选择"),
    ],
)
def test_a_bad_account_is_refused_and_nothing_is_made(app, changes, message):
    staff_member("li", StaffRole.manager)
    manager = app.test_client()
    sign_in(manager, "li")
    account = {"username": "zhao", "display_name": "赵敏", "role": "counselor",
               "password": PASSWORD, "password_again": PASSWORD} | changes  # fmt: skip
    answer = post(manager, "/staff/accounts", **account)
    assert answer.status_code == 422 and message in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(StaffMember)) == 1


def test_a_manager_cannot_turn_themselves_off(app):
    staff_member("li", StaffRole.manager)
    manager = app.test_client()
    sign_in(manager, "li")
    me = db.session.scalars(select(StaffMember)).one()
    assert post(manager, f"/staff/accounts/{me.id}/off").status_code == 404


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app):
    staff_member("li", StaffRole.manager)
    manager = app.test_client()
    sign_in(manager, "li")
    thief = app.test_client()
    cookie = manager.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    assert get(thief, "/staff/accounts").status_code == 200  # the copy works while signed in
    with app.app_context():
        token = csrf(manager.get("/staff/queue").get_data(as_text=True))
        assert manager.post("/staff/logout", data={"csrf_token": token}).status_code == 303
    refused = get(thief, "/staff/accounts")
    assert refused.status_code == 302 and "/staff/login" in refused.headers["Location"]
    account = {"username": "mallory", "display_name": "M", "role": "manager",
               "password": PASSWORD, "password_again": PASSWORD}  # fmt: skip
    with app.app_context():
        made = thief.post("/staff/accounts", data={"csrf_token": token, **account})
    assert made.status_code in (302, 400)
    assert db.session.scalar(select(func.count()).select_from(StaffMember)) == 1


def test_a_manager_signs_an_account_out_everywhere(app):
    counselor = signed_in(app, "wang")
    elsewhere = app.test_client()
    assert sign_in(elsewhere, "wang").status_code == 303
    manager = signed_in(app, "li", StaffRole.manager)
    wang = db.session.scalars(select(StaffMember).where(StaffMember.username == "wang")).one()
    page = get(manager, "/staff/accounts").get_data(as_text=True)
    assert "在所有设备上退出" in page
    assert post(manager, f"/staff/accounts/{wang.id}/sign-out").status_code == 303
    for client in (counselor, elsewhere):
        gone = get(client, "/staff/queue")
        assert gone.status_code == 302 and "/staff/login" in gone.headers["Location"]
    assert get(manager, "/staff/queue").status_code == 200  # the manager's own stays
    assert sign_in(counselor, "wang").status_code == 303  # the password still works
    assert "staff_sign_out" in db.session.scalars(select(AuditEntry.action)).all()


def test_a_new_password_ends_the_sessions_of_the_old_one(app, runner):
    counselor = signed_in(app, "wang")
    result = runner.invoke(args=["set-password", "wang", "--password", "a new long password"])
    assert result.exit_code == 0, result.output
    gone = get(counselor, "/staff/queue")
    assert gone.status_code == 302 and "/staff/login" in gone.headers["Location"]
    assert sign_in(counselor, "wang").status_code == 401
    assert sign_in(counselor, "wang", "a new long password").status_code == 303


def test_the_job_list_cache_keeps_the_page_around_the_list_apart(app):
    url = "/jobs?region=150100"
    visitor = app.test_client()
    assert 'data-idle-seconds="90"' in get(visitor, url).get_data(as_text=True)
    counselor = signed_in(app, "wang")
    page = get(counselor, url).get_data(as_text=True)  # the same list, cached for the visitor
    assert f'data-idle-seconds="{app.config["STAFF_IDLE_TIMEOUT_SECONDS"]}"' in page
    assert 'data-idle-seconds="90"' in get(visitor, url).get_data(as_text=True)


def test_the_job_list_cache_follows_the_online_mark(app_factory, database):
    from kiosk.models import LocalState, utcnow
    from kiosk.sync.station.rounds import LAST_ERROR, LAST_SUCCESS

    app = app_factory(database, HUB_URL="http://127.0.0.1:9/")
    with app.app_context():
        db.session.add(LocalState(key=LAST_SUCCESS, value=utcnow().isoformat()))
        db.session.commit()
        kiosk = app.test_client()
        assert "在线" in get(kiosk, "/jobs?region=150100").get_data(as_text=True)
        db.session.add(LocalState(key=LAST_ERROR, value="unreachable"))
        db.session.commit()
        page = get(kiosk, "/jobs?region=150100").get_data(as_text=True)
        assert "离线" in page and "在线" not in page


def test_a_phone_cookie_does_not_keep_a_quiet_staff_session(desk, app):
    desk.set_cookie("device", "phone")
    with desk.session_transaction() as session:
        session["seen"] -= app.config["STAFF_IDLE_TIMEOUT_SECONDS"] + 1
    gone = get(desk, "/staff/queue")
    assert gone.status_code == 302 and "/staff/login" in gone.headers["Location"]
