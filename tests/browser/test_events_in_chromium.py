"""Fairs, caravan days and live streams in Chromium, in both scripts: what is on near me on the
kiosk (1080×1920) and the phone (390), signing up for a code, the fair's scanning page at the
desk (1366×900), and the hub's event page with its booths and outcome."""

from datetime import datetime, timedelta
from urllib.parse import urlencode

import pytest
from desk import DESK, PASSWORD, sign_in
from layout import (
    assert_axe_clean,
    assert_tidy,
    assert_touch_targets,
    assert_vertical_mongolian_in_webfont,
)
from playwright.sync_api import expect
from station_app import GunicornApp, make_app
from sync_harness import HUB_KEYS, hub_config
from test_events_more import forged

from kiosk.demo import seed_demo
from kiosk.events.service import (
    EventForm,
    NoShowRule,
    book_booth,
    booth_code,
    booths_of,
    cancel_event,
    move_event,
    outcome,
    save_event,
)
from kiosk.extensions import db
from kiosk.models import BEIJING, Event, Job, StaffRole, Station, local_today, utcnow
from kiosk.staff.accounts import create_staff

pytestmark = pytest.mark.browser
LOCALES = ["zh_Hans_CN", "mn_Mong_CN"]


def _publish(region: str) -> list[Event]:
    """A fair with two booths in this station's banner, a caravan day, a live stream."""
    start = datetime.now(BEIJING) + timedelta(days=2)
    day = f"{start:%Y-%m-%d}"
    today = local_today()
    jobs = [job for job in db.session.scalars(db.select(Job)).unique() if job.is_open(today)]
    by_employer = list({job.employer_id: job for job in jobs}.values())
    made = []
    for kind, title_zh, title_mn, extra in (
        ("fair", "集市小而专招聘会", "ᠵᠢᠰᠢ ᠶᠢᠨ ᠠᠵᠢᠯ ᠤᠨ ᠶᠠᠷᠮᠠᠭ", {}),
        ("caravan", "就业大篷车进嘎查", "ᠶᠠᠪᠤᠳᠠᠯ ᠤᠨ ᠦᠢᠯᠡᠴᠢᠯᠭᠡ ᠭᠠᠴᠠᠭ᠎ᠠ ᠳᠤ",
         {"services_zh": "政策咨询\n求职登记\n技能培训报名",
          "services_mn": "ᠪᠣᠳᠯᠣᠭ᠎ᠠ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠭᠡ\nᠳᠠᠩᠰᠠᠯᠠᠯᠲᠠ"}),
        ("stream", "直播带岗：乳业专场", "ᠱᠤᠤᠳ ᠨᠡᠪᠲᠡᠷᠡᠭᠦᠯᠭᠡ᠄ ᠰᠦᠦ ᠶᠢᠨ ᠠᠵᠤ ᠠᠬᠤᠢ",
         {"channel_zh": "抖音 @锡林郭勒就业", "channel_mn": "ᠳ᠋ᠤᠶᠢᠨ",
          "featured_job_ids": [str(job.id) for job in by_employer[2:5]]}),
    ):  # fmt: skip
        form = EventForm(
            kind=kind, title_zh=title_zh, title_mn=title_mn, place_zh="镶黄旗新宝拉格镇集市",
            place_mn="ᠰᠢᠨ᠎ᠡ ᠪᠣᠯᠠᠭ ᠪᠠᠯᠭᠠᠰᠤ", region_code=region, starts_at=f"{day} 09:00",
            ends_at=f"{day} 15:30", **extra,
        )  # fmt: skip
        made.append(save_event(db.session, form, "HUB", today))
    db.session.flush()
    for job in by_employer[:2]:
        book_booth(db.session, made[0], str(job.employer_id), [str(job.id)], "county", utcnow(),
                   NoShowRule())  # fmt: skip
    db.session.commit()
    return made


def _region_here(app) -> str:
    return db.session.scalars(
        db.select(Station.region_code).where(Station.code == app.config["STATION_CODE"])
    ).one()


@pytest.fixture
def events(database):
    """Events in the station's database, as its pull from the hub leaves them."""
    app = make_app(database)
    with app.app_context():
        codes = [event.code for event in _publish(_region_here(app))]
        db.session.remove()
    return codes


