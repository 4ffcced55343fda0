"""Statistics for the county: the figures counted in SQL, the page, the Excel file, the guard."""

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask_migrate import upgrade
from openpyxl import load_workbook
from sqlalchemy import select
from test_staff import get, sign_in, signed_in, staff_member

from kiosk import create_app
from kiosk.demo import seed_demo
from kiosk.extensions import db
from kiosk.models import (
    BEIJING,
    Appointment,
    AppointmentStatus,
    AuditEntry,
    Difficulty,
    KeyGroup,
    Seeker,
    ServiceItem,
    ServiceRecord,
    Slot,
    StaffRole,
    Ticket,
    TicketStatus,
    new_id,
)
from kiosk.statistics.figures import station_figures
from kiosk.statistics.periods import Period, PeriodKind, PeriodProblem, choose_period

STATION = "DEMO"
EVIL = "=cmd|' /C calc'!A0"
MARCH = Period.containing(PeriodKind.month, date(2026, 3, 1))
#: Monday 30 March to Sunday 5 April 2026: the week crosses the month.
WEEK_14 = Period.containing(PeriodKind.week, date(2026, 4, 2))
APRIL_FIRST = Period.containing(PeriodKind.day, date(2026, 4, 1))


def beijing(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING).astimezone(UTC)


def service(code: str) -> ServiceItem:
    return db.session.scalars(
        select(ServiceItem).where(ServiceItem.station_code == STATION, ServiceItem.code == code)
    ).one()


_serial = iter(range(10_000))


def seeker(created_at: datetime, key_groups=(), difficulty=None, origin=STATION) -> Seeker:
    n = next(_serial)
    person = Seeker(
        origin=origin, created_at=created_at, registration_no=f"T{n:06d}", name_zh="测试",
        id_number_sealed=b"x", id_number_hash=f"id{n}", id_number_masked="150102********0000",
        gender="female", birth_date=date(1990, 1, 1), mobile_sealed=b"x", mobile_hash=f"m{n}",
        mobile_masked="139****0000", education="college", residence_region_code="150102",
        employment_status="unemployed", key_groups=list(key_groups), difficulty=difficulty,
        consented_at=created_at, consent_version="1",
    )  # fmt: skip
    db.session.add(person)
    return person


def visit(day: date, person: Seeker | None, outcomes=(), jobs=0, done=False, origin=STATION):
    db.session.add(
        ServiceRecord(
            origin=origin, visited_on=day, seeker_id=person.id if person else None,
            served_by="wang", services=["policy_consultation"], outcomes=list(outcomes),
            recommended_job_ids=[str(new_id()) for _ in range(jobs)],
            follow_up_on=day + timedelta(days=7) if "follow_up" in outcomes else None,
            follow_up_done_at=beijing(day + timedelta(days=3), 10) if done else None,
        )
    )  # fmt: skip


def appointments(item: ServiceItem, starts_at: datetime, *statuses: AppointmentStatus) -> None:
    slot = Slot(id=new_id(), service_id=item.id, starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=30), capacity=len(statuses))  # fmt: skip
    db.session.add(slot)
    for status in statuses:
        n = next(_serial)
        db.session.add(
            Appointment(
                origin=STATION, slot_id=slot.id, service_id=item.id, mobile_sealed=b"x",
                mobile_hash=f"a{n}", mobile_masked="139****0000", code=f"C{n:09d}",
                queue_label=f"{item.queue_letter}{n:03d}", status=status,
            )
        )  # fmt: skip


def tickets(item: ServiceItem, day: date, *statuses: TicketStatus) -> None:
    for status in statuses:
        n = next(_serial)
        db.session.add(
            Ticket(
                origin=STATION,
                service_id=item.id,
                day=day,
                code=f"K{n:09d}",
                queue_label=f"{item.queue_letter}{n:03d}",
                status=status,
            )
        )


