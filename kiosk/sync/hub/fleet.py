"""The hub's side of the fleet: a station's report of itself, its county's keys, and a
counselor's look-up of a person across the county's outlets. Signed requests only, as /sync/*.

- `POST /sync/report` (batch id: the report's sequence number) — the station's version,
  schema, last backup, printer, disk; the answer names the county's key version.
- `POST /sync/keys` (batch id: a fresh request id) — the county's keyring, sealed for that
  station (kiosk/sync/wire/keys.py).
- `POST /sync/person` (batch id: a fresh request id) — {"by": "id"|"mobile", "key": keyed
  hash, "staff": username}: the person's registrations, visits and follow-ups at every outlet
  of the county, masked; audited (who, which station, when, which person key).
"""

import json
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request
from sqlalchemy.orm import Session

from kiosk.extensions import csrf, db
from kiosk.models import StationCredential, StationReport, utcnow
from kiosk.personal_data import vault_for
from kiosk.sync.hub.county_keys import county_of, current_version, keyring
from kiosk.sync.hub.credentials import SECRET_CONTEXT
from kiosk.sync.hub.endpoints import MAX_BATCH_ID, _bad_request, _refused, _station, _whole_number
from kiosk.sync.hub.people import audit_lookup, lookups_within, person_across_outlets
from kiosk.sync.wire.keys import seal_for_station
from kiosk.sync.wire.signing import SignedRequest

bp = Blueprint("sync_fleet", __name__, url_prefix="/sync")
#: A report or a look-up is a few hundred bytes.
MAX_BODY = 16 * 1024


def _json_body() -> dict | None:
    body = request.get_data()
    try:
        data = json.loads(body) if body else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _signed_station() -> tuple[SignedRequest | None, StationCredential | None]:
    if (request.content_length or 0) > MAX_BODY:
        abort(413)
    signed = SignedRequest.from_headers(dict(request.headers))
    station = _station(signed, request.get_data())
    return signed, station


@bp.post("/report")
@csrf.exempt
def report():
    """The station's report of itself; the latest one is kept (an older one is ignored)."""
    signed, station = _signed_station()
    if station is None or signed is None:
        return _refused()
    sequence = _whole_number(signed.batch_id, 18)
    data = _json_body()
    if sequence is None or data is None:
        return _bad_request("a report is a JSON object, signed with its sequence number")
    kept = store_report(db.session, station.station_code, sequence, data)
    county = county_of(db.session, station.station_code)
    version = current_version(db.session, county) if county else 0
    db.session.commit()
    return jsonify({"kept": kept, "county": county, "keys": version})


def _text(data: dict, name: str, length: int) -> str:
    """A short line of the report (a printer's error may carry a line break: a space)."""
    value = data.get(name)
    if not isinstance(value, str):
        return ""
    return "".join(c if c.isprintable() else " " for c in value[:length])


def _count(data: dict, name: str) -> int:
    value = data.get(name)
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**62
    return value if ok else 0  # type: ignore[return-value]


def _when(data: dict, name: str) -> datetime | None:
    value = data.get(name)
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def store_report(session: Session, station_code: str, sequence: int, data: dict) -> bool:
    """Keep the report unless a newer one is kept already (a late or replayed one)."""
    row = session.get(StationReport, station_code, with_for_update=True)
    if row is None:
        row = StationReport(station_code=station_code, sequence=-1)
        session.add(row)
    elif row.sequence >= sequence:
        return False
    printer_ok = data.get("printer_ok")
    row.sequence = sequence
    row.received_at = utcnow()
    row.app_version = _text(data, "app_version", 40)
    row.schema_revision = _text(data, "schema_revision", 64)
    row.last_backup_at = _when(data, "last_backup_at")
    row.printer_ok = printer_ok if isinstance(printer_ok, bool) else None
    row.printer_error = _text(data, "printer_error", 200)
    row.printed_at = _when(data, "printed_at")
    row.disk_free = _count(data, "disk_free")
    row.disk_total = _count(data, "disk_total")
    row.waiting = _count(data, "waiting")
    row.keys_version = min(_count(data, "keys_version"), 30000)
    return True


@bp.post("/keys")
@csrf.exempt
def keys():
    """The county's keys, sealed for the station that asked."""
    signed, station = _signed_station()
    if station is None or signed is None:
        return _refused()
    if len(signed.batch_id) > MAX_BATCH_ID:
        return _bad_request(f"a request id has at most {MAX_BATCH_ID} characters")
    county = county_of(db.session, station.station_code)
    hub = vault_for(current_app)
    ring = keyring(db.session, hub, county) if county else {}
    db.session.commit()
    if not ring:
        return jsonify({"county": county, "keys": 0})
    secret = hub.open(station.secret_sealed, context=SECRET_CONTEXT)
    sealed = seal_for_station(secret, station.station_code, signed.batch_id, ring)
    return jsonify({"county": county, "keys": ring["version"], "sealed": sealed})


@bp.post("/person")
@csrf.exempt
def person():
    """A counselor's look-up of a person at every outlet of the station's county."""
    signed, station = _signed_station()
    if station is None or signed is None:
        return _refused()
    data = _json_body() or {}
    by, key, staff = data.get("by"), data.get("key"), _text(data, "staff", 40)
    if by not in ("id", "mobile") or not isinstance(key, str) or len(key) != 64 or not staff:
        return _bad_request('a look-up is {"by": "id"|"mobile", "key": hash, "staff": name}')
    per_hour = current_app.config["SYNC_PERSON_LOOKUPS_PER_HOUR"]
    hour_ago = utcnow() - timedelta(hours=1)
    if lookups_within(db.session, station.station_code, hour_ago) >= per_hour:
        audit_lookup(db.session, station.station_code, staff, by, key, [], refused=True)
        db.session.commit()
        problem = f"too many look-ups from this station: at most {per_hour} an hour"
        return jsonify({"error": problem}), 429
    county = county_of(db.session, station.station_code)
    people: list[dict[str, Any]] = (
        person_across_outlets(db.session, county, by, key) if county else []
    )
    audit_lookup(db.session, station.station_code, staff, by, key, people)
    db.session.commit()
    return jsonify({"county": county, "people": people})
