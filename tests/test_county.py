"""The county's indicators on a real PostgreSQL hub holding records of four stations in three
banners of two prefectures: each figure equals a count made here from the rows themselves;
targets; the report workbook per level; the rows behind a figure, masked."""

import io
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pytest
from county_data import STATIONS, Made, fill_hub
from openpyxl import load_workbook
from station_app import fresh_postgres_database, make_app
from sync_harness import hub_config
from test_staff import csrf, get, signed_in

from kiosk.county.indicators import (
    INDICATORS,
    REGION_SCOPE,
    Level,
    Scope,
    count_indicators,
    services_by_item,
)
from kiosk.extensions import db
from kiosk.models import BEIJING, AppointmentStatus, Difficulty, Gender, StaffRole, TicketStatus
from kiosk.statistics.periods import Period, PeriodKind

FIRST = date(2026, 10, 20)
DAYS = 45
TODAY = date(2026, 11, 20)
NOVEMBER = Period.containing(PeriodKind.month, date(2026, 11, 1))


@dataclass
class CountyHub:
    app: object
    made: Made


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyHub]:
    with fresh_postgres_database() as url:
        app = make_app(tmp_path_factory.mktemp("hub") / "unused.sqlite", **hub_config(url))
        with app.app_context():
            db.session().expire_on_commit = False  # what was made stays readable here
            made = fill_hub(random.Random(16), FIRST, DAYS, seekers=80)
            db.session.expunge_all()
            db.session.remove()
        try:
            yield CountyHub(app, made)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


# -- counted independently, from the rows as written ------------------------------------------


def prefecture(code: str) -> str:
    return code[:4] + "00"


def scopes_of(outlet: str) -> list[Scope]:
    banner = STATIONS[outlet]
    return [
        Scope(Level.outlet, outlet),
        Scope(Level.banner, banner),
        Scope(Level.prefecture, prefecture(banner)),
        REGION_SCOPE,
    ]


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def expected(made: Made, period: Period, today: date) -> dict[Scope, dict[str, int]]:
    """Every indicator for every scope, counted in Python from what fill_hub wrote."""
    start, end = period.utc_bounds()
    inside = lambda day: period.first <= day <= period.last  # noqa: E731
    counted: dict[Scope, dict[str, object]] = {}

    def add(outlet: str, key: str, person: object = None, amount: int = 1) -> None:
        for scope in scopes_of(outlet):
            bucket = counted.setdefault(scope, {})
            if INDICATORS[key].measure == "people":
                bucket.setdefault(key, set()).add(person)  # type: ignore[union-attr]
            else:
                bucket[key] = bucket.get(key, 0) + amount  # type: ignore[operator]

    seekers = made.seekers
    for seeker in seekers.values():
        if start <= seeker.created_at < end:
            add(seeker.origin, "registrations")
    hires_by = {}
    for record in made.records:
        if record.hired_job_id is not None:
            hires_by.setdefault((record.seeker_id, str(record.hired_job_id)), []).append(record)
    for record in made.records:
        if inside(record.visited_on):
            add(record.origin, "visits")
            person = seekers.get(record.seeker_id) if record.seeker_id else None
            if person is not None:
                hired = "hired" in record.outcomes or record.hired_job_id is not None
                add(record.origin, "people_served", person.id)
                difficult = person.difficulty is not None
                zero = person.difficulty == Difficulty.zero_employment_family
                age = 40 if person.gender == Gender.female else 50
                in_4050 = person.birth_date <= years_before(record.visited_on, age)
                if difficult:
                    add(record.origin, "difficulty_served", person.id)
                if zero:
                    add(record.origin, "zero_households_served", person.id)
                if hired:
                    add(record.origin, "placed", person.id)
                    if difficult:
                        add(record.origin, "difficulty_placed", person.id)
                    if in_4050:
                        add(record.origin, "placed_4050", person.id)
                    if zero:
                        add(record.origin, "zero_households_employed", person.id)
            for job_id in record.recommended_job_ids:
                add(record.origin, "recommended")
                later = [
                    h for h in hires_by.get((record.seeker_id, job_id), [])
                    if h.visited_on >= record.visited_on
                ]  # fmt: skip
                if later and record.seeker_id is not None:
                    first = min(later, key=lambda h: (h.visited_on, h.id))
                    add(record.origin, "recommended_hired")
                    if first.origin != record.origin:
                        add(record.origin, "recommended_hired_elsewhere")
        if record.follow_up_on is not None and inside(record.follow_up_on):
            add(record.origin, "follow_ups_due")
            done = record.follow_up_done_at
            if done is not None:
                late = done.astimezone(BEIJING).date() > record.follow_up_on
                add(record.origin, "follow_ups_late" if late else "follow_ups_on_time")
            elif record.follow_up_on < today:
                add(record.origin, "follow_ups_overdue")
    served = (AppointmentStatus.served, AppointmentStatus.referred)
    for appointment, starts in made.appointments:
        if start <= starts < end:
            add(appointment.origin, "appointments")
            if appointment.status in served:
                add(appointment.origin, "appointments_served")
    for ticket in made.tickets:
        if inside(ticket.day):
            add(ticket.origin, "tickets")
            if ticket.status in (TicketStatus.served, TicketStatus.referred):
                add(ticket.origin, "tickets_served")
    outlets = {id_: code for code, id_ in made.station_ids.items()}
    for job in made.jobs:
        if start <= job.published_at < end:
            add(outlets[job.station_id], "jobs_posted")
            add(outlets[job.station_id], "positions_posted", amount=job.headcount)
    for task in made.tasks:
        if task.done_on is not None and inside(task.done_on):
            add(task.origin, "tasks_done")
            add(task.origin, "tasks_done_people", task.seeker_id)
        if inside(task.due_on) and not task.cancelled:
            add(task.origin, "tasks_due")
            if task.done_on is not None and task.done_on <= task.due_on:
                add(task.origin, "tasks_done_on_time")
            elif task.done_on is None and task.due_on < today:
                add(task.origin, "tasks_overdue")
    return {
        scope: {
            key: len(value) if isinstance(value, set) else value  # type: ignore[misc]
            for key, value in bucket.items()
        }
        for scope, bucket in counted.items()
    }


