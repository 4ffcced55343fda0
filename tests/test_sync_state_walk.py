"""Every state change a station makes reaches the hub: a station on SQLite walks each synced
kind through the changes its kiosk, desk and settings pages make (through those pages), syncs
with a real hub (gunicorn on PostgreSQL), and the hub holds each record at the station's
version and in the station's state."""

import re
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path

import test_sync
from sqlalchemy import create_engine, select, text
from sync_harness import hub_records, make_station, station_records, sync
from test_appointment_pages import slot_links
from test_registration_pages import GOOD
from test_staff import post, signed_in

from kiosk.appointments.booking import book
from kiosk.extensions import db
from kiosk.models import (
    BEIJING,
    Appointment,
    ServiceItem,
    ServiceRecord,
    Slot,
    StaffRole,
    Ticket,
    local_today,
    new_id,
)
from kiosk.personal_data import vault_for
from kiosk.settings.services import ServiceForm

#: The hub under gunicorn on a fresh PostgreSQL database, as the sync tests have it.
hub = test_sync.hub


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


class Kiosk:
    """A person at the kiosk: each exchange in an app context of its own, as in production."""

    def __init__(self, app) -> None:
        self.client = app.test_client()

    def get(self, url: str):
        with self.client.application.app_context():
            return self.client.get(url)

    def post(self, url: str, form_page: str, **data):
        token = _token(self.get(form_page).get_data(as_text=True))
        with self.client.application.app_context():
            return self.client.post(url, data={"csrf_token": token, **data})


def _read(app, query):
    with app.app_context():
        try:
            return db.session.execute(query).all()
        finally:
            db.session.remove()


def _code_of(app, appointment_id: uuid.UUID) -> str:
    return _read(app, select(Appointment.code).where(Appointment.id == appointment_id))[0][0]


def _newest(app, model) -> uuid.UUID:
    return _read(app, select(model.id).order_by(model.created_at.desc()).limit(1))[0][0]


def todays_appointment(app, hour: int) -> uuid.UUID:
    """An appointment for today, booked as the kiosk books (at an hour of its own, so it
    takes no seat from the kiosk's slots)."""
    with app.app_context():
        service = db.session.scalars(
            select(ServiceItem).where(ServiceItem.code == "policy_consultation")
        ).one()
        starts = datetime.combine(local_today(), time(hour), BEIJING)
        slot = Slot(id=new_id(), service_id=service.id, starts_at=starts,
                    ends_at=starts + timedelta(minutes=30), capacity=1)  # fmt: skip
        db.session.add(slot)
        db.session.commit()
        code, day_before = app.config["STATION_CODE"], starts - timedelta(days=1)
        appointment = book(db.session, vault_for(app), slot.id, f"1380000000{hour}",
                           origin=code, now=day_before)  # fmt: skip
        db.session.commit()
        try:
            return appointment.id
        finally:
            db.session.remove()


def _states(app) -> dict[str, tuple[int, str]]:
    rows = _read(app, select(Appointment.id, Appointment.version, Appointment.status))
    rows += _read(app, select(Ticket.id, Ticket.version, Ticket.status))
    return {str(i): (v, str(s)) for i, v, s in rows}


def _hub_states(database_url: str) -> dict[str, tuple[int, str]]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = [
            *connection.execute(text("SELECT id, version, status FROM appointment")),
            *connection.execute(text("SELECT id, version, status FROM ticket")),
        ]
    engine.dispose()
    return {str(uuid.UUID(str(i))): (v, s) for i, v, s in rows}


