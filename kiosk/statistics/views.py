"""Statistics (staff console)."""

from flask import Blueprint, render_template

from kiosk.models import StaffRole
from kiosk.personal_data import never_cached
from kiosk.staff.accounts import role_required

bp = Blueprint("statistics", __name__, url_prefix="/staff/statistics")
bp.after_request(never_cached)


@bp.get("/")
@role_required(StaffRole.manager)
def index() -> str:
    return render_template("statistics/index.html")
