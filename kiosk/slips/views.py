"""Slips on screen and on paper: /s/<token> opens a slip (its QR code points here)."""

import io
import uuid
from typing import TypeVar

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    send_file,
    session,
    url_for,
)

from kiosk.extensions import db, htmx, limiter
from kiosk.home import device
from kiosk.i18n import current_locale
from kiosk.models import Slip, SlipKind
from kiosk.personal_data import never_cached
from kiosk.slips.service import (
    find_slip,
    issue_slip,
    print_slip,
    recommended_jobs,
    slip_image,
    slip_token,
    subject_of,
)

Record = TypeVar("Record")

bp = Blueprint("slips", __name__, url_prefix="/s")

#: Slips this kiosk session handed out: only these may be reprinted from it.
ISSUED = "slips"


def print_limit() -> str:
    return current_app.config["RATE_LIMIT_PRINT"]


bp.after_request(never_cached)


def hand_out(kind: SlipKind, subject_id: uuid.UUID) -> Slip:
    """Write a slip for a record the caller has committed, then print it and record how it went.

    Two commits on purpose: the slip exists before the printer is tried, so a printer that
    hangs or a crash mid-print leaves a slip marked pending, never a lost record. A phone
    booking from afar gets its slip on screen only.
    """
    slip = issue_slip(db.session, kind, subject_id, current_locale())
    db.session.commit()
    if device.is_phone():
        return slip  # the person is not at the station: the phone shows the slip, nothing prints
    session[ISSUED] = [*session.get(ISSUED, [])[-9:], str(slip.id)]
    print_slip(db.session, slip)
    db.session.commit()
    return slip


def remember(key: str, subject_id: uuid.UUID, slip: Slip) -> None:
    """Keep what was just handed out in the session (ids only), for the page after the redirect."""
    session[key] = {"id": str(subject_id), "slip": str(slip.id)}


def recall(key: str, model: type[Record]) -> tuple[Record, Slip] | None:
    kept = session.get(key) or {}
    if not kept:
        return None
    subject = db.session.get(model, uuid.UUID(kept["id"]))
    slip = db.session.get(Slip, uuid.UUID(kept["slip"]))
    return (subject, slip) if subject is not None and slip is not None else None


def handed_out(slip: Slip) -> Response | str:
    """The answer to a "print" button: the slip in place (htmx), or its own page."""
    if htmx:
        return render_template("slips/_slip.html", **slip_view(slip))
    return redirect(url_for("slips.show", token=slip_token(slip.id)), code=303)


def slip_view(slip: Slip) -> dict:
    """What templates/slips/_slip.html needs."""
    return {
        "slip": slip,
        "token": slip_token(slip.id),
        "can_reprint": str(slip.id) in session.get(ISSUED, []),
    }


def _slip_or_404(token: str) -> Slip:
    slip = find_slip(db.session, token)
    if slip is None:
        abort(404)
    return slip


@bp.get("/<token>")
def show(token: str) -> Response | str:
    """The slip as a phone sees it after scanning the code (or a kiosk without JS)."""
    slip = _slip_or_404(token)
    if slip.kind == SlipKind.job:  # a job slip's code opens the job itself
        job_url = url_for("jobs.job_detail", job_id=slip.subject_id, **{"from": device.QR_MARK})
        return redirect(job_url)
    jobs = (
        recommended_jobs(db.session, subject_of(db.session, slip))
        if (slip.kind == SlipKind.recommendation)
        else []
    )
    return render_template("slips/show.html", jobs=jobs, **slip_view(slip))


@bp.get("/<token>/slip.png")
def image(token: str) -> Response:
    picture = slip_image(db.session, _slip_or_404(token))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=False)
    out.seek(0)
    return send_file(out, mimetype="image/png")


@bp.post("/<token>/print")
@limiter.limit(print_limit)
def reprint(token: str) -> Response | str:
    slip = _slip_or_404(token)
    if str(slip.id) not in session.get(ISSUED, []):
        abort(403)  # only the kiosk session that handed the slip out prints it again
    print_slip(db.session, slip)
    db.session.commit()
    return handed_out(slip)
