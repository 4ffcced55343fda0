"""The hub's side of sync: /sync/… answers signed requests from registered stations only."""

import gzip
import json
import uuid

from flask import Blueprint, Response, current_app, jsonify, request

from kiosk.extensions import csrf, db
from kiosk.models import StationCredential, local_today
from kiosk.personal_data import vault_for
from kiosk.sync.hub.batches import MAX_COMPRESSED, BadBatch, apply_batch, read_batch
from kiosk.sync.hub.changes import (
    changes_after,
    head,
    own_changes,
    retire_before,
    shared_changes,
    snapshot_page,
)
from kiosk.sync.hub.credentials import authenticated_station, note_contact
from kiosk.sync.wire.kinds import PULLED_BY_NAME
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
    # UTF-8 as it is, not \u escapes: a snapshot page of Chinese and Mongolian text is a
    # quarter smaller, and quicker to write, compress and read on both sides. Level 6:
    # level 9 took the hub three times as long for 5% fewer bytes.
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    body = gzip.compress(text.encode(), 6, mtime=0)
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


def _retire_before():
    return retire_before(local_today(), current_app.config["SYNC_RETIRE_DAYS"])


@bp.get("/changes")
def changes():
    """What the hub published after the station's cursor, one page at a time.

    With `own=`, the two streams apart: `after` is the shared stream's cursor (its pages the
    same for every station, kept and served again) and `own` this station's (its service
    list); the signed id is "after.own". Without it, both together (older stations)."""
    signed = SignedRequest.from_headers(request.headers)
    station = _station(signed, b"")
    if station is None:
        return _refused()
    after = request.args.get("after", "")
    cursor_from = _whole_number(after, MAX_CURSOR_DIGITS)
    if "own" not in request.args:
        if cursor_from is None or signed.batch_id != after:
            return _bad_request("after= takes the signed cursor")
        page, cursor, more = changes_after(
            db.session, station.station_code, cursor_from, PULL_PAGE, _retire_before()
        )
        db.session.commit()
        return _gzip_json({"changes": page, "cursor": cursor, "more": more})
    own = request.args.get("own", "")
    own_from = _whole_number(own, MAX_CURSOR_DIGITS)
    if cursor_from is None or own_from is None or signed.batch_id != f"{after}.{own}":
        return _bad_request("after= and own= take the signed cursors")
    _contact_lightly()
    if head(db.session) <= min(cursor_from, own_from):
        # Nothing after either cursor: most of a fleet's pulls, answered without a page.
        db.session.commit()
        return _gzip_json({"changes": [], "cursor": cursor_from, "own": [],
                           "own_cursor": own_from, "more": False})  # fmt: skip
    limit = _retire_before()
    mine, own_cursor, own_more = own_changes(
        db.session, station.station_code, own_from, PULL_PAGE, limit
    )
    page, cursor, more = shared_changes(db.session, cursor_from, PULL_PAGE, limit)
    db.session.commit()
    return _gzip_json(
        {
            "changes": page,
            "cursor": cursor,
            "own": mine,
            "own_cursor": own_cursor,
            "more": more or own_more,
        }
    )


def _contact_lightly() -> None:
    """A pull writes only the station's "last contact": a hint, not worth waiting for the
    disk (PostgreSQL commits this transaction without flushing its log; a crash loses at
    most the last moments' contact times, never a record)."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")


def _snapshot_token(token: str) -> bool:
    """ "0", or "number:kind:id" as the last page handed it back."""
    if token == "0":
        return True
    parts = token.split(":", 2)
    if len(parts) != 3 or _whole_number(parts[0], MAX_CURSOR_DIGITS) is None:
        return False
    if parts[1] not in PULLED_BY_NAME:
        return False
    try:
        uuid.UUID(parts[2])
    except ValueError:
        return False
    return True


@bp.get("/snapshot")
def snapshot():
    """A new station's start: the current rows, page by page, and the log number to follow
    from once it has them all (instead of every version ever published)."""
    signed = SignedRequest.from_headers(request.headers)
    station = _station(signed, b"")
    if station is None:
        return _refused()
    token = request.args.get("from", "")
    if signed.batch_id != token or not _snapshot_token(token):
        return _bad_request("from= takes the signed token the last page gave")
    records, following, start = snapshot_page(
        db.session, station.station_code, token, current_app.config["STATION_CODE"],
        _retire_before(),
    )  # fmt: skip
    db.session.commit()
    return _gzip_json({"changes": records, "next": following, "cursor": start})
