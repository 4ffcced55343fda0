"""Service records at the desk: record a visit (and print recommended jobs), follow-ups."""

import uuid
from collections.abc import Mapping
from datetime import timedelta

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from kiosk.domain.forms import FieldProblem, Refused
from kiosk.domain.stations import services_by_code, station_services
from kiosk.extensions import db
from kiosk.i18n import localized
from kiosk.models import (
    Appointment,
    PrintStatus,
    Seeker,
    ServiceRecord,
    Slip,
    SlipKind,
    Ticket,
    local_today,
)
from kiosk.personal_data import vault_for
from kiosk.records import labels
from kiosk.records.service import (
    Visit,
    VisitSource,
    finish_follow_up,
    jobs_recommended_to,
    note_of,
    open_follow_ups,
    record_visit,
    seeker_of_appointment,
)
from kiosk.seekers.matching import matching_jobs
from kiosk.slips.handout import hand_out
from kiosk.slips.service import print_slip
from kiosk.web.staff import audit, staff_blueprint

bp = staff_blueprint("records", __name__, "/staff/visits")


def _uuid(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw) if raw else None
    except ValueError:
        abort(404)


def _source(values: Mapping[str, str]) -> VisitSource:
    """Who the visit is with, from the ids the form or link carries (opaque, not personal)."""
    seeker = appointment = ticket = None
    if seeker_id := _uuid(values.get("seeker")):
        seeker = db.session.get(Seeker, seeker_id) or abort(404)
    if entry_id := _uuid(values.get("entry")):
        match values.get("kind"):
            case "appointment":
                appointment = db.session.get(Appointment, entry_id) or abort(404)
                seeker = seeker or seeker_of_appointment(
                    db.session, vault_for(current_app), appointment
                )
            case "ticket":
                ticket = db.session.get(Ticket, entry_id) or abort(404)
            case _:
                abort(404)
    return VisitSource(seeker, appointment, ticket)


def _render_form(
    source: VisitSource, visit: Visit, problems: Mapping[str, FieldProblem] = {}, status: int = 200
):
    entry = source.appointment or source.ticket
    services = station_services(db.session, current_app.config["STATION_CODE"])
    matches = matching_jobs(db.session, source.seeker, local_today()) if source.seeker else []
    context = {
        "source": source,
        "entry": entry,
        "kind": "appointment" if source.appointment else "ticket" if source.ticket else "",
        "visit": visit,
        "service_choices": [(service.code, localized(service, "name")) for service in services],
        "matches": matches,
        "recommended_before": jobs_recommended_to(db.session, source.seeker)
        if source.seeker
        else [],
        "problems": {name: labels.record_problem(p) for name, p in dict(problems).items()},
        "today": local_today(),
    }
    return render_template("records/new.html", **context), status


@bp.get("/new")
def new_visit():
    source = _source(request.args)
    entry = source.appointment or source.ticket
    # The queue entry's service is what the person came for: ticked to start with.
    services = [entry.service.code] if entry else []
    return _render_form(source, Visit(services=services))


@bp.post("/new")
def save_visit():
    source = _source(request.form)
    form = request.form
    visit = Visit(
        services=form.getlist("services"),
        outcomes=form.getlist("outcomes"),
        job_ids=form.getlist("jobs"),
        note=form.get("note", ""),
        follow_up_on=form.get("follow_up_on", ""),
        hired_job=form.get("hired_job", ""),
    )
    try:
        record = record_visit(
            db.session, vault_for(current_app), visit, source,
            station_code=current_app.config["STATION_CODE"],
            served_by=current_user.username, today=local_today(),
        )  # fmt: skip
    except Refused as refused:
        db.session.rollback()
        return _render_form(source, visit, refused.problems, 422)
    audit(db.session, "record_visit", "service_record", record.id, ",".join(record.outcomes))
    db.session.commit()
    printed = None
    if record.recommended_job_ids:
        printed = hand_out(SlipKind.recommendation, record.id).print_status == PrintStatus.printed
    flash(labels.recorded(printed), "done" if printed is not False else "problem")
    if source.seeker:
        return redirect(url_for("seekers.seeker", seeker_id=source.seeker.id), code=303)
    return redirect(url_for("desk.queue"), code=303)


@bp.post("/<uuid:record_id>/reprint")
def reprint(record_id: uuid.UUID) -> ResponseReturnValue:
    """Print a visit's job recommendation again, at the desk's printer."""
    record = db.get_or_404(ServiceRecord, record_id)
    slip = db.session.scalars(
        select(Slip).where(Slip.subject_id == record.id).order_by(Slip.created_at.desc())
    ).first() or abort(404)
    printed = print_slip(db.session, slip)
    audit(db.session, "reprint", "service_record", record.id)
    db.session.commit()
    flash(labels.recorded(printed), "done" if printed else "problem")
    if record.seeker_id is None:
        return redirect(url_for("desk.queue"), code=303)
    return redirect(url_for("seekers.seeker", seeker_id=record.seeker_id), code=303)


@bp.get("/follow-ups")
def follow_ups() -> str:
    vault = vault_for(current_app)
    records = [(record, note_of(vault, record)) for record in open_follow_ups(db.session)]
    return render_template(
        "records/follow_ups.html",
        records=records,
        assistance_tasks=_assistance_tasks(),
        gigs_unpaid=_gigs_unpaid(),
        today=local_today(),
        services=services_by_code(db.session, current_app.config["STATION_CODE"]),
    )


def _gigs_unpaid() -> list | None:
    """Places in gigs now over whose worker has not said whether they were paid (None where
    gigs are not mounted)."""
    if "gig_review" not in current_app.blueprints:
        return None
    from kiosk.gigs.outcomes import awaiting_paid

    return awaiting_paid(db.session, local_today(), station_code=current_app.config["STATION_CODE"])


def _assistance_tasks() -> list | None:
    """The member's tasks of the assistance packages due within a week, on the same list
    (None where precise assistance is not mounted)."""
    if "assistance" not in current_app.blueprints:
        return None
    from kiosk.assistance.plans import open_tasks

    horizon = local_today() + timedelta(days=7)
    return [t for t in open_tasks(db.session, current_user.username) if t.due_on <= horizon]


@bp.post("/<uuid:record_id>/follow-up-done")
def follow_up_done(record_id: uuid.UUID) -> ResponseReturnValue:
    if finish_follow_up(db.session, record_id):
        audit(db.session, "follow_up_done", "service_record", record_id)
        db.session.commit()
        flash(labels.follow_up_finished(), "done")
    else:
        db.session.rollback()
        flash(labels.follow_up_already_done(), "problem")
    return redirect(url_for(".follow_ups"), code=303)