@pytest.mark.parametrize("locale", LOCALES)
def test_what_is_on_near_me_on_the_kiosk_and_signing_up(events, kiosk, shoot, locale):
    lang = locale[:2]
    kiosk.goto(f"/lang/{locale}?next=/events/")
    cards = kiosk.locator(".event-card")
    assert cards.count() == 3
    assert kiosk.locator(".event-card svg").count() == 3  # a QR code each
    # Each picture before the checks on it: a screen that fails them is kept to look at.
    shoot(kiosk, f"events-{lang}-1-kiosk-list")
    assert_tidy(kiosk, vertical=lang == "mn")  # each card whole, none over another (issue 19)
    if lang == "mn":
        assert_vertical_mongolian_in_webfont(kiosk, "h1")
        assert "ᠪᠣᠳᠯᠣᠭ᠎ᠠ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠭᠡ" in kiosk.content()
    else:
        assert "技能培训报名" in kiosk.content()
    kiosk.goto(f"/events/{events[0]}")
    assert kiosk.locator(".event-booths .outlet-card").count() == 2
    shoot(kiosk, f"events-{lang}-2-kiosk-fair")
    assert_tidy(kiosk, vertical=lang == "mn")
    kiosk.locator(".event-signup button").click()
    code = kiosk.locator(".ticket-code").inner_text()
    assert code.startswith(events[0] + "-") and len(code) == 14
    shoot(kiosk, f"events-{lang}-3-kiosk-code")
    assert_tidy(kiosk, vertical=lang == "mn")
    kiosk.goto(f"/events/{events[2]}")
    assert kiosk.locator(".event-featured li").count() == 3
    shoot(kiosk, f"events-{lang}-4-kiosk-stream")
    assert_tidy(kiosk, vertical=lang == "mn")


@pytest.mark.parametrize("locale", LOCALES)
def test_what_is_on_near_me_on_a_phone(events, phone, shoot, locale):
    lang = locale[:2]
    # The list on a phone's narrow bands, each card with its QR code under its words.
    phone.goto(f"/lang/{locale}?next=/events/")
    assert phone.locator(".event-card svg").count() == 3
    shoot(phone, f"events-{lang}-5-phone-list")
    assert_tidy(phone, vertical=lang == "mn")
    phone.goto(f"/events/{events[0]}")  # its booths' cards inside one box
    shoot(phone, f"events-{lang}-5-phone-fair")
    assert_tidy(phone, vertical=lang == "mn")
    phone.goto(f"/events/{events[1]}")
    shoot(phone, f"events-{lang}-5-phone-caravan")
    assert_tidy(phone, vertical=lang == "mn")
    phone.locator(".event-signup button").click()
    assert phone.locator(".ticket-code").inner_text().startswith(events[1] + "-")
    shoot(phone, f"events-{lang}-6-phone-code")
    assert_tidy(phone, vertical=lang == "mn")


@pytest.mark.parametrize("locale", LOCALES)
def test_scanning_at_the_fair_at_the_desk(events, browser, served, counselor, shoot, locale):
    lang = locale[:2]
    page = browser.new_page(viewport=DESK, base_url=served)
    page.goto(f"/events/{events[0]}")
    page.locator(".event-signup button").click()
    code = page.locator(".ticket-code").inner_text()
    page.goto(f"/events/{events[1]}")
    page.locator(".event-signup button").click()
    other = page.locator(".ticket-code").inner_text()
    sign_in(page, counselor, locale, f"/staff/fair/{events[0]}/scan")
    page.fill("#device", "north gate")
    page.fill("#code", code)
    page.locator(".scan-form button").click()
    assert page.locator('[data-figure="visits"]').inner_text() == "1"
    page.fill("#code", other)
    page.locator(".scan-form button").click()
    answer = page.locator(".scan-answer").inner_text()
    assert answer == ("这是另一场活动的码，未计入。" if lang == "zh" else
                      "ᠡᠨᠡ ᠪᠣᠯ ᠥᠭᠡᠷ᠎ᠡ ᠦᠢᠯᠡ ᠠᠵᠢᠯᠯᠠᠭ᠎ᠠ ᠶᠢᠨ ᠺᠣᠳ᠋᠂ ᠲᠣᠭᠠᠯᠠᠭᠰᠠᠨ ᠦᠭᠡᠢ᠃")  # fmt: skip
    assert page.locator('[data-figure="visits"]').inner_text() == "1"
    assert_tidy(page, vertical=lang == "mn")
    shoot(page, f"events-{lang}-7-desk-scan")
    page.close()


