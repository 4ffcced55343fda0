"""Seekers at the desk: find a person by number, see their registration, visits and jobs."""

import uuid

from flask import current_app, render_template, request

from kiosk.domain.forms import Refused
from kiosk.domain.stations import services_by_code
from kiosk.extensions import db
from kiosk.models import Seeker, local_today
from kiosk.personal_data import vault_for
from kiosk.records.service import note_of, visits_of
from kiosk.seekers import labels
from kiosk.seekers.find import MAX_QUERY, find_seekers
from kiosk.seekers.matching import matching_jobs
from kiosk.slips.content import recommended_jobs
from kiosk.web.staff import staff_blueprint

bp = staff_blueprint("seekers", __name__, "/staff/seekers")


def _queue_entry() -> dict:
    """The queue entry a search started from (kept, so the visit is linked to it)."""
    values = request.values
    if values.get("kind") in ("appointment", "ticket") and values.get("entry"):
        return {"kind": values["kind"], "entry": values["entry"]}
    return {}


@bp.get("/")
def find() -> str:
    return render_template("seekers/find.html", found=None, problem="", queue_entry=_queue_entry())


@bp.post("/")
def search() -> tuple[str, int] | str:
    """A POST, so the number typed never lands in an address, a log or the history."""
    try:
        found = find_seekers(db.session, vault_for(current_app), request.form.get("q", ""))
    except Refused as refused:
        problem = labels.LOOKUP_PROBLEMS[refused.problem]
        return render_template(
            "seekers/find.html", found=None, problem=problem, queue_entry=_queue_entry()
        ), 422
    return render_template(
        "seekers/find.html", found=found, problem="", queue_entry=_queue_entry(),
        max_query=MAX_QUERY,
    )  # fmt: skip


@bp.get("/<uuid:seeker_id>")
def seeker(seeker_id: uuid.UUID) -> str:
    person = db.get_or_404(Seeker, seeker_id)
    vault = vault_for(current_app)
    visits = [
        (visit, note_of(vault, visit), recommended_jobs(db.session, visit))
        for visit in visits_of(db.session, person)
    ]
    return render_template(
        "seekers/seeker.html",
        seeker=person,
        visits=visits,
        matches=matching_jobs(db.session, person, local_today()),
        services=services_by_code(db.session, current_app.config["STATION_CODE"]),
        queue_entry=_queue_entry(),
    )
