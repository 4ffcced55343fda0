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
from kiosk.county.units import service_names, units_at
from kiosk.events.figures import event_figures
from kiosk.events.labels import KINDS
from kiosk.events.service import Outcome
from kiosk.i18n import localized
from kiosk.models import BEIJING
from kiosk.spreadsheets import add_sheet
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
    _events_sheet(workbook, session, period, today)
    return workbook


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