@pytest.fixture
def hub_url(postgres_url, tmp_path):
    hub = make_app(tmp_path / "unused.sqlite", **hub_config(postgres_url))
    with hub.app_context():
        seed_demo(30, seed=19, station_code="HUB")
        create_staff(db.session, "admin", "赵主任", PASSWORD, StaffRole.manager)
        db.session.commit()
        codes = [event.code for event in _publish("150102")]
        db.session.remove()
    server = GunicornApp(
        tmp_path / "hub.log", ROLE="hub", DATABASE_URL=postgres_url, PERSONAL_DATA_KEYS=HUB_KEYS
    )
    server.start()
    yield server.url, codes
    server.stop()
    with hub.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_hub_s_event_pages(browser, hub_url, shoot, locale):
    lang = locale[:2]
    url, codes = hub_url
    page = browser.new_page(viewport=DESK, base_url=url)
    sign_in(page, "admin", locale, f"/staff/events/{codes[0]}")
    assert page.locator(".booth-table tbody tr").count() == 2
    assert page.locator('[data-figure="employers_booked"]').inner_text() == "2"
    assert_tidy(page, vertical=lang == "mn")
    shoot(page, f"events-{lang}-8-hub-fair")
    # Moving it to end before it starts: refused beside the field, nothing changed.
    page.fill(".move-form #starts_at", "2026-12-24 18:00")
    page.fill(".move-form #ends_at", "2026-12-24 17:00")
    page.locator(".move-form button").click()
    assert page.locator(".move-form #ends_at-problem").inner_text() == (
        "结束时间须晚于开始时间。" if lang == "zh" else
        "ᠳᠠᠭᠤᠰᠬᠤ ᠴᠠᠭ ᠡᠬᠢᠯᠡᠬᠦ ᠴᠠᠭ ᠠᠴᠠ ᠬᠣᠢᠨ᠎ᠠ ᠪᠠᠢᠬᠤ ᠬᠡᠷᠡᠭᠲᠡᠢ᠃"
    )  # fmt: skip
    assert_tidy(page, vertical=lang == "mn")
    page.locator(".move-form").scroll_into_view_if_needed()
    shoot(page, f"events-{lang}-15-hub-move-refused")
    # The events page: each event with what bureaus report for it.
    page.goto("/staff/events/")
    row = page.locator(f'tr[data-event="{codes[0]}"]')
    assert row.locator('[data-figure="visits"]').inner_text() == "0"
    assert_tidy(page, vertical=lang == "mn")
    assert_axe_clean(page, "hub events")
    shoot(page, f"events-{lang}-16-hub-index")
    page.goto("/staff/events/new")
    page.fill("#title_zh", "夜市招聘会")
    page.fill("#starts_at", "2026-12-24 18:00")
    page.fill("#ends_at", "2026-12-24 17:00")
    page.locator(".event-form button[type=submit]").click()
    expect(page.locator("#ends_at-problem")).to_be_visible()
    assert_tidy(page, vertical=lang == "mn")
    shoot(page, f"events-{lang}-9-hub-refused")
    page.close()


