"""A gig post in Chromium, in both languages: the counselor shows the station's posting code,
an employer opens it on a phone and posts (a day rate below the minimum refused with the
figure, then fixed), the counselor sends it back with a reason, the employer reads it."""

import re
from datetime import timedelta

import pytest
from desk import DESK, sign_in
from layout import assert_tidy
from sync_harness import HUB_KEYS
from test_job_admin import credit_code

from kiosk.models import local_today

pytestmark = pytest.mark.browser


def open_posting_form(browser, served, phone, counselor, locale, shoot):
    """The counselor shows the station's posting code on the desk; the employer's phone opens
    it in `locale`. Returns the desk's page."""
    desk = browser.new_context(viewport=DESK, base_url=served).new_page()
    sign_in(desk, counselor, locale, "/staff/gigs/code")
    assert desk.locator("figure.qr svg").count() == 1
    shoot(desk, f"gigs-code-{locale}")
    link = desk.locator("figure.qr .link").inner_text()
    path = re.search(r"/post/[0-9a-f]{24}", link)[0]
    phone.goto(f"/lang/{locale}?next={path}")
    phone.wait_for_url(f"**{path}")
    return desk


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_an_employer_posts_by_the_code_and_reads_the_stations_reason(
    browser, served, phone, counselor, shoot, locale
):
    vertical = locale.startswith("mn")
    desk = open_posting_form(browser, served, phone, counselor, locale, shoot)
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    phone.fill("#credit_code", credit_code(5))
    phone.fill("#employer_name", "赛罕区巴特尔装卸队")
    phone.fill("#contact_name", "巴特尔")
    phone.fill("#contact_mobile", "13947112345")
    phone.fill("#title_zh", "货场装卸工")
    phone.select_option("#category", "loading")
    phone.fill("#headcount", "3")
    phone.fill("#duties_zh", "装卸饲料袋")
    phone.fill("#requirements_zh", "男女不限，包吃住")
    phone.select_option("#region", "150105")
    phone.fill("#address_zh", "赛罕区金桥物流园3号库")
    phone.fill("#pay", "180")  # 9 hours in class 1 need 201.6
    for field in ("start_date", "end_date", "valid_until"):
        phone.fill(f"#{field}", tomorrow)
    phone.locator("form.gig-form button[type=submit]").click()
    refusal = phone.locator("#pay-problem")
    refusal.wait_for()
    assert "201.6" in refusal.inner_text()
    refusal.scroll_into_view_if_needed()
    shoot(phone, f"gigs-post-refused-{locale}")
    wide = phone.evaluate("""() => [...document.querySelectorAll('body *')].filter(e =>
        e.getBoundingClientRect().right > innerWidth + 1).slice(0, 5).map(e =>
        e.tagName + '.' + e.className + '#' + e.id + ' ' + e.getBoundingClientRect().right)""")
    assert wide == [] or vertical, wide
    assert_tidy(phone, vertical=vertical)

    phone.fill("#pay", "220")
    phone.locator("form.gig-form button[type=submit]").click()
    phone.wait_for_url("**/post/r/*")
    receipt = phone.url
    shoot(phone, f"gigs-receipt-waiting-{locale}")

    desk.goto("/staff/gigs/")
    shoot(desk, f"gigs-queue-{locale}")
    desk.locator(".gig-row a").first.click()
    desk.fill("#reason", "请写明每天的休息时间")
    desk.locator("form[action$='/reject'] button[type=submit]").click()
    desk.wait_for_url("**/staff/gigs/")

    phone.goto(receipt)
    assert "请写明每天的休息时间" in phone.locator(".gig-reason").inner_text()
    assert_tidy(phone, vertical=vertical)
    shoot(phone, f"gigs-receipt-sent-back-{locale}")
    desk.context.close()


BOARD_STATION = "150102-gig_post"


def fill_board(database) -> None:
    """Gigs of the station's banner and of a neighbour, today and later this week."""
    from station_app import make_app
    from test_gig_board import approved

    from kiosk.extensions import db

    app = make_app(database, STATION_CODE=BOARD_STATION)
    with app.app_context():
        approved(app, "新城区搬家帮工", category="moving", headcount="2", pay="260",
                 address_zh="新城区海东路12号")  # fmt: skip
        approved(app, "货场装卸工", category="loading", address_zh="新城区物流园2号库")
        approved(app, "赛罕区饲料装卸", region="150105", category="loading", pay="230",
                 title_mn="ᠲᠡᠵᠢᠭᠡᠯ ᠠᠴᠢᠶ᠎ᠠ ᠪᠠᠭᠤᠯᠭᠠᠬᠤ")  # fmt: skip
        approved(app, "夜班仓库看守", category="loading", start_time="20:00", end_time="06:00",
                 shift="overnight", pay="300", address_zh="新城区物流园6号库")  # fmt: skip
        approved(app, "周末家庭保洁", category="cleaning", starts=4, pay_unit="hour",
                 pay="30", start_time="09:00", end_time="12:00")  # fmt: skip
        db.session.remove()
        db.engine.dispose()