def with_zeros(figures: dict[Scope, dict[str, int]]) -> dict[Scope, dict[str, int]]:
    return {scope: {k: v for k, v in numbers.items() if v} for scope, numbers in figures.items()}


@pytest.mark.parametrize(
    "period",
    [
        NOVEMBER,
        Period.containing(PeriodKind.day, date(2026, 11, 3)),
        Period.containing(PeriodKind.week, date(2026, 11, 10)),
        Period.containing(PeriodKind.quarter, date(2026, 11, 1)),
        Period.containing(PeriodKind.year, date(2026, 1, 1)),
    ],
    ids=lambda period: period.slug,
)
def test_each_indicator_equals_a_count_made_from_the_rows(county, period):
    with county.app.app_context():
        figures = count_indicators(db.session, period, TODAY)
    want = expected(county.made, period, TODAY)
    assert with_zeros(figures) == with_zeros(want)
    # Sanity of the data itself: every kind of figure has something to count in November.
    if period == NOVEMBER:
        assert all(want[REGION_SCOPE].get(key) for key in INDICATORS), want[REGION_SCOPE]
        # A person served at two outlets of a banner is one person of the banner.
        banner = Scope(Level.banner, "150102")
        parts = [Scope(Level.outlet, "ST-A"), Scope(Level.outlet, "ST-B")]
        assert figures[banner]["people_served"] < sum(figures[p]["people_served"] for p in parts)
        assert figures[banner]["visits"] == sum(figures[p]["visits"] for p in parts)


