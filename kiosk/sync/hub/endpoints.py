"""The hub's side of sync: /sync/… answers signed requests from registered stations only."""

import gzip
import json

from flask import Blueprint, Response, current_app, jsonify, request

from kiosk.extensions import csrf, db
from kiosk.models import StationCredential
from kiosk.personal_data import vault_for
from kiosk.sync.hub.batches import MAX_COMPRESSED, BadBatch, apply_batch, read_batch
from kiosk.sync.hub.changes import changes_after
from kiosk.sync.hub.credentials import authenticated_station, note_contact
from kiosk.sync.wire.signing import BACKLOG, SignedRequest

bp = Blueprint("sync", __name__, url_prefix="/sync")
#: Changes in one pull answer.
PULL_PAGE = 2000


def _station(
    signed: SignedRequest | None, body: bytes, *, contact: bool = True
) -> StationCredential | None:
    return authenticated_station(
        db.session, vault_for(current_app), signed, request.method, request.path, body,
        contact=contact,
    )  # fmt: skip


#: The widest batch id a receipt keeps; a cursor fits PostgreSQL's bigint.
MAX_BATCH_ID = 64
MAX_CURSOR_DIGITS = 18


def _whole_number(text: str, digits: int) -> int | None:
    """A header's or argument's number: ASCII digits only (`"²".isdigit()` is true)."""
    if text.isascii() and text.isdigit() and len(text) <= digits:
        return int(text)
    return None


def _bad_request(problem: str):
    db.session.rollback()
    return jsonify({"error": problem}), 400


def _refused():
    db.session.rollback()
    return jsonify({"error": "not a registered station, or a bad signature"}), 401


def _gzip_json(payload: dict) -> Response:
    # Level 6: level 9 took the hub three times as long for 5% fewer bytes.
    body = gzip.compress(json.dumps(payload, separators=(",", ":")).encode(), 6, mtime=0)
    return Response(body, content_type="application/json", headers={"Content-Encoding": "gzip"})


@bp.post("/hello")
@csrf.exempt  # a machine's signed request, not a browser's form
def hello():
    """A station checks its secret and its link; the hub notes the contact."""
    station = _station(SignedRequest.from_headers(request.headers), request.get_data())
    if station is None:
        return _refused()
    db.session.commit()
    return jsonify({"station": station.station_code})


@bp.post("/push")
@csrf.exempt
def push():
    """A batch of a station's records: applied once, answered per record."""
    if (request.content_length or 0) > MAX_COMPRESSED:
        return jsonify({"error": "batch too large"}), 413
    body = request.stream.read(MAX_COMPRESSED + 1)
    signed = SignedRequest.from_headers(request.headers)
    station = _station(signed, body, contact=False)  # noted below, unless a replay
    if station is None:
        return _refused()
    if len(signed.batch_id) > MAX_BATCH_ID:
        return _bad_request(f"a batch id has at most {MAX_BATCH_ID} characters")
    try:
        records = read_batch(body, request.headers.get("Content-Encoding", ""))
    except BadBatch as problem:
        db.session.rollback()
        return jsonify({"error": str(problem)}), problem.status
    # How many records wait at the station: a count for the Stations page, never trusted.
    backlog = _whole_number(request.headers.get(BACKLOG, "0"), 9) or 0
    answer = apply_batch(db.session, station, signed.batch_id, records, backlog)
    if not answer.get("replayed"):
        note_contact(station)
    db.session.commit()
    return _gzip_json(answer)


@bp.get("/changes")
def changes():
    """What the hub published after the station's cursor, one page at a time."""
    signed = SignedRequest.from_headers(request.headers)
    station = _station(signed, b"")
    if station is None:
        return _refused()
    after = request.args.get("after", "")
    cursor_from = _whole_number(after, MAX_CURSOR_DIGITS)
    if cursor_from is None or signed.batch_id != after:
        return _bad_request("after= takes the signed cursor")
    page, cursor, more = changes_after(db.session, station.station_code, cursor_from, PULL_PAGE)
    db.session.commit()
    return _gzip_json({"changes": page, "cursor": cursor, "more": more})
