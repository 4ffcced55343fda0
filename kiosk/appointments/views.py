"""Booking: service → day → time → phone number → confirm; and changing a booking by its code."""

import enum
import uuid
from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

from kiosk import keypad
from kiosk.appointments import booking, labels
from kiosk.appointments.booking import BookingProblem
from kiosk.appointments.schedule import (
    OpenSlot,
    Timetable,
    make_slot,
    open_days,
    slot_at,
    slots_on,
)
from kiosk.domain.forms import Refused
from kiosk.domain.stations import service_by_code, station_by_code, station_services
from kiosk.extensions import db, htmx, limiter
from kiosk.models import (
    Appointment,
    AppointmentStatus,
    ServiceItem,
    SlipKind,
    Station,
    utcnow,
)
from kiosk.personal_data import vault_for
from kiosk.registration.service import MOBILE_CONTEXT as SEEKER_MOBILE
from kiosk.registration.views import registered_seeker
from kiosk.slips.handout import hand_out, recall, remember, slip_view
from kiosk.web.render import never_cached

bp = Blueprint("appointments", __name__, url_prefix="/appointments")

#: The appointment just booked or being changed (its id; the code never goes in a URL).
BOOKED = "appointment"
MANAGING = "managing"
#: Longest slip code accepted from the keypad.
CODE_LENGTH = 10


bp.after_request(never_cached)


def _book_limit() -> str:
    return current_app.config["RATE_LIMIT_BOOK"]


def _station() -> Station:
    station = station_by_code(db.session, current_app.config["STATION_CODE"])
    if station is None:
        abort(404)
    return station


def _timetable() -> Timetable:
    return Timetable(current_app.config["SLOT_MINUTES"], current_app.config["BOOKING_DAYS"])


@bp.get("/")
def services() -> str:
    station = _station()
    return render_template(
        "appointments/services.html", services=station_services(db.session, station.code)
    )


def _day_from_args(days: list[date]) -> date:
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return days[0]
    if day not in days:
        abort(404)
    return day


def _slot_choices(service: ServiceItem, endpoint: str, **values) -> dict:
    """Days the station opens and the chosen day's slots, for the slot picker."""
    station = _station()
    timetable = _timetable()
    days = open_days(station, utcnow(), timetable)
    if not days:
        abort(404)
    day = _day_from_args(days)
    slots = slots_on(db.session, station, service, day, timetable)
    return {
        "service": service,
        "days": days,
        "day": day,
        "slots": slots,
        "now": utcnow(),
        "endpoint": endpoint,
        "endpoint_values": values,
    }


@bp.get("/<code>")
def pick_slot(code: str) -> str:
    service = service_by_code(db.session, current_app.config["STATION_CODE"], code)
    if service is None:
        abort(404)
    choices = _slot_choices(service, ".pick_slot", code=code)
    template = "appointments/_slots.html" if htmx else "appointments/pick_slot.html"
    return render_template(
        template,
        **choices,
        slot_url=lambda slot: url_for(".confirm", code=code, start=slot.start),
    )


def _slot_at(service: ServiceItem, start: str) -> OpenSlot | None:
    return slot_at(db.session, _station(), service, start, _timetable(), utcnow())


def _slot_or_404(code: str, start: str) -> OpenSlot:
    service = service_by_code(db.session, current_app.config["STATION_CODE"], code)
    slot = _slot_at(service, start) if service is not None else None
    if slot is None:
        abort(404)
    return slot


@bp.get("/<code>/at/<start>")
def confirm(code: str, start: str) -> str:
    return _render_confirm(_slot_or_404(code, start), mobile="", problem=None)


