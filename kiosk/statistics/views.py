"""Statistics (staff console): a day, week or month of this station, and its Excel file."""

import re

from flask import Response, current_app, render_template, request
from sqlalchemy import select

from kiosk.county.feedback import FEEDBACK, station_feedback
from kiosk.extensions import db
from kiosk.i18n import localized
from kiosk.models import StaffRole, Station, local_today, utcnow
from kiosk.spreadsheets import xlsx_response
from kiosk.statistics import charts, labels
from kiosk.statistics.export import statistics_workbook
from kiosk.statistics.figures import station_figures
from kiosk.statistics.periods import STATION_KINDS, Period, choose_period
from kiosk.web.staff import audit, staff_blueprint

bp = staff_blueprint("statistics", __name__, "/staff/statistics", role=StaffRole.manager)


def _station() -> tuple[str, str]:
    """This box's station code, and its name in the page's language (the code if unknown)."""
    code = current_app.config["STATION_CODE"]
    station = db.session.scalars(select(Station).where(Station.code == code)).first()
    return code, localized(station, "name") if station else code


@bp.context_processor
def statistics_words() -> dict:
    return {
        "charts": charts,
        "period_kinds": STATION_KINDS,
    }


@bp.get("/")
def index() -> str:
    today = local_today()
    period, problem = choose_period(request.args, today)
    code, name = _station()
    return render_template(
        "statistics/index.html",
        figures=station_figures(db.session, code, period),
        period=period,
        current={kind: Period.containing(kind, today) for kind in STATION_KINDS},
        today=today,
        station_name=name,
        problem=labels.PROBLEMS[problem] if problem else "",
        # What the county sent back for this period (with the last pull), beside its own.
        feedback=station_feedback(db.session, code, period),
        feedback_keys=FEEDBACK,
    )


@bp.get("/export.xlsx")
def export() -> Response:
    # The page's links always carry a good period; a hand-made bad one exports the current.
    period, _problem = choose_period(request.args, local_today())
    code, name = _station()
    figures = station_figures(db.session, code, period)
    workbook = statistics_workbook(figures, name, utcnow())
    audit(db.session, "export statistics", "statistics", period.slug)
    db.session.commit()
    safe_code = re.sub(r"[^A-Za-z0-9_-]", "_", code)
    return xlsx_response(workbook, f"statistics-{safe_code}-{period.slug}.xlsx")
