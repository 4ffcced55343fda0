"""A walk-in's ticket: how many are ahead, the estimated wait, and opening hours."""

from datetime import date, datetime, time, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select
from test_slips import png, take_ticket

from kiosk.domain.stations import this_station
from kiosk.extensions import db
from kiosk.i18n import CHINESE, MONGOLIAN
from kiosk.models import (
    BEIJING,
    ServiceItem,
    Station,
    Ticket,
    TicketStatus,
)
from kiosk.queue import labels
from kiosk.queue.numbers import issue_ticket
from kiosk.queue.wait import Opening, estimate, opening
from kiosk.slips.content import ticket_content

TUESDAY = date(2026, 12, 1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), BEIJING)


def weekday_station() -> Station:
    return Station(open_days="12345", opens_at=time(8, 30), closes_at=time(17, 30))


@pytest.mark.parametrize(
    "now, state, opens",
    [
        (at(TUESDAY, 7), Opening.before, at(TUESDAY, 8, 30)),
        (at(TUESDAY, 8, 30), Opening.open, None),
        (at(TUESDAY, 17, 29), Opening.open, None),
        (at(TUESDAY, 17, 30), Opening.closed, at(TUESDAY + timedelta(days=1), 8, 30)),
        (at(TUESDAY + timedelta(days=3), 18), Opening.closed, at(date(2026, 12, 7), 8, 30)),
        (at(date(2026, 12, 5), 10), Opening.closed, at(date(2026, 12, 7), 8, 30)),  # Saturday
    ],
)
def test_opening_hours_say_when_the_counters_open(now, state, opens):
    hours = opening(weekday_station(), now)
    assert (hours.state, hours.opens) == (state, opens)


def service(code: str) -> ServiceItem:
    return db.session.scalars(select(ServiceItem).where(ServiceItem.code == code)).one()


def ticket(code: str, taken: datetime, status=TicketStatus.waiting, minutes: int = 0, counter="1"):
    made = issue_ticket(db.session, service(code), origin="T", day=taken.date())
    made.created_at = taken
    if status != TicketStatus.waiting:
        made.status, made.counter, made.called_at = status, counter, taken + timedelta(minutes=1)
        made.finished_at = made.called_at + timedelta(minutes=minutes)
    db.session.flush()
    return made


def words(wait, locale=CHINESE) -> str:
    with force_locale(locale):
        return labels.wait_time(wait)


def test_with_no_visit_today_the_wait_is_a_default_and_says_about(app):
    station = this_station(db.session)
    station.open_days = "1234567"
    for minute in range(3):
        ticket("policy_consultation", at(TUESDAY, 9, minute))
    mine = ticket("job_seeker_registration", at(TUESDAY, 9, 5))
    wait = estimate(db.session, mine, station, at(TUESDAY, 9, 6))
    assert (wait.ahead, wait.minutes, wait.guessed) == (3, 30, True)  # 3 × 10 minutes
    assert words(wait) == "大约 30 分钟"
    first = db.session.scalars(select(Ticket).where(Ticket.queue_label == "A001")).one()
    assert estimate(db.session, first, station, at(TUESDAY, 9, 6)).minutes == 0
    assert words(estimate(db.session, first, station, at(TUESDAY, 9, 6))) == "下一位就是您"


def test_todays_pace_replaces_the_default_and_counters_share_the_wait(app):
    station = this_station(db.session)
    station.open_days = "1234567"
    ticket("policy_consultation", at(TUESDAY, 8, 40), TicketStatus.served, minutes=6)
    ticket("policy_consultation", at(TUESDAY, 8, 50), TicketStatus.served, minutes=8)
    # A visit whose "served" was pressed hours late says nothing about the pace.
    ticket("policy_consultation", at(TUESDAY, 8, 55), TicketStatus.served, minutes=200)
    ticket("policy_consultation", at(TUESDAY, 9, 10))
    ticket("policy_consultation", at(TUESDAY, 9, 11))
    ticket("policy_consultation", at(TUESDAY, 9, 12))
    mine = ticket("policy_consultation", at(TUESDAY, 9, 13))
    wait = estimate(db.session, mine, station, at(TUESDAY, 9, 14))
    assert (wait.ahead, wait.minutes, wait.guessed) == (3, 25, False)  # 3 × 7 = 21 → 25
    assert words(wait) == "25 分钟（按今天的速度）"
    # A second counter called someone within the hour: two share the queue.
    ticket("internship", at(TUESDAY, 9, 0), TicketStatus.called, counter="2")
    assert estimate(db.session, mine, station, at(TUESDAY, 9, 14)).minutes == 15  # 10.5 → 15


def test_before_opening_the_wait_counts_from_opening_and_after_closing_there_is_none(app):
    station = this_station(db.session)
    station.open_days, station.opens_at, station.closes_at = "12345", time(8, 30), time(17, 30)
    ticket("policy_consultation", at(TUESDAY, 7, 50))
    mine = ticket("policy_consultation", at(TUESDAY, 7, 55))
    early = estimate(db.session, mine, station, at(TUESDAY, 7, 56))
    assert early.hours.state == Opening.before and early.ahead == 1
    assert words(early) == "大约 10 分钟，从 08:30 起"
    with force_locale(CHINESE):
        assert "08:30" in labels.hours_note(early.hours, station)
    late = estimate(db.session, mine, station, at(TUESDAY, 18))
    assert late.minutes is None
    with force_locale(CHINESE):
        note = labels.hours_note(late.hours, station)
    assert "现在不在办公时间" in note and "周一至周五 08:30–17:30" in note


def test_the_ticket_screen_and_its_slip_show_ahead_and_wait(station, printer):
    client = station.test_client()
    for _ in range(3):
        assert take_ticket(client, "policy_consultation").status_code == 303
    page = client.get("/queue/ticket").get_data(as_text=True)
    assert "A003" in page and "您前面还有" in page and "预计等候" in page
    assert '<dd class="wait-ahead">2</dd>' in page
    mine = db.session.scalars(select(Ticket).where(Ticket.queue_label == "A003")).one()
    slip = ticket_content(db.session, mine, this_station(db.session), "http://x/s/t", MONGOLIAN)
    mongolian, chinese = slip.sides
    rows = dict(chinese.rows)
    assert rows["您前面还有"] == "2"
    assert dict(mongolian.rows)  # both sides carry it
    assert len(mongolian.rows) == len(chinese.rows) == 4
    # The image the kiosk shows is the one printed.
    assert png(client.get(_slip_png(page)).data).size[0] > 0


def _slip_png(page: str) -> str:
    import re

    return re.search(r'src="(/s/[^"]+/slip\.png)"', page)[1]
