"""Station settings (staff console): the service list, opening hours and the printer."""

import uuid
from datetime import datetime

from flask import (
    abort,
    current_app,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)

from kiosk.domain.forms import Refused
from kiosk.domain.stations import station_by_code
from kiosk.extensions import db, htmx, limiter
from kiosk.i18n import current_locale
from kiosk.jobs.labels import WEEKDAYS, opening_hours
from kiosk.models import BEIJING, ServiceItem, StaffRole, Station, utcnow
from kiosk.qr import public_url
from kiosk.settings import hours as opening
from kiosk.settings import labels, printer, services
from kiosk.slips.handout import print_limit
from kiosk.slips.service import PAPER_DOTS, printer_choice, slip_fonts
from kiosk.web import form_labels
from kiosk.web.staff import audit, staff_blueprint

bp = staff_blueprint("settings", __name__, "/staff/settings", role=StaffRole.manager)


@bp.context_processor
def settings_words() -> dict:
    return {
        "station": station_by_code(db.session, current_app.config["STATION_CODE"]),
        "weekdays": WEEKDAYS,
        "paper_choices": [(str(dots), labels.PAPER[dots]) for dots in PAPER_DOTS],
    }


def _station() -> Station:
    station = station_by_code(db.session, current_app.config["STATION_CODE"])
    if station is None:
        abort(404)
    return station


def _service_or_404(service_id: uuid.UUID) -> ServiceItem:
    service = db.get_or_404(ServiceItem, service_id)
    if service.station_code != current_app.config["STATION_CODE"]:
        abort(404)
    return service


def _form() -> services.ServiceForm:
    form = request.form
    return services.ServiceForm(
        name_zh=form.get("name_zh", ""),
        name_mn=form.get("name_mn", ""),
        queue_letter=form.get("queue_letter", ""),
        sort=form.get("sort", ""),
        slot_capacity=form.get("slot_capacity", ""),
        active=form.get("active") == "on",
        code=form.get("code", ""),
        version=form.get("version", ""),
    )


# -- the service list ------------------------------------------------------------------------


@bp.get("/")
def index() -> str:
    station = _station()
    return render_template(
        "settings/index.html",
        station=station,
        services=services.all_services(db.session, station.code),
        messages=get_flashed_messages(),
    )


def _render_service(
    service: ServiceItem | None, form: services.ServiceForm, problems: dict, status: int = 200
) -> tuple[str, int]:
    letters = [s.queue_letter for s in services.all_services(db.session, _station().code)]
    return render_template(
        "settings/service.html",
        service=service,
        form=form,
        problems=problems,
        letters_in_use=" ".join(sorted(letters)),
    ), status


@bp.route("/services/<uuid:service_id>", methods=["GET", "POST"])
def edit_service(service_id: uuid.UUID):
    service = _service_or_404(service_id)
    if request.method == "GET":
        return _render_service(service, services.ServiceForm.of(service), {})
    before = services.ServiceForm.of(service)
    form = _form()
    try:
        change = services.update_service(db.session, service, form, utcnow())
    except Refused as refused:
        db.session.rollback()
        if "form" in refused.problems:  # stale: show the service as it is now
            form = services.ServiceForm.of(service)
        return _render_service(service, form, labels.service_problems(refused.problems), 422)
    changed = services.changed_fields(before, service)
    detail = f"{service.code}: {', '.join(changed) or 'no change'}"
    if change is not None:
        detail += f"; seats {before.slot_capacity}→{service.slot_capacity}, kept {change.kept}"
    audit(db.session, "edit_service", "service_item", service.id, detail)
    db.session.commit()
    flash(labels.saved_service(service))
    for line in labels.capacity_changed(change) if change else []:
        flash(line)
    return redirect(url_for(".index"), code=303)


@bp.route("/services/new", methods=["GET", "POST"])
def add_service():
    if request.method == "GET":
        return _render_service(None, services.ServiceForm(slot_capacity="2"), {})
    form = _form()
    try:
        service = services.add_service(
            db.session, _station().code, form, current_app.config["STATION_CODE"]
        )
        db.session.flush()
    except Refused as refused:
        db.session.rollback()
        return _render_service(None, form, labels.service_problems(refused.problems), 422)
    audit(db.session, "add_service", "service_item", service.id, service.code)
    db.session.commit()
    flash(labels.added_service(service))
    return redirect(url_for(".index"), code=303)