@bp.post("/<code>/at/<start>")
@limiter.limit(_book_limit)
def book(code: str, start: str) -> ResponseReturnValue:
    slot = _slot_or_404(code, start)
    mobile = request.form.get("mobile", "")[:20]
    if "key" in request.form:  # a keypad tap without JS: show the number so far
        return _render_confirm(slot, keypad.typed(mobile, request.form["key"], 11), problem=None)
    seeker = registered_seeker() if request.form.get("use_registration") == "yes" else None
    if seeker is not None:
        mobile = vault_for(current_app).open(seeker.mobile_sealed, context=SEEKER_MOBILE)
    db.session.commit()  # end the read: the booking's first statement must be its write
    try:
        appointment = booking.book(
            db.session,
            vault_for(current_app),
            make_slot(db.session, slot),
            mobile,
            origin=current_app.config["STATION_CODE"],
            seeker_id=seeker.id if seeker else None,
        )
    except Refused as refused:
        db.session.rollback()
        return _render_confirm(_slot_or_404(code, start), mobile, refused.problem), 422
    # The booking commits with its slip (hand_out): one transaction, then the printer.
    remember(BOOKED, appointment.id, hand_out(SlipKind.appointment, appointment.id))
    return redirect(url_for(".done"), code=303)


def _render_confirm(slot: OpenSlot, mobile: str, problem: enum.Enum | None) -> str:
    seeker = registered_seeker()
    return render_template(
        "appointments/confirm.html",
        slot=slot,
        service=slot.service,
        mobile=mobile,
        problem=labels.BOOKING_PROBLEMS.get(problem) if problem else None,
        seeker_mobile=seeker.mobile_masked if seeker else None,
        keypad_rows=keypad.DIGIT_ROWS,
    )


@bp.get("/done")
def done() -> ResponseReturnValue:
    booked = recall(BOOKED, Appointment)
    if booked is None:
        return redirect(url_for(".services"))
    appointment, slip = booked
    return render_template("appointments/done.html", appointment=appointment, **slip_view(slip))


# -- changing a booking by the slip's code -----------------------------------------------------


@bp.route("/manage", methods=["GET", "POST"])
@limiter.limit(_book_limit, methods=["POST"])
def manage() -> ResponseReturnValue:
    code = request.form.get("code", "").strip().upper()[: CODE_LENGTH + 2]
    if request.method == "GET":
        return _render_manage("", None)
    if "key" in request.form:
        return _render_manage(keypad.typed(code, request.form["key"], CODE_LENGTH), None)
    appointment = booking.find_booked(db.session, code) if code else None
    if appointment is None:
        return _render_manage(code, labels.CODE_UNKNOWN), 422
    session[MANAGING] = str(appointment.id)
    return redirect(url_for(".managing"), code=303)


def _render_manage(code: str, problem: str | None) -> str:
    return render_template(
        "appointments/manage.html", code=code, problem=problem, keypad_rows=keypad.CODE_ROWS
    )


def _managed() -> Appointment:
    appointment_id = session.get(MANAGING)
    appointment = db.session.get(Appointment, uuid.UUID(appointment_id)) if appointment_id else None
    if appointment is None or appointment.status != AppointmentStatus.booked:
        abort(404)
    return appointment


@bp.get("/manage/current")
def managing() -> str:
    return _render_managing("appointments/_slots.html" if htmx else "appointments/managing.html")


def _render_managing(template: str, problem: str | None = None) -> str:
    appointment = _managed()
    choices = _slot_choices(appointment.service, ".managing")
    return render_template(
        template, appointment=appointment, **choices, slot_url=None, problem=problem
    )


@bp.post("/manage/cancel")
@limiter.limit(_book_limit)
def cancel() -> str:
    appointment_id = _managed().id
    db.session.commit()
    cancelled = booking.cancel(db.session, appointment_id)
    db.session.commit()
    session.pop(MANAGING, None)
    return render_template("appointments/cancelled.html", appointment=cancelled)


@bp.post("/manage/move")
@limiter.limit(_book_limit)
def move() -> ResponseReturnValue:
    managed = _managed()
    appointment_id, slot = managed.id, _slot_at(managed.service, request.form.get("start", ""))
    db.session.commit()  # end the read, as in `book`
    try:
        if slot is None:
            raise Refused.one("slot", BookingProblem.unknown_slot)
        appointment = booking.move(db.session, appointment_id, make_slot(db.session, slot))
    except Refused as refused:
        db.session.rollback()
        words = labels.BOOKING_PROBLEMS[refused.problem]
        return _render_managing("appointments/managing.html", words), 422
    session.pop(MANAGING, None)
    remember(BOOKED, appointment.id, hand_out(SlipKind.appointment, appointment.id))
    return redirect(url_for(".done"), code=303)