@pytest.mark.settings(STATION_CODE=BOARD_STATION)
@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_the_gig_board_on_the_kiosk_the_phone_and_the_wall(
    browser, served, database, kiosk, phone, shoot, locale
):
    from conftest import _context

    fill_board(database)
    vertical = locale.startswith("mn")
    phone.goto("/?from=qr")  # as after scanning any of the station's codes
    for name, page in (("kiosk", kiosk), ("phone", phone)):
        page.goto(f"/lang/{locale}?next=/gigs")
        page.wait_for_url("**/gigs")
        cards = page.locator(".gig-card")
        assert cards.count() == 5
        assert page.locator(".gig-code svg").count() == (5 if name == "kiosk" else 0)
        assert_tidy(page, vertical=vertical)
        shoot(page, f"gigs-board-{name}-{locale}")
    wall = _context(browser, served, {"width": 1920, "height": 1080}).new_page()
    wall.goto(f"/lang/{locale}?next=/gigs/wall")
    wall.wait_for_url("**/gigs/wall")
    assert wall.locator(".gig-code svg").count() == 5
    shoot(wall, f"gigs-board-wall-{locale}")
    wall.context.close()


@pytest.mark.settings(STATION_CODE=BOARD_STATION, PERSONAL_DATA_KEYS=HUB_KEYS)
@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_worker_with_no_phone_takes_a_gig_at_the_kiosk_with_the_card_reader(
    served, database, kiosk, card_service, printer, shoot, locale
):
    from station_app import make_app
    from test_gig_board import approved

    from kiosk.extensions import db

    # Sealed with the served station's keys: the slip opens the employer's mobile.
    app = make_app(database, STATION_CODE=BOARD_STATION, PERSONAL_DATA_KEYS=HUB_KEYS)
    with app.app_context():
        gig_id = approved(app, "货场装卸工", headcount="2", address_zh="新城区物流园2号库").id
        db.session.remove()
        db.engine.dispose()
    kiosk.goto(f"/lang/{locale}?next=/gigs")
    kiosk.wait_for_url("**/gigs")
    kiosk.locator(".gig-card a").first.click()
    kiosk.wait_for_url(f"**/gigs/{gig_id}")
    kiosk.locator(f"a[href='/gigs/{gig_id}/take']").click()
    kiosk.wait_for_url(f"**/gigs/{gig_id}/take")
    assert_tidy(kiosk, vertical=locale.startswith("mn"))
    shoot(kiosk, f"gigs-take-{locale}")
    kiosk.locator("button.take-card").click()
    kiosk.wait_for_url("**/s/*")
    assert card_service.asked == 1
    assert len(printer.wait_for(1)) == 1  # the gig slip, printed at the kiosk
    shoot(kiosk, f"gigs-taken-slip-{locale}")
    # The card's number is nowhere on the page: the slip shows it masked.
    assert "150102199003071237" not in kiosk.content()