def build_known_month() -> None:
    """A March and the week that carries it into April, with people at 23:30 and 00:30."""
    evil = ServiceItem(origin=STATION, station_code=STATION, code="evil", queue_letter="Z",
                       name_zh=EVIL, name_mn=EVIL, sort=99)  # fmt: skip
    db.session.add(evil)
    # 23:30 on 31 March in Beijing; 00:30 on 1 April in Beijing is still 31 March in UTC.
    late = seeker(beijing(date(2026, 3, 31), 23, 30), [KeyGroup.college_graduate,
                                                       KeyGroup.migrant_worker])  # fmt: skip
    early = seeker(beijing(date(2026, 4, 1), 0, 30), [KeyGroup.ex_serviceman],
                   Difficulty.disability)  # fmt: skip
    older = seeker(beijing(date(2026, 3, 2), 10), [], Difficulty.older_unemployed)
    seeker(beijing(date(2026, 3, 10), 10), [KeyGroup.ex_serviceman], origin="OTHER")
    seeker(beijing(date(2026, 2, 28), 23, 59))
    db.session.flush()

    visit(date(2026, 3, 31), late, ["jobs_recommended", "follow_up"], jobs=3)
    visit(date(2026, 4, 1), early, ["training_referral", "hired"])
    visit(date(2026, 3, 2), older, ["jobs_recommended", "hired", "follow_up"], jobs=2, done=True)
    visit(date(2026, 3, 31), None, ["training_referral"])
    visit(date(2026, 3, 15), late, ["hired"], jobs=1, origin="OTHER")
    visit(date(2026, 2, 28), older, ["hired"])

    policy, internship = service("policy_consultation"), service("internship")
    S = AppointmentStatus
    appointments(policy, beijing(date(2026, 3, 31), 9), S.served, S.referred, S.no_show,
                 S.cancelled)  # fmt: skip
    appointments(policy, beijing(date(2026, 4, 1), 0, 30), S.served)
    appointments(internship, beijing(date(2026, 3, 2), 9), S.no_show, S.booked)
    T = TicketStatus
    tickets(internship, date(2026, 3, 31), T.served, T.no_show, T.waiting)
    tickets(evil, date(2026, 3, 10), T.referred)
    tickets(internship, date(2026, 4, 1), T.served)
    db.session.commit()


@pytest.fixture
def known_month(app):
    build_known_month()
    return app


def by_code(rows) -> dict:
    return {row.code: row for row in rows}


def test_the_month_in_figures(known_month):
    assert_march(station_figures(db.session, STATION, MARCH))


def assert_march(figures) -> None:
    assert figures.registrations == 2  # 2 March and 31 March 23:30, not 1 April 00:30
    assert figures.visits == 3
    assert figures.key_groups == {
        KeyGroup.college_graduate: 1, KeyGroup.ex_serviceman: 0,
        KeyGroup.lifted_out_of_poverty: 0, KeyGroup.migrant_worker: 1,
        KeyGroup.relocated_resident: 0,
    }  # fmt: skip
    assert figures.difficulties[Difficulty.older_unemployed] == 1
    assert sum(figures.difficulties.values()) == 1
    assert (figures.jobs_recommended, figures.visits_with_jobs) == (5, 2)
    assert (figures.training_referrals, figures.hires, figures.follow_ups_open) == (1, 1, 1)

    booked = by_code(figures.appointments)
    policy = booked["policy_consultation"]
    assert (policy.booked, policy.served, policy.no_show, policy.cancelled) == (4, 2, 1, 1)
    internship = booked["internship"]
    assert (internship.booked, internship.served, internship.no_show) == (2, 0, 1)
    assert booked["career_guidance"].booked == 0  # the whole service list, zeros too
    total = figures.appointment_total
    assert (total.booked, total.served, total.no_show, total.cancelled) == (6, 2, 2, 1)

    walk_ins = by_code(figures.tickets)
    assert (walk_ins["internship"].issued, walk_ins["internship"].served,
            walk_ins["internship"].no_show) == (3, 1, 1)  # fmt: skip
    assert (walk_ins["evil"].issued, walk_ins["evil"].served) == (1, 1)
    assert figures.ticket_total.issued == 4

    assert len(figures.days) == 31
    days = {d.day: (d.visits, d.registrations) for d in figures.days if d.visits or d.registrations}
    assert days == {date(2026, 3, 2): (1, 1), date(2026, 3, 31): (2, 1)}


