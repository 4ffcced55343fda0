"""Every screen beyond the kiosk's walk (tests/browser/test_fit_in_chromium.py) in both
scripts, on the device it serves: the staff console at the desk (1366x900), the lobby TV
(1920x1080), the seeker's own phone (390 wide) and the hub's pages. On each: no serious or
critical axe-core violation, every target at least 48 px, nothing overflowing or overlapping
(issue 14). One server, one signed-in page per device, both languages in turn: this walk
adds seconds, not minutes, to the suite."""

import base64
import json

import pytest
from desk import DESK, PASSWORD, sign_in
from layout import assert_axe_clean, assert_tidy, assert_touch_targets
from test_moderation_in_chromium import county  # noqa: F401 (the hub, for the hub's pages)

from kiosk.extensions import db
from kiosk.models import StaffRole
from kiosk.staff.accounts import create_staff

#: The served station and this test's setup must seal and hash with the same keys.
KEYS = json.dumps({name: base64.b64encode(bytes([n]) * 32).decode()
                   for n, name in enumerate(("sealing", "lookup"), 1)})  # fmt: skip
LOCALES = ("zh_Hans_CN", "mn_Mong_CN")
TV = {"width": 1920, "height": 1080}

pytestmark = [pytest.mark.browser, pytest.mark.settings(PERSONAL_DATA_KEYS=KEYS)]


def problems_of(page, name: str, shoot) -> list[str]:
    """What a screen owes a person and does not give, found on the page as it stands."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    vertical = page.evaluate("document.documentElement.classList.contains('vertical')")
    lang = "mn" if vertical else "zh"
    shoot(page, f"screen-{lang}-{name}")
    found = []
    for check in (
        assert_axe_clean,
        assert_touch_targets,
        lambda page, name: assert_tidy(page, vertical=vertical),
    ):
        try:
            check(page, name)
        except AssertionError as problem:
            found.append(f"{lang} {name}: {problem}")
    return found


@pytest.fixture
def staffed(database) -> None:
    """A manager and a registered person (Bater, 139 1234 5678) in the served database."""
    from test_registration_service import GOOD, register

    from kiosk import create_app

    config = {"SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
              "PERSONAL_DATA_KEYS": KEYS}  # fmt: skip
    app = create_app(config, instance_path=str(database.parent / "instance"))
    with app.test_request_context():
        register(GOOD)
        create_staff(db.session, "li", "李站长", PASSWORD, StaffRole.manager)
        db.session.commit()
        db.engine.dispose()


def walk_station(browser, served: str, shoot) -> list[str]:
    """The console, the lobby and the phone in both languages; every problem found."""
    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, "li", LOCALES[0], "/staff/seekers/")
    # A person found, a visit recorded: the pages with something on them.
    desk.fill("#q", "139 1234 5678")
    desk.locator(".seeker-search button").click()
    desk.locator(".seeker-results a").first.click()
    desk.wait_for_selector(".seeker-head")
    person = desk.url
    desk.locator(".seeker-head a[href*='/staff/visits/new']").click()
    desk.wait_for_selector(".visit-form")
    visit_form = desk.url
    desk.locator("input[name=services][value=job_recommendation]").check()
    desk.locator(".match-choice").first.click()
    desk.locator(".visit-form button[type=submit]").click()
    desk.wait_for_selector(".visit-card")
    desk.goto("/staff/settings/")
    service = desk.locator(".settings-service a[href*='/staff/settings/services/']").first
    assistance = person.replace("/staff/seekers/", "/staff/assistance/seekers/")
    screens = {
        "seekers": "/staff/seekers/",
        "person": person,
        "visit-form": visit_form,
        "follow-ups": "/staff/visits/follow-ups",
        "assistance-profile": assistance,
        "assistance-form": f"{assistance}/profile",
        "assistance-requests": "/staff/assistance/requests",
        "assistance-request-form": "/staff/assistance/requests/new",
        "assistance-tasks": "/staff/assistance/tasks",
        "settings": "/staff/settings/",
        "settings-service": service.get_attribute("href"),
        "settings-hours": "/staff/settings/hours",
        "settings-printer": "/staff/settings/printer",
        "statistics": "/staff/statistics/",
        "job-admin": "/staff/jobs/",
        "job-form": "/staff/jobs/new",
        "job-import": "/staff/jobs/import",
        "sync": "/staff/sync/",
        "accounts": "/staff/accounts",
        "audit": "/staff/audit",
        "county-lookup": "/staff/county/",
    }
    # A walk-in called: the lobby shows the call.
    kiosk = browser.new_page(viewport={"width": 1080, "height": 1920}, base_url=served)
    kiosk.goto("/queue/")
    kiosk.locator(".tiles.services .tile").first.click()
    kiosk.wait_for_url("**/queue/ticket")
    kiosk.close()
    desk.goto("/staff/queue")
    desk.locator(".call-next").click()
    desk.wait_for_selector("#queue-list .state-called")
    tv = browser.new_page(viewport=TV, base_url=served)
    # The seeker's own phone: marked as one by the QR code it came from.
    phone = browser.new_page(viewport={"width": 390, "height": 844}, base_url=served,
                             is_mobile=True, has_touch=True)  # fmt: skip
    phone.goto("/?from=qr")
    found: list[str] = []
    for locale in LOCALES:
        desk.goto(f"/lang/{locale}?next=/staff/seekers/")
        for name, path in screens.items():
            desk.goto(path)
            found += problems_of(desk, name, shoot)
        tv.goto(f"/lang/{locale}?next=/lobby")
        tv.wait_for_selector(".lobby-row")
        found += problems_of(tv, f"lobby-{locale[:2]}", shoot)  # both scripts on one screen
        phone.goto(f"/lang/{locale}?next=/")
        found += problems_of(phone, "phone-home", shoot)
        phone.locator(".tiles.categories .tile").first.click()
        found += problems_of(phone, "phone-areas", shoot)
        phone.goto("/appointments/")
        found += problems_of(phone, "phone-services", shoot)
        phone.locator(".tiles.services .tile").first.click()
        found += problems_of(phone, "phone-times", shoot)
        phone.locator("a.slot").first.click()
        phone.wait_for_url("**/appointments/*/at/*")
        found += problems_of(phone, "phone-confirm", shoot)
        phone.goto("/queue/")
        found += problems_of(phone, "phone-queue", shoot)
    assert phone.evaluate("document.body.classList.contains('phone')")
    for page in (desk, tv, phone):
        page.close()
    return found


def test_the_console_lobby_and_phone_in_both_scripts(browser, staffed, served, printer, shoot):
    assert walk_station(browser, served, shoot) == []


def test_the_hub_pages_in_both_scripts(browser, request, shoot):
    server, *_ = request.getfixturevalue("county")  # a hub with a station's job
    page = browser.new_page(viewport=DESK, base_url=server.url)
    sign_in(page, "admin", LOCALES[0], "/staff/sync/")
    page.goto("/staff/moderation/")
    job = page.locator("tbody a[href*='/staff/moderation/']").first.get_attribute("href")
    screens = {
        "hub-stations": "/staff/sync/",
        "hub-moderation": "/staff/moderation/",
        "hub-moderation-job": job,
        "hub-county": "/staff/county/",
        "hub-county-targets": "/staff/county/targets",
        "hub-county-directory": "/staff/county/directory",
    }
    found: list[str] = []
    for locale in LOCALES:
        page.goto(f"/lang/{locale}?next=/staff/sync/")
        for name, path in screens.items():
            page.goto(path)
            found += problems_of(page, name, shoot)
    page.close()
    assert found == []
