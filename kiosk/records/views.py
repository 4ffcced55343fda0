"""Follow-ups (staff console)."""

from flask import Blueprint, render_template
from flask_login import login_required

from kiosk.personal_data import never_cached

bp = Blueprint("records", __name__, url_prefix="/staff/visits")
bp.after_request(never_cached)


@bp.get("/")
@login_required
def follow_ups() -> str:
    return render_template("records/follow_ups.html")