def test_every_state_change_reaches_the_hub(hub, tmp_path: Path):
    code = "ST-WALK"
    station = make_station(tmp_path / "walk.sqlite", code, hub.proxy.url, hub.register(code))
    assert not sync(station).errors  # the service list arrives
    kiosk = Kiosk(station)
    with station.app_context():
        manager = signed_in(station, "zhao", StaffRole.manager)
        desk = signed_in(station, "wang")
        db.session.remove()

    # Registration, then the same person again with a new number: an edit (version 2).
    assert kiosk.post("/register/", "/register/", **GOOD).status_code == 303
    # A new mobile on file, confirmed by the one it replaces.
    again = {**GOOD, "mobile": "13800001111", "confirm_mobile": GOOD["mobile"]}
    assert kiosk.post("/register/", "/register/", **again).status_code == 303

    # The manager renames a service and halves its seats (settings).
    with station.app_context():
        service = db.session.scalars(
            select(ServiceItem).where(ServiceItem.code == "career_guidance")
        ).one()
        form = ServiceForm.of(service)
        db.session.remove()
    edited = {**vars(form), "name_zh": "职业指导（一对一）", "active": "on"}
    edited_at = f"/staff/settings/services/{service.id}"
    assert post(manager, edited_at, **edited).status_code == 303

    # Booking at the kiosk; one booking cancelled, one moved, by the slip's code.
    times = slot_links(kiosk.client)
    for n, start in enumerate(times[:3]):
        assert kiosk.post(start, start, mobile=f"1391111000{n}").status_code == 303
    kept, to_cancel, to_move = (
        _read(station, select(Appointment.id).order_by(Appointment.created_at))[i][0]
        for i in range(3)
    )
    manage = "/appointments/manage"
    kiosk.post(manage, manage, code=_code_of(station, to_cancel))
    assert kiosk.post(f"{manage}/cancel", f"{manage}/current").status_code == 200
    kiosk.post(manage, manage, code=_code_of(station, to_move))
    moved_to = times[5].rsplit("/", 1)[1]
    assert kiosk.post(f"{manage}/move", f"{manage}/current", start=moved_to).status_code == 303

    # Today's appointments at the desk (before opening time: apart from the kiosk's slots).
    served, no_show, referred = (todays_appointment(station, hour=5 + n) for n in range(3))
    for appointment in (served, referred):
        scan = post(desk, "/staff/queue/check-in", scan=_code_of(station, appointment))
        assert scan.status_code == 200
        assert post(desk, f"/staff/queue/appointment/{appointment}/call").status_code == 200
    assert post(desk, f"/staff/queue/appointment/{served}/served").status_code == 200
    assert post(desk, f"/staff/queue/appointment/{referred}/referred").status_code == 200
    assert post(desk, f"/staff/queue/appointment/{no_show}/no_show").status_code == 200

    # Walk-ins: served, no-show, referred.
    tickets = []
    for _ in range(3):
        assert kiosk.post("/queue/", "/queue/", service="internship").status_code == 303
        tickets.append(_newest(station, Ticket))
    ticket_served, ticket_no_show, ticket_referred = tickets
    for ticket in (ticket_served, ticket_referred):
        assert post(desk, f"/staff/queue/ticket/{ticket}/call").status_code == 200
    assert post(desk, f"/staff/queue/ticket/{ticket_served}/served").status_code == 200
    assert post(desk, f"/staff/queue/ticket/{ticket_referred}/referred").status_code == 200
    assert post(desk, f"/staff/queue/ticket/{ticket_no_show}/no_show").status_code == 200

    # A visit recorded with a follow-up, and the follow-up done.
    visit = post(
        desk,
        "/staff/visits/new",
        kind="appointment",
        entry=str(served),
        services="policy_consultation",
        outcomes=["registered", "follow_up"],
        follow_up_on=(local_today() + timedelta(days=7)).isoformat(),
    )
    assert visit.status_code == 303
    record = _newest(station, ServiceRecord)
    assert post(desk, f"/staff/visits/{record}/follow-up-done").status_code == 303
    done_at = select(ServiceRecord.follow_up_done_at).where(ServiceRecord.id == record)
    assert _read(station, done_at)[0][0] is not None

    result = sync(station)
    assert not result.errors, result.errors

    # Every record of every kind at the hub, at the station's version; slots travel with the
    # appointments that refer to them (the one moved away from is the station's own business).
    mine, theirs = station_records(station), hub_records(hub.database_url, code)
    referred_to = {(str(i), 1) for (i,) in _read(station, select(Appointment.slot_id))}
    assert referred_to <= set(theirs.pop("slot")) <= mine.pop("slot")
    assert {kind: sorted(rows) for kind, rows in theirs.items()} == {
        kind: sorted(rows) for kind, rows in mine.items()
    }
    # And in the station's state: what the desk did is what the hub's statistics count.
    mine, theirs = _states(station), _hub_states(hub.database_url)
    assert {key: theirs.get(key) for key in mine} == mine
    assert theirs[str(served)][1] == "served" and theirs[str(served)][0] > 1  # was "booked v1"
    assert theirs[str(ticket_no_show)][1] == "no_show"
    expected = {
        kept: "booked",
        to_cancel: "cancelled",
        to_move: "booked",
        no_show: "no_show",
        referred: "referred",
        ticket_served: "served",
        ticket_referred: "referred",
    }
    assert {str(k): theirs[str(k)][1] for k in expected} == {str(k): v for k, v in expected.items()}
