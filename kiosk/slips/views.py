"""Slips on screen and on paper: /s/<token> opens a slip (its QR code points here)."""

import io

from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    send_file,
)
from flask.typing import ResponseReturnValue

from kiosk.extensions import db, limiter
from kiosk.jobs.queries import get_job
from kiosk.models import Slip, SlipKind
from kiosk.slips.content import SLIP_TYPES
from kiosk.slips.handout import hand_out, handed_out, issued_here, print_limit, slip_view
from kiosk.slips.service import find_slip, print_slip, slip_image, subject_of
from kiosk.web.render import never_cached

bp = Blueprint("slips", __name__, url_prefix="/s")
bp.after_request(never_cached)
#: Slips given for things that have pages of their own (a job, to show a counselor).
for_pages = Blueprint("job_slips", __name__)


def _slip_or_404(token: str) -> Slip:
    slip = find_slip(db.session, token)
    if slip is None:
        abort(404)
    return slip


@bp.get("/<token>")
def show(token: str) -> ResponseReturnValue:
    """The slip as a phone sees it after scanning the code (or a kiosk without JS)."""
    slip = _slip_or_404(token)
    kind = SLIP_TYPES[slip.kind]
    # A scanned code opens its record, marked as scanned. The kiosk that handed the slip out
    # (its form sent before htmx took it over) sees the slip: followed there, the mark would
    # turn the kiosk into a phone (no printing, no idle reset) until its browser restarts.
    if kind.opens and not issued_here(slip):
        return redirect(kind.opens(slip.subject_id))
    jobs = kind.jobs(db.session, subject_of(db.session, slip)) if kind.jobs else []
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
def reprint(token: str) -> ResponseReturnValue:
    slip = _slip_or_404(token)
    if not issued_here(slip):
        abort(403)  # only the kiosk session that handed the slip out prints it again
    print_slip(db.session, slip)
    db.session.commit()
    return handed_out(slip)


@for_pages.post("/jobs/<job_id>/print")
@limiter.limit(print_limit)
def print_job(job_id: str) -> ResponseReturnValue:
    """A job on paper, to hand to a counselor."""
    job = get_job(job_id)
    if job is None:
        abort(404)
    return handed_out(hand_out(SlipKind.job, job.id))
