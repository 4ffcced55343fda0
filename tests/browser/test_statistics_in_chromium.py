"""Statistics in real Chromium at the desk (1366×900): the month, a day, the Excel file."""

from datetime import timedelta

import pytest
from desk import DESK, PASSWORD, sign_in
from layout import assert_tidy
from openpyxl import load_workbook
from station_app import screenshot_path
from test_statistics import appointments, beijing, seeker, service, tickets, visit

from kiosk import create_app
from kiosk.extensions import db
from kiosk.models import (
    AppointmentStatus,
    Difficulty,
    KeyGroup,
    StaffRole,
    TicketStatus,
    local_today,
)
from kiosk.staff.accounts import create_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def busy_month(database, tmp_path):
    """This month with people on most of its days so far, and a station manager."""
    app = create_app({"SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"},
                     instance_path=str(tmp_path / "seed"))  # fmt: skip
    today = local_today()
    with app.app_context():
        create_staff(db.session, "li", "李站长", PASSWORD, StaffRole.manager)
        groups, difficulties = list(KeyGroup), [*Difficulty, None, None, None]
        for n in range(today.day):
            day = today.replace(day=n + 1)
            for k in range(n % 4 + 1):
                person = seeker(beijing(day, 9 + k), [groups[(n + k) % 5]],
                                difficulties[(n * 3 + k) % 9])  # fmt: skip
                db.session.flush()
                visit(day, person, ["jobs_recommended"] + (["hired"] if k == 2 else []), jobs=k)
        S, T = AppointmentStatus, TicketStatus
        for code, statuses in (
            ("policy_consultation", (S.served, S.served, S.no_show, S.cancelled, S.booked)),
            ("job_recommendation", (S.served, S.served, S.served, S.no_show)),
            ("skills_training", (S.served, S.cancelled)),
        ):
            appointments(service(code), beijing(today, 10), *statuses)
        tickets(service("internship"), today, T.served, T.served, T.no_show)
        tickets(service("policy_consultation"), today - timedelta(days=today.day > 1), T.served)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return today


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_the_month_a_day_and_the_excel_file(browser, busy_month, served, shoot, tmp_path, locale):
    lang = locale[:2]
    context = browser.new_context(viewport=DESK, base_url=served, accept_downloads=True)
    desk = context.new_page()
    sign_in(desk, "li", locale, "/staff/statistics/")
    assert desk.locator('[data-figure="visits"]').inner_text() == str(
        sum(n % 4 + 1 for n in range(busy_month.day))
    )
    assert desk.locator("figure.chart svg rect").count() > 10
    shoot(desk, f"statistics-{lang}-month")
    # The whole page too: the tables and charts lie beyond the first screen.
    desk.screenshot(path=str(screenshot_path(f"statistics-{lang}-month-full.png")),
                    full_page=True)  # fmt: skip
    assert_tidy(desk, vertical=lang == "mn")
    if lang == "mn":  # the tables turn with the text: a service is a column, read downwards
        box = desk.locator("#appointments tbody tr").first.bounding_box()
        assert box["height"] > box["width"]
        # A column of the table is read without scrolling (the page's bands scroll down).
        assert box["height"] <= DESK["height"]
    else:
        assert desk.evaluate("document.documentElement.scrollWidth") <= DESK["width"]

    desk.locator(".period-kinds a").first.click()  # Day
    desk.wait_for_url("**period=day**")
    assert desk.locator(".period-kinds a[aria-current]").count() == 1
    shoot(desk, f"statistics-{lang}-day")
    assert_tidy(desk, vertical=lang == "mn")

    with desk.expect_download() as download:
        desk.locator("a.export").click()
    path = tmp_path / "statistics.xlsx"
    download.value.save_as(path)
    assert download.value.suggested_filename.startswith("statistics-DEMO-")
    book = load_workbook(path)
    assert len(book.sheetnames) == 6
    assert book.worksheets[0].cell(row=2, column=2).value.endswith("(DEMO)")
    context.close()
