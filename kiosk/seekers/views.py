"""Seekers (staff console)."""

from flask import Blueprint, render_template
from flask_login import login_required

from kiosk.personal_data import never_cached

bp = Blueprint("seekers", __name__, url_prefix="/staff/seekers")
bp.after_request(never_cached)


@bp.get("/")
@login_required
def find() -> str:
    return render_template("seekers/find.html")