def test_services_by_item_at_every_level(county):
    with county.app.app_context():
        found = services_by_item(db.session, NOVEMBER, levels=tuple(Level))
    want: dict[Scope, dict[str, int]] = {}
    for record in county.made.records:
        if NOVEMBER.first <= record.visited_on <= NOVEMBER.last:
            for item in record.services:
                for scope in scopes_of(record.origin):
                    want.setdefault(scope, {})[item] = want.setdefault(scope, {}).get(item, 0) + 1
    assert found == want


def test_one_outlet_alone_gives_the_same_figures(county):
    scope = Scope(Level.outlet, "ST-C")
    with county.app.app_context():
        alone = count_indicators(db.session, NOVEMBER, TODAY, levels=(Level.outlet,), scope=scope)
        everyone = count_indicators(db.session, NOVEMBER, TODAY)
    assert alone == {scope: everyone[scope]}


# -- the pages --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def manager(county):
    with county.app.app_context():
        client = signed_in(county.app, "county", StaffRole.manager)
    return client


def test_the_indicators_page_lists_each_outlet_and_opens_a_figure_to_its_rows(county, manager):
    want = expected(county.made, NOVEMBER, TODAY)
    page = get(manager, "/staff/county/?period=month&date=2026-11-01")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "2026年11月" in text and "ST-A站" in text and "人次" in text
    row = text.split('data-unit="ST-B"')[1].split("</tr>")[0]
    visits = want[Scope(Level.outlet, "ST-B")]["visits"]
    assert 'data-count="visits"><a class="num"' in row and f">{visits}</a>" in row
    assert "<svg" in text  # the chart, with the tables as its text
    # Opening a figure lists the rows behind it, masked.
    placed = want[Scope(Level.outlet, "ST-B")]["placed"]
    rows = get(
        manager,
        "/staff/county/rows?indicator=placed&scope=outlet:ST-B&period=month&date=2026-11-01",
    )
    body = rows.get_data(as_text=True)
    assert rows.status_code == 200
    assert body.count("<tr><td>") == placed
    assert "********" in body and "巴特尔" not in body  # 巴*尔
    # A banner's page, and a wrong scope.
    assert (
        get(manager, "/staff/county/banner/150102?period=month&date=2026-11-01").status_code == 200
    )
    assert get(manager, "/staff/county/outlet/NOPE").status_code == 404
    assert get(manager, "/staff/county/rows?indicator=placed&scope=nothing").status_code == 404


def test_the_pages_read_in_mongolian(county, manager):
    with county.app.app_context():
        manager.get("/lang/mn_Mong_CN")
    try:
        text = get(manager, "/staff/county/?period=quarter&date=2026-11-01&level=banner").get_data(
            as_text=True
        )
        assert "ᠤᠯᠢᠷᠠᠯ" in text and 'class="vertical"' in text
        unit = get(manager, "/staff/county/outlet/ST-A?period=month&date=2026-11-01")
        assert unit.status_code == 200
    finally:
        with county.app.app_context():
            manager.get("/lang/zh_Hans_CN")


@pytest.mark.parametrize("level", ["outlet", "banner", "prefecture"])
def test_the_report_workbook_per_level(county, manager, level, tmp_path: Path):
    want = expected(county.made, NOVEMBER, TODAY)
    out = tmp_path / f"report-{level}.xlsx"
    run = county.app.test_cli_runner().invoke(
        args=["hub", "report", "--period", "2026-11", "--level", level, "--out", str(out)]
    )
    assert run.exit_code == 0, run.output
    book = load_workbook(out)
    assert book.sheetnames[0] == "汇总" and len(book.sheetnames) == 8
    assert book.sheetnames[-1] == "招聘会与活动"  # the fairs' figures (tests/test_events_sync.py)
    sheet = book["登记与来访"]
    header = [cell.value for cell in sheet[1]]
    visits = header.index("来访 · 人次")
    found = {row[0].value: row[visits].value for row in sheet.iter_rows(min_row=2) if row[0].value}
    for scope, numbers in want.items():
        if scope.level.value == level:
            assert found[scope.key] == numbers.get("visits", 0), scope
    # The same workbook from the page.
    download = get(manager, f"/staff/county/report.xlsx?level={level}&period=month&date=2026-11-01")
    assert download.status_code == 200
    again = load_workbook(io.BytesIO(download.data))
    assert again.sheetnames == book.sheetnames


