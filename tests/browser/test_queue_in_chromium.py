"""The queue as people meet it in Chromium: a wrong check-in code at the desk, the lobby TV."""

from datetime import datetime, time, timedelta

import pytest
from desk import DESK, sign_in
from layout import assert_tidy
from playwright.sync_api import expect
from sqlalchemy import select
from station_app import make_app, screenshot_path

from kiosk.domain.stations import this_station
from kiosk.extensions import db
from kiosk.models import BEIJING, ServiceItem, TicketStatus, utcnow
from kiosk.queue.numbers import issue_ticket

pytestmark = pytest.mark.browser

TV = {"width": 1920, "height": 1080}

UNKNOWN = {
    "zh": "没有哪个预约或排队号是这个代码。",
    "mn": "ᠡᠨᠡ ᠺᠣᠳ᠋ ᠲᠠᠢ ᠴᠠᠭ ᠲᠣᠭᠲᠠᠭᠠᠯᠲᠠ ᠪᠤᠶᠤ ᠳ᠋ᠤᠭᠠᠷ ᠦᠭᠡᠢ᠃",
}


def take_ticket(kiosk) -> str:
    """A walk-in's number at the kiosk; returns the slip's code the desk can type."""
    kiosk.goto("/queue/")
    kiosk.locator(".tiles.services .tile").first.click()
    kiosk.wait_for_url("**/queue/ticket")
    return kiosk.locator(".slip form").get_attribute("action").split("/")[2]


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_wrong_check_in_code_says_so_and_clears_the_last_check_in(
    browser, served, counselor, shoot, locale
):
    lang = locale[:2]
    kiosk = browser.new_page(viewport={"width": 1080, "height": 1920}, base_url=served)
    token = take_ticket(kiosk)
    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, counselor, locale, "/staff/queue")

    desk.keyboard.type(f"{served}/s/{token}")
    desk.keyboard.press("Enter")
    desk.wait_for_selector("#queue-list .print-status")

    desk.keyboard.type("ZZZZ9ZZZZ9")  # ten characters, like a code, but nobody's
    desk.keyboard.press("Enter")
    notice = desk.locator("#queue-list .notice[role=alert]")
    notice.wait_for()
    assert notice.inner_text().strip() == UNKNOWN[lang]
    assert desk.locator("#queue-list .print-status").count() == 0, "the old success must go"
    assert desk.locator("#scan").input_value() == ""
    assert desk.evaluate("document.activeElement.id") == "scan"
    shoot(desk, f"queue-{lang}-desk-wrong-code")  # with the warning: QR codes lead to 127.0.0.1
    assert desk.locator(".reach-warning").count() == 1
    for page in (kiosk, desk):
        page.close()


def set_hours(database, days: str, opens: time = time(0, 0), closes: time = time(23, 59)) -> None:
    """The station's opening days and hours, written into the served database."""
    app = make_app(database)
    with app.app_context():
        station = this_station(db.session)
        station.open_days, station.opens_at, station.closes_at = days, opens, closes
        db.session.commit()
        db.engine.dispose()


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_the_ticket_says_how_many_are_ahead_and_how_long(kiosk, printer, database, shoot, locale):
    lang = locale[:2]
    today = str(datetime.now(BEIJING).isoweekday())
    set_hours(database, "".join(d for d in "1234567" if d != today))  # closed today
    kiosk.goto(f"/lang/{locale}?next=/queue/")
    expect(kiosk.locator(".hours-note")).to_be_visible()  # said before a number is taken
    shoot(kiosk, f"queue-{lang}-services-closed")
    take_ticket(kiosk)
    expect(kiosk.locator(".hours-note")).to_be_visible()  # and on the ticket
    shoot(kiosk, f"queue-{lang}-ticket-closed")

    set_hours(database, "1234567")  # open all day: the number taken while closed waits too
    token = take_ticket(kiosk)
    assert kiosk.locator(".wait-ahead").inner_text() == "1"
    about = {"zh": "大约 10 分钟", "mn": "ᠣᠢᠷᠠᠯᠴᠠᠭ᠎ᠠ 10 ᠮᠢᠨᠦ᠋ᠲ"}[lang]
    assert kiosk.locator(".wait-time").inner_text() == about  # no visit today yet: a default
    assert kiosk.locator(".hours-note").count() == 0
    shoot(kiosk, f"queue-{lang}-ticket-wait")
    slip = kiosk.request.get(f"/s/{token}/slip.png")
    assert slip.ok
    screenshot_path(f"queue-{lang}-ticket-slip.png").write_bytes(slip.body())


