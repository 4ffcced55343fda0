"""The period's figures as an Excel workbook for the county: a summary and a sheet per table."""

from datetime import datetime

from flask_babel import gettext as _
from openpyxl import Workbook

from kiosk.i18n import localized
from kiosk.models.base import BEIJING
from kiosk.registration.labels import DIFFICULTIES, KEY_GROUPS
from kiosk.spreadsheets import add_sheet
from kiosk.statistics import labels
from kiosk.statistics.figures import Figures


def statistics_workbook(figures: Figures, station_name: str, generated_at: datetime) -> Workbook:
    """Headers in the language of the page; service names as staff typed them, made inert."""
    workbook = Workbook()
    if workbook.active is not None:
        workbook.remove(workbook.active)
    period = figures.period
    summary = [
        (_("Station"), f"{station_name} ({figures.station_code})"),
        (_("Period"), labels.period_title(period)),
        (_("From"), period.first),
        (_("To"), period.last),
        (_("Generated"), generated_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")),
        *((title, getattr(figures, name)) for name, title in labels.HEADLINES.items()),
    ]
    sheet = add_sheet(workbook, _("Summary"), (_("Item"), _("Value")), summary)
    for row in sheet.iter_rows(min_row=4, max_row=5, min_col=2):
        row[0].number_format = "yyyy-mm-dd"
    sheet.column_dimensions["B"].width = max(sheet.column_dimensions["B"].width, 14)

    service = _("Service")
    columns = labels.APPOINTMENT_COLUMNS
    add_sheet(
        workbook, _("Appointments"), (service, *columns.values()),
        [(localized(row, "name"), *(getattr(row, f) for f in columns))
         for row in figures.appointments]
        + [(_("Total"), *(getattr(figures.appointment_total, f) for f in columns))],
    )  # fmt: skip
    columns = labels.TICKET_COLUMNS
    add_sheet(
        workbook, _("Walk-ins"), (service, *columns.values()),
        [(localized(row, "name"), *(getattr(row, f) for f in columns)) for row in figures.tickets]
        + [(_("Total"), *(getattr(figures.ticket_total, f) for f in columns))],
    )  # fmt: skip
    visits = _("People served (visits)")
    groups = [(KEY_GROUPS[group], count) for group, count in figures.key_groups.items()]
    add_sheet(workbook, _("Key groups"), (_("Key group"), visits), groups)
    kinds = [(DIFFICULTIES[kind], count) for kind, count in figures.difficulties.items()]
    add_sheet(workbook, _("Employment difficulty"), (_("Employment difficulty"), visits), kinds)
    days = add_sheet(
        workbook, _("Per day"), (_("Date"), *labels.DAY_COLUMNS.values()),
        [(day.day, day.visits, day.registrations) for day in figures.days],
    )  # fmt: skip
    for (cell,) in days.iter_rows(min_row=2, max_col=1):
        cell.number_format = "yyyy-mm-dd"
    days.column_dimensions["A"].width = 14
    return workbook
