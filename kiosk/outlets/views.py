"""The kiosk's list of other outlets, from the outlet register the hub publishes."""

from flask import Blueprint, Response

from kiosk.county.directory import directory_entries
from kiosk.domain.stations import this_station, this_station_code
from kiosk.extensions import db
from kiosk.models import utcnow
from kiosk.web.render import page

bp = Blueprint("outlets", __name__, url_prefix="/outlets")


@bp.get("/")
def index() -> Response:
    here = this_station(db.session)
    banners = directory_entries(
        db.session, utcnow(), first_banner=here.region_code if here else "",
        leave_out=this_station_code(),
    )  # fmt: skip
    return page("outlets/index.html", banners=banners, here=here)