@pytest.fixture
def fair_on(database):
    """The fair on now (its booths' codes), and the caravan day and stream as published."""
    app = make_app(database)
    with app.app_context():
        made = _publish(_region_here(app))
        fair = made[0]
        fair.starts_at, fair.ends_at = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=5)
        db.session.commit()
        codes = [booth_code(fair, booth) for booth in booths_of(db.session, fair)]
        found = [event.code for event in made], codes
        db.session.remove()
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_an_employer_checks_in_on_its_phone_from_the_booth_s_card(
    fair_on, database, browser, served, counselor, phone, shoot, locale
):
    lang = locale[:2]
    (fair, *_rest), codes = fair_on
    # At the desk: the booths' cards to print, a QR code and the code under it each.
    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, counselor, locale, f"/staff/fair/{fair}/booths")
    assert desk.locator(".booth-card svg").count() == 2
    assert desk.locator(".booth-code").all_inner_texts() == codes
    assert_tidy(desk, vertical=lang == "mn")
    assert_axe_clean(desk, "booth cards")
    shoot(desk, f"events-{lang}-10-desk-booth-cards")
    desk.close()
    # The employer's phone opens what the card's QR code holds.
    phone.goto(
        f"/lang/{locale}?" + urlencode({"next": f"/events/{fair}/check-in/{codes[0]}?from=qr"})
    )
    assert (
        phone.locator(".check-in-booth h2")
        .inner_text()
        .startswith("1 号展位" if lang == "zh" else "1 ᠳᠤᠭᠠᠷ ᠲᠠᠯᠠᠪᠠᠢ")
    )
    assert_tidy(phone, vertical=lang == "mn")
    assert_axe_clean(phone, "check-in")
    assert_touch_targets(phone, "check-in")
    shoot(phone, f"events-{lang}-11-phone-check-in")
    phone.locator(".check-in-form button").click()
    assert phone.locator(".check-in-answer").inner_text() == (
        "已签到：本展位计为到会。" if lang == "zh" else
        "ᠢᠷᠡᠭᠰᠡᠨ ᠢ ᠪᠦᠷᠢᠳᠬᠡᠪᠡ᠄ ᠲᠠᠨ ᠤ ᠲᠠᠯᠠᠪᠠᠢ ᠢᠷᠡᠭᠰᠡᠨ ᠳᠤ ᠲᠣᠭᠠᠯᠠᠭᠳᠠᠨ᠎ᠠ᠃"
    )  # fmt: skip
    assert_tidy(phone, vertical=lang == "mn")
    if lang == "mn":
        assert_vertical_mongolian_in_webfont(phone, "h1")
    shoot(phone, f"events-{lang}-12-phone-checked-in")
    # A made-up code, typed: refused beside the field, nothing counted.
    phone.goto(f"/events/{fair}/check-in")
    phone.fill("#booth_code", forged(codes[1]))
    phone.locator(".check-in-form button").click()
    assert phone.locator("#booth_code-problem").inner_text() == (
        "这不是本场招聘会的展位码，未计入。" if lang == "zh" else
        "ᠡᠨᠡ ᠪᠣᠯ ᠡᠨᠡ ᠶᠠᠷᠮᠠᠭ ᠤᠨ ᠲᠠᠯᠠᠪᠠᠢ ᠶᠢᠨ ᠺᠣᠳ᠋ ᠪᠢᠰᠢ᠂ ᠲᠣᠭᠠᠯᠠᠭᠰᠠᠨ ᠦᠭᠡᠢ᠃"
    )  # fmt: skip
    assert_tidy(phone, vertical=lang == "mn")
    assert_axe_clean(phone, "check-in refused")
    assert_touch_targets(phone, "check-in refused")
    shoot(phone, f"events-{lang}-13-phone-check-in-refused")
    # The desk's count: one employer attending, the other booth not.
    app = make_app(database)
    with app.app_context():
        event = db.session.scalars(db.select(Event).where(Event.code == fair)).one()
        assert outcome(db.session, event, local_today()).employers_attending == 1
        db.session.remove()


@pytest.mark.parametrize("locale", LOCALES)
def test_a_moved_and_a_cancelled_event_on_the_phone_of_who_signed_up(
    events, database, phone, shoot, locale
):
    lang = locale[:2]
    # Opened from an event's QR code: the phone is the person's own and keeps its session.
    phone.goto(f"/lang/{locale}?" + urlencode({"next": f"/events/{events[0]}?from=qr"}))
    for code in events[:2]:
        phone.goto(f"/events/{code}")
        phone.locator(".event-signup button").click()
        assert phone.locator(".ticket-code").inner_text().startswith(code + "-")  # waits for it
    app = make_app(database)
    with app.app_context():
        fair, caravan = (
            db.session.scalars(db.select(Event).where(Event.code == code)).one()
            for code in events[:2]
        )
        later = fair.starts_at + timedelta(days=1)
        move_event(fair, f"{later.astimezone(BEIJING):%Y-%m-%d} 14:00",
                   f"{later.astimezone(BEIJING):%Y-%m-%d} 18:00", utcnow())  # fmt: skip
        cancel_event(caravan, utcnow())
        db.session.commit()
        db.session.remove()
    phone.goto("/events/")
    assert phone.locator(".event-mine").count() == 2
    assert phone.locator('[data-change="moved"]').count() == 1
    assert phone.locator('[data-change="cancelled"]').count() == 1
    for change in ("cancelled", "moved"):
        phone.locator(f'[data-change="{change}"]').scroll_into_view_if_needed()
        shoot(phone, f"events-{lang}-14-phone-{change}")
    assert_tidy(phone, vertical=lang == "mn")
    assert_axe_clean(phone, "moved and cancelled")