def _gigs_at_the_hub(station: str, paid: list[bool | None], referrals: list[str]) -> None:
    """A gig of the station, as it reached the hub: places completed in November (True:
    confirmed paid, False: not paid, None: not answered yet) and rights referrals
    ("open", "closed"; one opened before the period still counts while open)."""
    from kiosk.models import (
        GigPost,
        GigReferral,
        GigTake,
        ReferralStatus,
    )

    region = STATIONS[station]
    post = GigPost(
        origin=station, station_code=station, status="approved", receipt_hash=uuid.uuid4().hex,
        employer_kind="company", employer_key=f"K-{station}", credit_code="",
        employer_name=f"{station}货运", contact_name="王", contact_mobile_sealed=b"x",
        contact_mobile_masked="139****0001", title_zh="装卸工", region_code=region,
        address_zh="货场", headcount=9, pay_fen=22000, pay_unit="day", settlement="daily",
        category="loading", start_date=date(2026, 11, 3), end_date=date(2026, 11, 3),
        start_time=time(8), end_time=time(17), shift="day", valid_until=date(2026, 11, 3),
        wage_rules="2024", taken=len(paid) + len(referrals),
    )  # fmt: skip
    db.session.add(post)
    db.session.flush()  # its id
    done = datetime(2026, 11, 3, 18, tzinfo=BEIJING)
    before = datetime(2026, 10, 30, 18, tzinfo=BEIJING)  # the referrals' places, in October
    places = [(answer, done) for answer in paid] + [(False, before) for _ in referrals]
    for n, (answer, when) in enumerate(places, start=1):
        placed = GigTake(
            origin=station,
            post_id=post.id,
            station_code=station,
            worker_key=f"{station}-{n}",
            worker_masked="139****0000",
            checkin_code=f"{n:06d}",
            completed_at=when,
            paid=answer,
        )
        db.session.add(placed)
        db.session.flush()
        if n > len(paid):
            db.session.add(
                GigReferral(
                    origin=station,
                    station_code=station,
                    take_id=placed.id,
                    number=f"WQ{station}{n:04d}",
                    status=ReferralStatus(referrals[n - len(paid) - 1]),
                    employer_key=post.employer_key,
                    employer_name=post.employer_name,
                    contact_mobile_masked="139****0001",
                    worker_masked="139****0000",
                    title_zh="装卸工",
                    pay_fen=22000,
                    pay_unit="day",
                    settlement="daily",
                    start_date=post.start_date,
                    end_date=post.end_date,
                    created_at=datetime(2026, 10, 31, 9, tzinfo=BEIJING),
                )
            )
    db.session.flush()