def test_the_week_across_the_month_and_a_day(known_month):
    week = station_figures(db.session, STATION, WEEK_14)
    assert (week.registrations, week.visits) == (2, 3)
    assert week.key_groups[KeyGroup.ex_serviceman] == 1
    assert week.difficulties[Difficulty.disability] == 1
    assert (week.jobs_recommended, week.visits_with_jobs) == (3, 1)
    assert (week.training_referrals, week.hires, week.follow_ups_open) == (2, 1, 1)
    assert by_code(week.appointments)["policy_consultation"].booked == 5
    assert by_code(week.tickets)["internship"].issued == 4
    assert week.days[0].day == date(2026, 3, 30) and len(week.days) == 7

    day = station_figures(db.session, STATION, APRIL_FIRST)
    assert (day.registrations, day.visits, day.hires) == (1, 1, 1)
    assert by_code(day.appointments)["policy_consultation"].served == 1
    assert [(d.visits, d.registrations) for d in day.days] == [(1, 1)]


def test_the_same_figures_on_postgresql(postgres_url, tmp_path):
    """The hub counts on PostgreSQL: the JSON and time-zone SQL must work there too."""
    config = {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": postgres_url}
    app = create_app(config, instance_path=str(tmp_path / "instance"))
    with app.app_context():
        upgrade()
        seed_demo(10, seed=1)
        build_known_month()
        assert_march(station_figures(db.session, STATION, MARCH))
        week = station_figures(db.session, STATION, WEEK_14)
        assert (week.registrations, week.visits, week.key_groups[KeyGroup.ex_serviceman]) == (
            2,
            3,
            1,
        )
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def manager(known_month):
    return signed_in(known_month, "li", StaffRole.manager)


def figure(page: str, name: str) -> int:
    return int(re.search(rf'data-figure="{name}"><span class="num">(\d+)<', page)[1])


def row_counts(page: str, attribute: str, key: str) -> list[int]:
    row = re.search(rf'<tr {attribute}="{re.escape(key)}">(.*?)</tr>', page, re.S)[1]
    return [int(n) for n in re.findall(r'<span class="num">(\d+)</span>', row)]


def test_only_the_station_manager_sees_statistics(app):
    client = app.test_client()
    anonymous = get(client, "/staff/statistics/")
    assert anonymous.status_code == 302 and "/staff/login" in anonymous.headers["Location"]
    assert get(client, "/staff/statistics/export.xlsx").status_code == 302
    staff_member("wang")
    sign_in(client, "wang")
    assert get(client, "/staff/statistics/").status_code == 403
    assert get(client, "/staff/statistics/export.xlsx").status_code == 403


def test_the_page_shows_the_month(manager):
    page = get(manager, "/staff/statistics/?period=month&date=2026-03-17").get_data(as_text=True)
    assert "2026年3月" in page
    assert [figure(page, name) for name in ("registrations", "visits", "jobs_recommended",
            "visits_with_jobs", "training_referrals", "hires", "follow_ups_open")] == [
        2, 3, 5, 2, 1, 1, 1]  # fmt: skip
    assert row_counts(page, "data-service", "policy_consultation") == [4, 2, 1, 1]
    assert row_counts(page, "data-service", "total") == [6, 2, 2, 1]  # appointments' total
    assert row_counts(page, "data-group", "college_graduate") == [1]
    assert row_counts(page, "data-group", "older_unemployed") == [1]
    assert row_counts(page, "data-day", "2026-03-31") == [2, 1]
    # A chart per table, drawn on the server, with a bar group per category that has a count.
    assert page.count('class="chart-svg"') == 2 + 2 + 2 + 1 + 2
    # The service's typed name is only ever text on the page.
    assert "=cmd|&#39; /C calc&#39;!A0" in page and "<script" not in page.split("</head>")[1]
    # Plain links to the neighbours and the other kinds of period.
    assert 'href="/staff/statistics/?period=month&amp;date=2026-02-01"' in page
    assert 'href="/staff/statistics/?period=month&amp;date=2026-04-01"' in page
    assert 'href="/staff/statistics/?period=day&amp;date=2026-03-01"' in page
    assert 'href="/staff/statistics/?period=week&amp;date=2026-02-23"' in page


def test_the_page_in_mongolian_turns_its_charts(manager):
    with manager.application.app_context():
        manager.get("/lang/mn_Mong_CN")
    page = get(manager, "/staff/statistics/?period=week&date=2026-04-02").get_data(as_text=True)
    assert "2026 ᠣᠨ\u202fᠤ 14 ᠳ᠋ᠦ᠋ᠭᠡᠷ ᠭᠠᠷᠠᠭ" in page
    assert figure(page, "visits") == 3 and figure(page, "registrations") == 2
    assert "ᠭᠣᠣᠯᠯᠠᠬᠤ ᠪᠦᠯᠬᠦᠮ" in page
    # Bars grow down the page: the service chart's SVGs are taller than wide.
    svg = re.search(r'<ol class="bars">\s*<li>.*?<svg[^>]*width="([\d.]+)" height="([\d.]+)"',
                    page, re.S)  # fmt: skip
    assert float(svg[2]) > float(svg[1])


@pytest.mark.parametrize(
    ("query", "problem", "shown"),
    [
        ("?period=month&date=2026-13-01", "无法识别", "period=month"),
        ("?period=week&date=yesterday", "无法识别", "period=week"),
        ("?period=year&date=2026-03-01", "无法识别", "period=month"),
        ("?period=day&date=1999-12-31", "没有这个期间", "period=day"),
        ("?period=month&date=9999-12-31", "没有这个期间", "period=month"),
        ("?period=day&date=2026-02-30", "无法识别", "period=day"),
    ],
)
def test_a_bad_period_says_so_and_shows_the_current_one(manager, query, problem, shown):
    answer = get(manager, "/staff/statistics/" + query)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and problem in page
    assert re.search(rf'{shown}[^"]*"\s+aria-current="page"', page)


def test_choose_period_reads_days_weeks_and_months():
    today = date(2026, 11, 22)
    assert choose_period({}, today) == (Period(PeriodKind.month, date(2026, 11, 1),
                                              date(2026, 11, 30)), None)  # fmt: skip
    week, problem = choose_period({"period": "week", "date": "2027-01-01"}, today)
    assert (week.first, week.last, week.slug, problem) == (
        date(2026, 12, 28), date(2027, 1, 3), "2026-W53", None)  # fmt: skip
    assert (
        choose_period({"period": "day", "date": "20260301"}, today)[1] is PeriodProblem.unreadable
    )
    feb = Period.containing(PeriodKind.month, date(2028, 2, 10))
    assert (feb.last, feb.slug, feb.next().first) == (
        date(2028, 2, 29),
        "2028-02",
        date(2028, 3, 1),
    )
    start, end = Period.containing(PeriodKind.day, date(2026, 4, 1)).utc_bounds()
    assert (start, end) == (
        datetime(2026, 3, 31, 16, tzinfo=UTC),
        datetime(2026, 4, 1, 16, tzinfo=UTC),
    )


def test_the_excel_file_has_the_same_numbers_and_inert_names(manager):
    answer = get(manager, "/staff/statistics/export.xlsx?period=month&date=2026-03-05")
    assert answer.status_code == 200
    assert "filename=statistics-DEMO-2026-03.xlsx" in answer.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(answer.data))
    assert book.sheetnames == ["汇总", "预约", "现场取号", "重点群体", "就业困难人员类别", "每日"]
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["统计期间"] == "2026年3月" and summary["服务站"].endswith("(DEMO)")
    assert summary["起始日期"].date() == date(2026, 3, 1)
    assert (summary["新登记人数"], summary["服务人次"], summary["推荐岗位数"], summary["已就业"],
            summary["待回访"]) == (2, 3, 5, 1, 1)  # fmt: skip
    booked = {row[0]: row[1:] for row in book["预约"].iter_rows(min_row=2, values_only=True)}
    assert booked["政策咨询"] == (4, 2, 1, 1) and booked["合计"] == (6, 2, 2, 1)
    walk_ins = book["现场取号"]
    names = [row[0] for row in walk_ins.iter_rows(min_row=2, values_only=True)]
    evil = walk_ins.cell(row=names.index("'" + EVIL) + 2, column=1)
    assert evil.data_type == "s" and evil.value == "'" + EVIL  # text, never a formula
    assert walk_ins.cell(row=names.index("'" + EVIL) + 2, column=2).value == 1
    days = {row[0].date(): row[1:] for row in book["每日"].iter_rows(
        min_row=2, values_only=True)}  # fmt: skip
    assert len(days) == 31 and days[date(2026, 3, 31)] == (2, 1)
    assert book["预约"].column_dimensions["A"].width >= 10
    with manager.application.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "export statistics")
        ).all()
        assert [(e.record_kind, e.record_id) for e in entries] == [("statistics", "2026-03")]
