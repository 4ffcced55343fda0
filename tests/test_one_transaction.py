"""A booking or a walk-in ticket and its slip are one transaction: a crash while the slip is
written leaves no taken seat or number without a code (printing comes after the commit)."""

import re

import pytest
from sqlalchemy import func, select
from test_appointment_pages import book, slot_links

from kiosk.extensions import db
from kiosk.models import Appointment, Slip, Slot, Ticket
from kiosk.slips import handout


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def crash_while_writing_the_slip(monkeypatch):
    real = handout.issue_slip

    def issue_then_crash(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("power cut")

    monkeypatch.setattr(handout, "issue_slip", issue_then_crash)


def test_a_crash_before_the_slip_is_kept_takes_no_seat(client, crash_while_writing_the_slip):
    url = slot_links(client)[0]
    assert book(client, url).status_code == 500
    db.session.rollback()  # what the crashed worker's connection leaves behind
    assert count(Appointment) == 0 and count(Slip) == 0
    # The slot row is made by the booking that takes its seat: it went with the crash too.
    assert db.session.scalar(select(func.coalesce(func.sum(Slot.booked), 0))) == 0


def test_a_crash_before_the_slip_is_kept_takes_no_number(client, crash_while_writing_the_slip):
    page = client.get("/queue/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    answer = client.post("/queue/", data={"csrf_token": token, "service": "internship"})
    assert answer.status_code == 500
    db.session.rollback()
    assert count(Ticket) == 0 and count(Slip) == 0


def test_a_booking_and_its_slip_are_kept_together(client):
    assert book(client, slot_links(client)[0]).status_code == 303
    assert count(Appointment) == 1 and count(Slip) == 1


def test_a_ticket_and_its_slip_are_kept_together(client):
    page = client.get("/queue/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    answer = client.post("/queue/", data={"csrf_token": token, "service": "internship"})
    assert answer.status_code == 303
    assert count(Ticket) == 1 and count(Slip) == 1