def test_the_report_has_a_gig_sheet_per_unit(county, manager):
    with county.app.app_context():
        # ST-A and ST-B are both in 新城区 (150102); ST-C has no gig at all.
        _gigs_at_the_hub("ST-A", [True, True, False, None], ["open", "closed"])
        _gigs_at_the_hub("ST-B", [True, False], ["open"])
        _gigs_at_the_hub("ST-D", [True], [])
        db.session.commit()
    url = "/staff/county/report.xlsx?level={}&period=month&date=2026-11-01"
    book = load_workbook(io.BytesIO(get(manager, url.format("outlet")).data))
    assert book.sheetnames[-2] == "零工"
    sheet = book["零工"]
    assert [cell.value for cell in sheet[1]] == [
        "代码", "服务站", "已完成零工", "零工确认已付工资（%）", "处理中的维权转介",
    ]  # fmt: skip
    rows = {
        row[0].value or row[1].value: [c.value for c in row[2:]]
        for row in sheet.iter_rows(min_row=2)
    }
    # ST-A: 4 completed in November (the referrals' places were done in October), 2 paid: 50 %.
    assert rows["ST-A"] == [4, 50, 1] and rows["ST-B"] == [2, 50, 1]
    assert rows["ST-C"] == [0, 0, 0] and rows["ST-D"] == [1, 100, 0]
    assert rows["全地区合计"] == [7, 57, 2]
    banners = load_workbook(io.BytesIO(get(manager, url.format("banner")).data))["零工"]
    by_banner = {row[0].value or row[1].value: [c.value for c in row[2:]]
                 for row in banners.iter_rows(min_row=2)}  # fmt: skip
    assert by_banner["150102"] == [6, 50, 2]  # the share of the sums, not of the shares
    assert by_banner["150103"] == [0, 0, 0] and by_banner["150202"] == [1, 100, 0]
    with county.app.app_context():
        manager.get("/lang/mn_Mong_CN")
    try:
        mongolian = load_workbook(io.BytesIO(get(manager, url.format("prefecture")).data))
        assert "ᠲᠦᠷ ᠠᠵᠢᠯ" in mongolian.sheetnames
        header = [c.value for c in mongolian["ᠲᠦᠷ ᠠᠵᠢᠯ"][1]]
        assert "ᠳᠠᠭᠤᠰᠬᠠᠭᠰᠠᠨ ᠲᠦᠷ ᠠᠵᠢᠯ" in header
    finally:
        with county.app.app_context():
            manager.get("/lang/zh_Hans_CN")


def test_a_name_that_looks_like_a_formula_stays_text_in_the_report(county, manager, tmp_path):
    with county.app.app_context():
        from kiosk.models import Station

        station = db.session.query(Station).filter_by(code="ST-D").one()
        station.name_zh = '=HYPERLINK("http://x")'
        db.session.commit()
    try:
        download = get(
            manager, "/staff/county/report.xlsx?level=outlet&period=month&date=2026-11-01"
        )
        book = load_workbook(io.BytesIO(download.data))
        names = [row[1].value for row in book["登记与来访"].iter_rows(min_row=2)]
        assert '\'=HYPERLINK("http://x")' in names
        assert not any(
            str(cell.value).startswith("=")
            for sheet in book
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )
    finally:
        with county.app.app_context():
            station = db.session.query(Station).filter_by(code="ST-D").one()
            station.name_zh = "ST-D站"
            db.session.commit()


# -- targets ----------------------------------------------------------------------------------


def test_targets_set_refused_and_shown_furthest_behind_first(county, manager):
    page = get(manager, "/staff/county/targets?year=2026").get_data(as_text=True)
    token = csrf(page)

    def post(**form):
        with county.app.app_context():
            return manager.post("/staff/county/targets", data={"csrf_token": token, **form})

    refused = post(station="NOPE", indicator="visits_x", year="20266", quarter="7", value="-3")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    for name in ("station", "indicator", "year", "quarter", "value"):
        assert f'id="{name}-problem"' in text, name
    assert "请从登记册中选择网点" in text or 'id="station-problem"' in text
    with county.app.app_context():
        from kiosk.models import CountyTarget

        assert db.session.query(CountyTarget).count() == 0
    # Full-width digits, as a Chinese input method types them, are read as digits.
    assert (
        post(station="ST-A", indicator="placed", year="2026", quarter="4", value="１０").status_code
        == 302
    )
    assert (
        post(station="ST-B", indicator="placed", year="2026", quarter="4", value="1000").status_code
        == 302
    )
    assert (
        post(station="ST-C", indicator="placed", year="2026", quarter="4", value="1").status_code
        == 302
    )
    # Set again: replaced, not doubled.
    assert (
        post(station="ST-C", indicator="placed", year="2026", quarter="4", value="2").status_code
        == 302
    )
    shown = get(manager, "/staff/county/targets?year=2026").get_data(as_text=True)
    order = [shown.index(f'data-target="{code}:placed:4"') for code in ("ST-B", "ST-A", "ST-C")]
    assert order == sorted(order)  # 1000 is furthest behind, 2 is reached
    with county.app.app_context():
        assert db.session.query(CountyTarget).count() == 3