@pytest.mark.settings(STATION_CODE=BOARD_STATION, PERSONAL_DATA_KEYS=HUB_KEYS)
@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_the_worker_says_not_paid_at_the_kiosk_and_the_desk_sees_the_referral(
    browser, served, database, kiosk, printer, counselor, shoot, locale
):
    from raw_printer import decode_raster
    from station_app import make_app, screenshot_path
    from test_gig_board import approved

    from kiosk.extensions import db
    from kiosk.gigs import taking
    from kiosk.models import GigPost
    from kiosk.personal_data import vault_for

    vertical = locale.startswith("mn")
    mobile = "13947110088"
    # A gig the worker took, whose last day was yesterday (sealed with the served keys).
    app = make_app(database, STATION_CODE=BOARD_STATION, PERSONAL_DATA_KEYS=HUB_KEYS)
    with app.app_context():
        gig_id = approved(app, "货场装卸工", headcount="2", address_zh="新城区物流园2号库").id
        today = local_today()
        worker = taking.worker_of(mobile, vault_for(app), today=today)
        taking.take(db.session, gig_id, worker, today=today, station_code=BOARD_STATION)
        other = taking.worker_of("13947110099", vault_for(app), today=today)
        taking.take(db.session, gig_id, other, today=today, station_code=BOARD_STATION)
        post = db.session.get(GigPost, gig_id)
        post.start_date = post.end_date = post.valid_until = today - timedelta(days=1)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()

    kiosk.goto(f"/lang/{locale}?next=/gigs")
    kiosk.wait_for_url("**/gigs")
    kiosk.locator("a.gig-paid-link").click()
    kiosk.wait_for_url("**/gigs/paid")
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"gigs-paid-who-{locale}")
    from test_keys_in_chromium import keys, tap

    tap(kiosk, "#worker")  # the worker has no phone here: the mobile on the on-screen keys
    keys(kiosk, "id", mobile)
    shoot(kiosk, f"gigs-paid-keys-{locale}")
    tap(kiosk, ".keys-done")
    assert kiosk.locator("#worker").input_value() == mobile
    kiosk.locator("form.take-form button[type=submit]").click()
    kiosk.locator(".gig-paid").wait_for()
    assert "货场装卸工" in kiosk.locator(".gig-paid").inner_text()
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"gigs-paid-asked-{locale}")
    kiosk.locator("button.paid-no").click()
    kiosk.wait_for_url("**/gigs/paid/referred")
    number = kiosk.locator(".gig-referral-number").inner_text().strip()
    assert re.fullmatch(r"WQ\d{12}", number)
    assert "12333" in kiosk.locator(".gig-inspection").inner_text()  # the default contact
    assert mobile not in kiosk.content()
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"gigs-paid-referred-{locale}")
    slip = decode_raster(printer.wait_for(1)[0])  # the referral slip, printed for the worker
    slip.save(screenshot_path(f"gigs-referral-slip-{locale}.png"))
    assert slip.height > 400

    desk = browser.new_context(viewport=DESK, base_url=served).new_page()
    sign_in(desk, counselor, locale, "/staff/gigs/referrals")
    assert number in desk.locator(".gig-referrals").inner_text()
    assert_tidy(desk, vertical=vertical)
    shoot(desk, f"gigs-referrals-{locale}")
    desk.locator(".gig-referrals a").first.click()
    desk.wait_for_url("**/staff/gigs/referrals/*")
    referral_url = desk.url
    assert "12333" in desk.locator(".gig-inspection").inner_text()
    assert_tidy(desk, vertical=vertical)
    shoot(desk, f"gigs-referral-{locale}")
    desk.goto("/staff/gigs/")
    assert desk.locator("[data-figure=referrals_open] .num").inner_text().strip() in ("1", "᠑")
    # Closed from its page: no outcome chosen is refused beside the field, then closed once.
    desk.goto(referral_url)
    close = desk.locator("form.gig-referral-close")
    close.locator("button[type=submit]").click()
    desk.locator("#outcome-problem").wait_for()
    assert_tidy(desk, vertical=vertical)
    close.evaluate("e => e.scrollIntoView({block: 'center', inline: 'center'})")
    shoot(desk, f"gigs-referral-close-refused-{locale}")
    close.locator("label.choice", has=desk.locator("input[value=paid_after_referral]")).click()
    desk.fill("#outcome_note", "用人单位已补发工资")
    close.locator("button[type=submit]").click()
    desk.locator(".gig-referral-outcome").wait_for()
    assert "用人单位已补发工资" in desk.locator(".gig-referral-note").inner_text()
    assert desk.locator("form.gig-referral-close").count() == 0
    assert_tidy(desk, vertical=vertical)
    desk.locator(".gig-referral-outcome").evaluate(
        "e => e.scrollIntoView({block: 'center', inline: 'center'})"
    )
    shoot(desk, f"gigs-referral-closed-{locale}")
    desk.goto("/staff/gigs/")
    assert desk.locator("[data-figure=referrals_open] .num").inner_text().strip() in ("0", "᠐")
    shoot(desk, f"gigs-queue-figures-{locale}")
    desk.goto(f"/staff/gigs/{gig_id}")
    desk.locator(".gig-checkin").evaluate("e => e.scrollIntoView({block: 'center'})")
    assert desk.locator(".gig-takes .paid-no").count() == 1  # the other worker is still asked
    shoot(desk, f"gigs-review-outcomes-{locale}")
    desk.goto("/staff/visits/follow-ups")
    listed = desk.locator(".gig-paid-list")
    assert "139****0099" in listed.inner_text() and "139****0088" not in listed.inner_text()
    listed.evaluate("e => e.scrollIntoView({block: 'center'})")
    assert_tidy(desk, vertical=vertical)
    shoot(desk, f"gigs-follow-ups-{locale}")
    desk.context.close()
