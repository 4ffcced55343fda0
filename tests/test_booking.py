"""Booking seats: the last seat goes to one person only, on SQLite and on PostgreSQL."""

import threading
import uuid
from datetime import datetime, time, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from kiosk import create_app
from kiosk.appointments import schedule
from kiosk.appointments.booking import (
    BookingProblem,
    book,
    cancel,
    find_booked,
    move,
)
from kiosk.demo import seed_demo
from kiosk.domain.forms import Refused
from kiosk.extensions import db
from kiosk.models import BEIJING, Appointment, ServiceItem, Slot, Station, new_id, utcnow
from kiosk.personal_data import vault_for


def make_slot(capacity: int, starts_in: timedelta = timedelta(days=1)) -> Slot:
    station = db.session.scalars(select(Station)).first()
    service = ServiceItem(
        origin="HUB", station_code=station.code, code="policy", queue_letter="A",
        name_zh="政策咨询", name_mn="ᠪᠣᠳᠯᠢᠭᠤ ᠯᠠᠪᠯᠠᠬᠤ",
    )  # fmt: skip
    db.session.add(service)
    db.session.flush()
    starts = utcnow() + starts_in
    slot = Slot(
        id=new_id(), service_id=service.id, starts_at=starts,
        ends_at=starts + timedelta(minutes=30), capacity=capacity,
    )  # fmt: skip
    db.session.add(slot)
    db.session.commit()
    return slot


def test_book_then_cancel_gives_the_seat_back(app):
    slot = make_slot(capacity=1)
    appointment = book(db.session, vault_for(app), slot.id, "13912345678", origin="T")
    db.session.commit()
    assert appointment.mobile_masked == "139****5678" and len(appointment.code) == 10
    with pytest.raises(Refused) as refused:
        book(db.session, vault_for(app), slot.id, "13800000000", origin="T")
    assert refused.value.problem == BookingProblem.full
    db.session.rollback()
    found = find_booked(db.session, appointment.code.lower())
    assert found is not None and cancel(db.session, found.id) is not None
    db.session.commit()
    assert cancel(db.session, found.id) is None  # a second cancel gives back no second seat
    book(db.session, vault_for(app), slot.id, "13800000000", origin="T")
    db.session.commit()
    assert db.session.get(Slot, slot.id).booked == 1


@pytest.mark.parametrize(
    ("mobile", "starts_in", "problem"),
    [
        ("1391234567", timedelta(days=1), BookingProblem.mobile),
        ("᠑᠓᠙᠑᠒᠓᠔᠕᠖᠗᠘", timedelta(days=1), BookingProblem.digits),  # Mongolian digits
        ("١٣٩١٢٣٤٥٦٧٨", timedelta(days=1), BookingProblem.digits),  # Arabic-Indic digits
        ("13912345678", -timedelta(minutes=5), BookingProblem.past),
    ],
)
def test_refusals_say_why(app, mobile, starts_in, problem):
    slot = make_slot(capacity=5, starts_in=starts_in)
    with pytest.raises(Refused) as refused:
        book(db.session, vault_for(app), slot.id, mobile, origin="T")
    assert refused.value.problem == problem


def test_an_unknown_slot_is_refused(app):
    with pytest.raises(Refused) as refused:
        book(db.session, vault_for(app), new_id(), "13912345678", origin="T")
    assert refused.value.problem == BookingProblem.unknown_slot


def test_a_double_submit_does_not_take_a_second_seat(app):
    slot = make_slot(capacity=3)
    book(db.session, vault_for(app), slot.id, "13912345678", origin="T")
    db.session.commit()
    with pytest.raises(Refused) as refused:
        book(db.session, vault_for(app), slot.id, "139 1234 5678", origin="T")
    assert refused.value.problem == BookingProblem.already_booked
    db.session.rollback()
    assert db.session.get(Slot, slot.id).booked == 1


def test_a_full_width_mobile_is_the_same_phone(app):
    """One phone, one seat in a slot, however its digits were typed."""
    slot = make_slot(capacity=3)
    first = book(db.session, vault_for(app), slot.id, "１３９１２３４５６７８", origin="T")
    db.session.commit()
    assert first.mobile_masked == "139****5678"
    with pytest.raises(Refused) as refused:
        book(db.session, vault_for(app), slot.id, "13912345678", origin="T")
    assert refused.value.problem == BookingProblem.already_booked
    db.session.rollback()
    assert db.session.get(Slot, slot.id).booked == 1


def test_queue_numbers_count_per_service_and_day(app):
    slot = make_slot(capacity=3)
    first = book(db.session, vault_for(app), slot.id, "13912345678", origin="T")
    second = book(db.session, vault_for(app), slot.id, "13912345679", origin="T")
    db.session.commit()
    assert (first.queue_label, second.queue_label) == ("A001", "A002")


