"""The county's report as an Excel workbook the bureau can forward: a summary sheet, one
sheet per indicator group with a row per outlet (banner, prefecture), and services by item.
Every text cell is inert (kiosk/spreadsheets.py)."""

from datetime import date, datetime

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy.orm import Session

from kiosk.county import labels
from kiosk.county.indicators import (
    GROUPS,
    INDICATORS,
    REGION_SCOPE,
    Level,
    Unit,
    count_indicators,
    services_by_item,
)
from kiosk.county.units import Unit as Place
from kiosk.county.units import service_names, units_at
from kiosk.events.figures import event_figures
from kiosk.events.labels import KINDS
from kiosk.events.service import Outcome
from kiosk.gigs import outcomes
from kiosk.i18n import localized
from kiosk.models import BEIJING
from kiosk.spreadsheets import add_sheet
from kiosk.statistics.labels import HEADLINES
from kiosk.statistics.periods import Period


def indicator_title(key: str) -> str:
    return f"{labels.INDICATORS[key]} · {labels.UNITS[INDICATORS[key].unit]}"


def county_workbook(
    session: Session, period: Period, level: Level, today: date, generated_at: datetime
) -> Workbook:
    """The period's indicators at one level, headers in the page's language."""
    figures = count_indicators(session, period, today, levels=(level, Level.region))
    services = services_by_item(session, period, levels=(level, Level.region))
    region = figures.get(REGION_SCOPE, {})
    workbook = Workbook()
    if workbook.active is not None:
        workbook.remove(workbook.active)
    summary = [
        (_("Period"), labels.period_title(period)),
        (_("From"), period.first),
        (_("To"), period.last),
        (_("Level"), str(labels.LEVELS[level])),
        (_("Generated"), labels.generated(generated_at)),
        *((indicator_title(key), _shown(region, key)) for key in INDICATORS),
    ]
    sheet = add_sheet(workbook, _("Summary"), (_("Item"), _("Value")), summary)
    for row in sheet.iter_rows(min_row=3, max_row=4, min_col=2):
        row[0].number_format = "yyyy-mm-dd"
    units = units_at(session, level)
    name_title = str(labels.LEVEL_NAMES[level])
    for group in GROUPS:
        keys = [key for key, indicator in INDICATORS.items() if indicator.group == group]
        rows = [
            (unit.scope.key, unit.name, *(_shown(figures.get(unit.scope, {}), k) for k in keys))
            for unit in units
        ]
        rows.append(("", _("Whole region"), *(_shown(region, k) for k in keys)))
        add_sheet(
            workbook, str(labels.GROUPS[group]),
            (_("Code"), name_title, *(indicator_title(k) for k in keys)), rows,
        )  # fmt: skip
    items = sorted({code for counts in services.values() for code in counts})
    rows = [
        (unit.scope.key, unit.name, *(services.get(unit.scope, {}).get(c, 0) for c in items))
        for unit in units
    ]
    rows.append(("", _("Whole region"), *(services.get(REGION_SCOPE, {}).get(c, 0) for c in items)))
    names = service_names(session)
    header = (
        _("Code"),
        name_title,
        *(f"{names.get(c, c)} · {labels.UNITS[Unit.visits]}" for c in items),
    )
    add_sheet(workbook, _("Services by item"), header, rows)
    _gigs_sheet(workbook, session, period, level, units, name_title)
    _events_sheet(workbook, session, period, today)
    return workbook


def _gigs_sheet(
    workbook: Workbook, session: Session, period: Period, level: Level, units: list[Place],
    name_title: str,
) -> None:  # fmt: skip
    """零工: each unit's gigs completed in the period, the share its workers confirmed paid,
    and its rights referrals still open, as each station's statistics page shows them."""
    by_station = outcomes.figures_by_station(session, period.first, period.last)
    key_of = {
        Level.outlet: lambda outlet: outlet.scope.key,
        Level.banner: lambda outlet: outlet.banner,
        Level.prefecture: lambda outlet: outlet.prefecture,
    }.get(level, lambda outlet: REGION_SCOPE.key)
    summed: dict[str, outcomes.GigFigures] = {}
    for outlet in units_at(session, Level.outlet):
        found = by_station.get(outlet.scope.key)
        if found is not None:
            key = key_of(outlet)
            summed[key] = summed.get(key, outcomes.GigFigures()) + found
    region = sum(by_station.values(), outcomes.GigFigures())

    def numbers(f: outcomes.GigFigures) -> tuple[int, int, int]:
        return f.completed, f.paid_share, f.referrals_open

    rows: list[tuple] = [
        (unit.scope.key, unit.name, *numbers(summed.get(unit.scope.key, outcomes.GigFigures())))
        for unit in units
        if unit.scope != REGION_SCOPE
    ]
    rows.append(("", _("Whole region"), *numbers(region)))
    header = (
        _("Code"), name_title, *(str(HEADLINES[key]) for key in
                                 ("gigs_completed", "gigs_paid_share", "gig_referrals_open")),
    )  # fmt: skip
    add_sheet(workbook, _("Gig"), header, rows)


def _events_sheet(workbook: Workbook, session: Session, period: Period, today: date) -> None:
    """The period's fairs, caravan days and live streams, with what bureaus report for each."""
    figures = event_figures(session, period, today)
    header = (
        _("Code"), _("Event"), _("Kind"), _("Starts"), _("Employers booked"),
        _("Employers attending"), _("Jobs offered"), _("Positions offered"), _("Sign-ups"),
        _("Seeker visits (people)"), _("Booth visits"), _("Hiring intentions reached"),
        _("Hires confirmed by follow-ups"),
    )  # fmt: skip

    def numbers(o: Outcome) -> tuple[int, ...]:
        return (
            o.employers_booked, o.employers_attending, o.jobs_offered, o.positions_offered,
            o.signups, o.visits, o.booth_visits, o.intentions, o.hires_confirmed,
        )  # fmt: skip

    rows: list[tuple] = [
        (event.code, localized(event, "title"), KINDS[event.kind],
         event.starts_at.astimezone(BEIJING).date(), *numbers(o))
        for event, o in figures.events
    ]  # fmt: skip
    rows.append(("", _("All events"), "", "", *numbers(figures.total)))
    sheet = add_sheet(workbook, _("Fairs and events"), header, rows)
    for (cell,) in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
        cell.number_format = "yyyy-mm-dd"


def _shown(numbers: dict[str, int], key: str) -> int | str:
    """The number, or "not recorded yet" where nothing of its kind reached the hub."""
    recorded_by = INDICATORS[key].recorded_by
    if recorded_by and not numbers.get(recorded_by, 0):
        return str(labels.NOT_RECORDED)
    return numbers.get(key, 0)


def shown(numbers: dict[str, int], key: str) -> int | str:
    return _shown(numbers, key)