LOBBY_SIZES = """() => {
  const px = (s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);
  const box = (e) => e.getBoundingClientRect();
  const rows = [...document.querySelectorAll('.lobby-row')].map(box);
  const mn = [...document.querySelectorAll('.lobby-row .lobby-mn')];
  return {zh: px('.lobby-row .lobby-zh strong'), mn: px('.lobby-row .lobby-mn strong'),
          number: px('.lobby-row .lobby-number'),
          covered: rows.reduce((a, r) => a + r.width * r.height, 0) / (innerWidth * innerHeight),
          bottom: Math.max(...rows.map(r => r.bottom)), height: innerHeight,
          mnRight: Math.max(...mn.map(e => box(e).right - box(e.closest('.lobby-row')).right))};
}"""


def call(database, code: str, counter: str, minutes_ago: int) -> str:
    """A walk-in called to `counter` some minutes ago, written into the served database."""
    app = make_app(database)
    with app.app_context():
        service = db.session.scalars(select(ServiceItem).where(ServiceItem.code == code)).one()
        ticket = issue_ticket(db.session, service, origin="T")
        ticket.status, ticket.counter = TicketStatus.called, counter
        ticket.called_at = utcnow() - timedelta(minutes=minutes_ago)
        db.session.commit()
        label = ticket.queue_label
        db.engine.dispose()
    return label


def test_the_lobby_tv_shows_the_calls_large_in_both_scripts_and_chimes(
    browser, served, database, shoot
):
    tv = browser.new_page(viewport=TV, base_url=served)
    tv.goto("/lobby")
    shoot(tv, "lobby-empty")
    assert tv.locator(".lobby-empty").count() == 1
    assert_tidy(tv, vertical=False)

    labels = [
        call(database, "policy_consultation", "1", 30),
        call(database, "job_seeker_registration", "2", 20),
        call(database, "policy_consultation", "1", 10),
        call(database, "unemployment_registration", "3", 5),
        call(database, "career_guidance", "2", 2),
    ]
    tv.goto("/lobby")
    numbers = tv.locator(".lobby-row .lobby-number")
    assert numbers.all_inner_texts() == [labels[2], labels[4], labels[3]]  # by counter
    assert tv.locator(".lobby-row.newest .lobby-number").inner_text() == labels[4]
    assert tv.locator(".lobby-past-number").all_inner_texts() == [labels[1], labels[0]]
    assert tv.locator(".lobby-clock").inner_text().count(":") == 1
    shoot(tv, "lobby-calls")
    assert_tidy(tv, vertical=False)

    sizes = tv.evaluate(LOBBY_SIZES)
    assert sizes["zh"] >= 48 and 0.8 <= sizes["mn"] / sizes["zh"] <= 1.25, sizes
    assert sizes["number"] >= 150, sizes
    assert sizes["covered"] >= 0.5, sizes  # the calls fill the screen, not one strip
    assert sizes["bottom"] <= sizes["height"] and sizes["mnRight"] <= 0, sizes

    # A new call: the board refreshes by itself within 3 seconds and chimes once.
    newest = call(database, "internship", "3", 0)
    expect(tv.locator(".lobby-row.newest .lobby-number")).to_have_text(newest, timeout=8000)
    expect(tv.locator("html")).to_have_attribute("data-chimes", "1")
    tv.wait_for_timeout(3500)  # the next refresh brings nothing new: no second chime
    expect(tv.locator("html")).to_have_attribute("data-chimes", "1")
    tv.close()