def test_moving_takes_the_new_seat_before_freeing_the_old(app):
    slot = make_slot(capacity=1)
    later = Slot(
        id=new_id(), service_id=slot.service_id, starts_at=slot.starts_at + timedelta(hours=1),
        ends_at=slot.ends_at + timedelta(hours=1), capacity=1,
    )  # fmt: skip
    db.session.add(later)
    db.session.commit()
    mine = book(db.session, vault_for(app), slot.id, "13912345678", origin="T")
    theirs = book(db.session, vault_for(app), later.id, "13912345679", origin="T")
    db.session.commit()
    with pytest.raises(Refused) as refused:  # the later slot is full: nothing moves
        move(db.session, mine.id, later.id)
    assert refused.value.problem == BookingProblem.full
    db.session.rollback()
    cancel(db.session, theirs.id)
    db.session.commit()
    moved = move(db.session, mine.id, later.id)
    db.session.commit()
    db.session.expire_all()
    assert moved.slot_id == later.id
    assert (db.session.get(Slot, slot.id).booked, db.session.get(Slot, later.id).booked) == (0, 1)


def race_for_seats(app, slot, clients: int = 20) -> tuple[int, list[Exception]]:
    """Clients at once, each on its own connection, trying to book the same slot: a slot row
    (its id), or a time nobody booked yet (an OpenSlot), whose row the booking makes."""
    start = threading.Barrier(clients)
    booked, errors = [], []

    def client(n: int) -> None:
        with app.app_context():
            start.wait()
            try:
                slot_id = (
                    slot if isinstance(slot, uuid.UUID) else schedule.make_slot(db.session, slot)
                )
                book(db.session, vault_for(app), slot_id, f"139{n:08d}", origin="T")
                db.session.commit()
                booked.append(n)
            except Refused as refused:
                db.session.rollback()
                if refused.problem != BookingProblem.full:
                    errors.append(refused)
            except Exception as error:  # a lock error or worse: the test must see it
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(booked), errors


def assert_exactly_full(slot_id, capacity: int) -> None:
    appointments = db.session.scalar(
        select(func.count()).select_from(Appointment).where(Appointment.slot_id == slot_id)
    )
    assert appointments == capacity
    assert db.session.get(Slot, slot_id).booked == capacity


def test_twenty_clients_race_for_three_seats_on_sqlite(app):
    slot = make_slot(capacity=3)
    booked, errors = race_for_seats(app, slot.id)
    assert errors == [] and booked == 3
    db.session.expire_all()
    assert_exactly_full(slot.id, 3)


def open_slot(capacity: int, service: ServiceItem | None = None) -> schedule.OpenSlot:
    """A time of the timetable nobody has booked: no slot row yet."""
    service = service or make_slot(capacity).service
    starts = utcnow() + timedelta(days=2)
    return schedule.OpenSlot(service, starts, starts + timedelta(minutes=30), capacity, 0)


def the_row_of(slot: schedule.OpenSlot) -> uuid.UUID:
    return db.session.scalars(
        select(Slot.id).where(Slot.service_id == slot.service.id, Slot.starts_at == slot.starts_at)
    ).one()


def test_twenty_clients_race_for_three_seats_of_a_slot_not_yet_made_on_sqlite(app):
    slot = open_slot(capacity=3)
    booked, errors = race_for_seats(app, slot)
    assert errors == [] and booked == 3
    db.session.expire_all()
    assert_exactly_full(the_row_of(slot), 3)  # one row, made by whichever booking came first


def test_twenty_clients_race_for_three_seats_on_postgresql(postgres_url, tmp_path):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": postgres_url},
        instance_path=str(tmp_path / "instance"),
    )
    with app.app_context():
        upgrade()
        seed_demo(10, seed=1)
        slot = make_slot(capacity=3)
        booked, errors = race_for_seats(app, slot.id)
        assert errors == [] and booked == 3
        db.session.expire_all()
        assert_exactly_full(slot.id, 3)
        not_made = open_slot(capacity=3, service=slot.service)
        booked, errors = race_for_seats(app, not_made)
        assert errors == [] and booked == 3
        db.session.expire_all()
        assert_exactly_full(the_row_of(not_made), 3)
        db.session.remove()
        db.engine.dispose()


def test_today_is_offered_only_while_a_slot_is_still_to_start():
    """Late in the evening the slot picker opens on the next open day, not on a day whose
    every time has passed (nothing to tap)."""
    station = Station(open_days="12345", opens_at=time(8, 30), closes_at=time(17, 30))
    timetable = schedule.Timetable(slot_minutes=30, days_ahead=3)
    friday = datetime(2026, 12, 4, 16, 59, tzinfo=BEIJING)
    assert schedule.open_days(station, friday, timetable)[0] == friday.date()
    after_last_start = friday.replace(hour=17, minute=0)  # the 17:00–17:30 slot has begun
    days = schedule.open_days(station, after_last_start, timetable)
    assert [day.isoformat() for day in days] == ["2026-12-07", "2026-12-08", "2026-12-09"]
