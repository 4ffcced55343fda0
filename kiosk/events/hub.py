"""The county's events (hub console): publish a fair, a caravan day or a live stream (every
station pulls it), book employers' booths under the county's no-show rule, and read each
event's outcome from what the stations pushed."""

from flask import Blueprint, Flask, Response, abort, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from kiosk.domain.forms import Refused
from kiosk.events import labels
from kiosk.events.service import (
    EventForm,
    NoShowRule,
    barred_until,
    book_booth,
    booths_of,
    cancel_event,
    event_by_code,
    move_event,
    outcome,
    save_event,
    unverified_of,
)
from kiosk.extensions import db
from kiosk.models import Employer, Event, Job, Region, StaffRole, local_today, utcnow
from kiosk.web.render import page
from kiosk.web.staff import StaffLink, add_staff_links, audit, staff_blueprint

bp: Blueprint = staff_blueprint("events_admin", __name__, "/staff/events", role=StaffRole.manager)


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.events.cli import events
    from kiosk.web.labels import add_labels

    app.register_blueprint(bp)
    app.cli.add_command(events)
    add_labels(app, "events", labels)
    add_staff_links(app, StaffLink("events_admin.index", _l("Events"), order=9))


def rule() -> NoShowRule:
    config = current_app.config
    return NoShowRule(int(config["FAIR_NO_SHOWS"]), int(config["FAIR_BAR_DAYS"]))


def _event(code: str) -> Event:
    return event_by_code(db.session, code) or abort(404)


def _open_jobs() -> list[Job]:
    today = local_today()
    jobs = db.session.scalars(select(Job).order_by(Job.published_at.desc()).limit(400)).unique()
    return [job for job in jobs if job.is_open(today)]


def _form_page(form: EventForm, problems: dict, event: Event | None, status: int = 200) -> Response:
    regions = db.session.scalars(select(Region).order_by(Region.code)).all()
    return page(
        "events/admin_form.html", status=status, form=form, problems=problems, event=event,
        regions=regions, jobs=_open_jobs(),
    )  # fmt: skip


#: Events the index lists, with each one's outcome (the county's figures page has the rest).
INDEX_LIMIT = 60


@bp.get("/")
def index() -> Response:
    events = db.session.scalars(
        select(Event).order_by(Event.starts_at.desc()).limit(INDEX_LIMIT)
    ).all()
    today = local_today()
    outcomes = {event.id: outcome(db.session, event, today) for event in events}
    return page("events/admin_index.html", events=events, outcomes=outcomes)


@bp.get("/new")
def new() -> Response:
    return _form_page(EventForm(kind=request.args.get("kind", "fair")), {}, None)


@bp.get("/<code>/edit")
def edit(code: str) -> Response:
    found = _event(code)
    return _form_page(EventForm.of(found), {}, found)


def _problems(refused: Refused) -> dict[str, str]:
    return {name: labels.problem_message(problem) for name, problem in refused.problems.items()}


@bp.post("/new", endpoint="create")
@bp.post("/<code>/edit")
def save(code: str = "") -> ResponseReturnValue:
    found = _event(code) if code else None
    form = EventForm.from_form(request.form)
    try:
        event = save_event(db.session, form, "HUB", local_today(), found)
        db.session.flush()
    except Refused as refused:
        db.session.rollback()
        return _form_page(form, _problems(refused), found, 422)
    audit(db.session, "publish event", "event", event.id, event.code)
    db.session.commit()
    flash(_("The event is published; every station gets it with its next pull."))
    return redirect(url_for(".event", code=event.code))


def _event_page(
    found: Event, problems: dict | None = None, status: int = 200, where: str = "book"
) -> Response:
    """The event's page; `where` is the form the problems are shown beside."""
    booths = booths_of(db.session, found)
    employers = db.session.scalars(select(Employer).order_by(Employer.name_zh).limit(500)).all()
    names = {employer.id: employer for employer in employers}
    now, today = utcnow(), local_today()
    unverified = {
        id_: labels.unverified_message(why, names[id_].name_zh)
        for id_, why in unverified_of(db.session, employers, today).items()
    }
    move = EventForm.of(found)
    return page(
        "events/admin_event.html", status=status, event=found, booths=booths, names=names,
        jobs=_open_jobs(), outcome=outcome(db.session, found, today),
        barred={e.id: barred_until(db.session, e.id, now, rule()) for e in employers},
        unverified=unverified, problems=problems or {}, chosen=request.form.get("employer_id", ""),
        starts_at=request.form.get("starts_at", move.starts_at),
        ends_at=request.form.get("ends_at", move.ends_at), over=found.ends_at <= now, where=where,
    )  # fmt: skip


@bp.get("/<code>")
def event(code: str) -> Response:
    return _event_page(_event(code))


@bp.post("/<code>/booths")
def book(code: str) -> ResponseReturnValue:
    found = _event(code)
    employer_id = request.form.get("employer_id", "")
    try:
        booth = book_booth(
            db.session, found, employer_id, request.form.getlist("job_ids"),
            current_user.username, utcnow(), rule(),
        )  # fmt: skip
        db.session.flush()
    except Refused as refused:
        db.session.rollback()
        return _event_page(found, _problems(refused), 422)
    audit(db.session, "book booth", "booth", booth.id, f"{found.code} #{booth.number}")
    db.session.commit()
    flash(_("Booth %(number)s is booked.", number=booth.number))
    return redirect(url_for(".event", code=found.code))


@bp.post("/<code>/cancel")
def cancel(code: str) -> ResponseReturnValue:
    found = _event(code)
    try:
        cancel_event(found, utcnow())
    except Refused as refused:
        return _event_page(found, _problems(refused), 422, "change")
    audit(db.session, "cancel event", "event", found.id, found.code)
    db.session.commit()
    flash(_("The event is cancelled; every station shows it cancelled with its next pull."))
    return redirect(url_for(".event", code=found.code))


@bp.post("/<code>/move")
def move(code: str) -> ResponseReturnValue:
    found = _event(code)
    try:
        move_event(found, request.form.get("starts_at", ""), request.form.get("ends_at", ""),
                   utcnow())  # fmt: skip
    except Refused as refused:
        db.session.rollback()
        return _event_page(found, _problems(refused), 422, "change")
    audit(db.session, "move event", "event", found.id, found.code)
    db.session.commit()
    flash(_("The event is moved; every station shows the new time with its next pull."))
    return redirect(url_for(".event", code=found.code))
