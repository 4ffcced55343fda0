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
    return workbook


def _shown(numbers: dict[str, int], key: str) -> int | str:
    """The number, or "not recorded yet" where nothing of its kind reached the hub."""
    recorded_by = INDICATORS[key].recorded_by
    if recorded_by and not numbers.get(recorded_by, 0):
        return str(labels.NOT_RECORDED)
    return numbers.get(key, 0)


def shown(numbers: dict[str, int], key: str) -> int | str:
    return _shown(numbers, key)
