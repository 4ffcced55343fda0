"""At the hub: the county's view of the assistance its outlets pushed (kiosk/assistance/
county.py), per outlet and per person, masked, for the county's own checks."""

from flask import abort
from flask.typing import ResponseReturnValue

from kiosk.assistance.county import STANDINGS, outlet_summaries, people_of_outlet
from kiosk.domain.stations import station_by_code
from kiosk.extensions import db
from kiosk.i18n import localized
from kiosk.models import local_today
from kiosk.web.render import page
from kiosk.web.staff import staff_blueprint

bp = staff_blueprint("assistance_hub", __name__, "/staff/assistance")


@bp.get("/")
def outlets() -> ResponseReturnValue:
    today = local_today()
    return page(
        "assistance/county.html", summaries=outlet_summaries(db.session, today),
        standings=STANDINGS, today=today,
    )  # fmt: skip


@bp.get("/outlets/<code>")
def outlet(code: str) -> ResponseReturnValue:
    today = local_today()
    station = station_by_code(db.session, code)
    people = people_of_outlet(db.session, code, today)
    if station is None and not people:
        abort(404)
    # A caravan that pushed before the register named it is shown by its code.
    name = localized(station, "name") if station else code
    return page("assistance/county_outlet.html", name=name, people=people, today=today)
