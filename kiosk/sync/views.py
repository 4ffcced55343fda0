"""The hub's side of sync: /sync/… answers signed requests from registered stations only."""

from flask import Blueprint, abort, current_app, jsonify, request

from kiosk.extensions import csrf, db
from kiosk.personal_data import vault_for
from kiosk.sync.credentials import authenticated_station
from kiosk.sync.signing import SignedRequest

bp = Blueprint("sync", __name__, url_prefix="/sync")


@bp.before_request
def hub_only() -> None:
    if current_app.config["ROLE"] != "hub":
        abort(404)


@bp.post("/hello")
@csrf.exempt  # a machine's signed request, not a browser's form
def hello():
    """A station checks its secret and its link; the hub notes the contact."""
    station = authenticated_station(
        db.session, vault_for(current_app), SignedRequest.from_headers(request.headers),
        request.method, request.path, request.get_data(),
    )  # fmt: skip
    if station is None:
        db.session.rollback()
        return jsonify({"error": "not a registered station, or a bad signature"}), 401
    db.session.commit()
    return jsonify({"station": station.station_code})