# -- opening days and hours ------------------------------------------------------------------


def _render_hours(station: Station, days: str, opens: str, closes: str, problems: dict, status=200):
    return render_template(
        "settings/hours.html",
        station=station,
        now_open=opening_hours(station),
        days=days,
        opens=opens,
        closes=closes,
        problems=problems,
        messages=get_flashed_messages(),
    ), status


@bp.route("/hours", methods=["GET", "POST"])
def hours():
    station = _station()
    if request.method == "GET":
        clock = "%H:%M"
        return _render_hours(
            station,
            station.open_days,
            station.opens_at.strftime(clock),
            station.closes_at.strftime(clock),
            {},
        )
    days = request.form.getlist("days")
    opens, closes = request.form.get("opens", ""), request.form.get("closes", "")
    try:
        chosen = opening.check_hours(days, opens, closes)
    except Refused as refused:
        problems = form_labels.messages(refused.problems, labels.HOURS_PROBLEMS)
        chosen_days = "".join(day for day in opening.WEEKDAYS if day in days)
        return _render_hours(station, chosen_days, opens[:8], closes[:8], problems, 422)
    if opening.set_hours(station, chosen):
        audit(
            db.session,
            "edit_hours",
            "station",
            station.id,
            f"{chosen.days} {chosen.opens:%H:%M}-{chosen.closes:%H:%M}",
        )
        db.session.commit()
    flash(labels.HOURS_SAVED)
    return redirect(url_for(".hours"), code=303)


# -- the printer -----------------------------------------------------------------------------


def _render_printer(
    address: str, dots: str, problems: dict, outcome: str = "", failed: bool = False, status=200
):
    context = {
        "address": address,
        "dots": dots,
        "problems": problems,
        "outcome": outcome,
        "failed": failed,
        "current": printer_choice(db.session),
        "messages": get_flashed_messages(),
    }
    if htmx and request.headers.get("HX-Target") == "test-print":
        # htmx swaps only 2xx answers: the failure is the fragment's content, not an error.
        return render_template("settings/_test_print.html", **context), 200
    return render_template("settings/printer.html", **context), status


@bp.route("/printer", methods=["GET", "POST"])
def printer_page():
    if request.method == "GET":
        current = printer_choice(db.session)
        return _render_printer(current.address, str(current.dots), {})
    address = request.form.get("address", "").strip()
    raw_dots = request.form.get("dots", "")
    problems = {}
    if problem := printer.check_address(address):
        problems["address"] = labels.ADDRESS_PROBLEMS[problem]
    dots = printer.check_dots(raw_dots)
    if dots is None:
        problems["dots"] = labels.CHOOSE_FROM_LIST
    if problems:
        return _render_printer(address[:300], raw_dots[:8], problems, status=422)
    printer.save_printer(db.session, address, dots)
    # The address names a device, never a person: it may go in the audit log.
    audit(db.session, "edit_printer", "local_state", "printer", f"{address or '-'} {dots}")
    db.session.commit()
    flash(labels.PRINTER_SAVED)
    return redirect(url_for(".printer_page"), code=303)


@bp.post("/printer/test")
@limiter.limit(print_limit)
def test_print():
    """A short slip through the same raster and ESC/POS path as every slip."""
    current = printer_choice(db.session)
    now = datetime.now(BEIJING)
    content = printer.sample_slip(
        _station(), public_url(url_for("home.index")), now, current_locale()
    )
    outcome = printer.print_sample(current, content, slip_fonts())
    failure = outcome.failure
    audit(
        db.session,
        "test_print",
        "local_state",
        "printer",
        f"{current.address or '-'}: {failure or 'printed'} {outcome.error}".strip(),
    )
    db.session.commit()
    if failure is not None:
        current_app.logger.warning("test print failed: %s", outcome.error or failure)
        message = labels.sample_not_printed(failure)
    else:
        message = str(labels.SAMPLE_PRINTED)
    return _render_printer(
        current.address,
        str(current.dots),
        {},
        outcome=message,
        failed=failure is not None,
        status=502 if failure else 200,
    )
