"""The station's side of the fleet: it reports itself to the hub with every round, keeps its
county's keys for personal data, and asks the hub about a person at the county's outlets.

With each round the station sends its app version, schema revision, last good backup, how
its last slip printed, its free disk and its backlog (`POST /sync/report`). The answer names
the county's key version; a station that does not hold it fetches the keyring (`POST
/sync/keys`, sealed for this station) and writes it to the instance folder. The first time,
it also seals and hashes its own people again with the county's keys, so the hub sees one
person wherever they registered; those records go up in the same round.
"""

import hashlib
import json
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.appointments.booking import MOBILE_CONTEXT as APPOINTMENT_MOBILE
from kiosk.gigs.posting import ID_CONTEXT as GIG_ID_CONTEXT
from kiosk.gigs.posting import MOBILE_CONTEXT as GIG_MOBILE_CONTEXT
from kiosk.models import Appointment, EmployerKind, GigPost, PrintStatus, Seeker, Slip, utcnow
from kiosk.ops.backup import last_backup_at
from kiosk.ops.cli import backup_folder
from kiosk.ops.versions import app_version, schema_revision
from kiosk.personal_data import (
    COUNTY_KEYS_FILE,
    Vault,
    county_keyring,
    vault_for,
    write_private_file,
)
from kiosk.registration.service import ID_CONTEXT, MOBILE_CONTEXT
from kiosk.sync.station.rounds import (
    HubClient,
    SyncFailed,
    SyncProblem,
    read_state,
    write_state,
)
from kiosk.sync.wire.keys import open_from_hub

REPORT_SEQUENCE = "fleet.report_sequence"


def county_keys(app: Flask) -> dict | None:
    """The county's keyring this station holds, or None before its first round."""
    path = Path(app.instance_path) / COUNTY_KEYS_FILE
    return json.loads(path.read_text()) if path.exists() else None


def keys_version(app: Flask) -> int:
    keys = county_keys(app)
    return int(keys["version"]) if keys else 0


def station_report(app: Flask, session: Session) -> dict[str, Any]:
    """What the hub's Stations page shows of this box."""
    from kiosk.sync.station.outbox import waiting

    last = session.execute(
        select(Slip.print_status, Slip.print_error, Slip.printed_at, Slip.created_at)
        .where(Slip.print_status != PrintStatus.pending)
        .order_by(Slip.created_at.desc())
        .limit(1)
    ).first()
    disk = shutil.disk_usage(app.instance_path)
    backup = last_backup_at(backup_folder(app))
    printed_at = (last[2] or last[3]) if last else None
    return {
        "app_version": app_version(),
        "schema_revision": schema_revision(session),
        "last_backup_at": backup.isoformat() if backup else None,
        "printer_ok": (last[0] == PrintStatus.printed) if last else None,
        "printer_error": last[1] if last else "",
        # SQLite hands back naive datetimes; they were written in UTC.
        "printed_at": printed_at.replace(tzinfo=None).isoformat() + "+00:00"
        if printed_at
        else None,
        "disk_free": disk.free,
        "disk_total": disk.total,
        "waiting": waiting(session),
        "keys_version": keys_version(app),
    }


def _next_sequence(session: Session) -> int:
    """Higher than any report before, even after a restore from an older backup (the clock
    part) or a clock set back (the counter part)."""
    sequence = max(int(read_state(session, REPORT_SEQUENCE) or 0) + 1, int(time.time() * 1000))
    write_state(session, REPORT_SEQUENCE, str(sequence))
    session.commit()
    return sequence


def report_and_keys(app: Flask, session: Session, client: HubClient) -> None:
    """Report this station; fetch the county's keys when the hub has a version it lacks."""
    body = json.dumps(station_report(app, session)).encode()
    sequence = _next_sequence(session)
    try:
        answer = client.send_json("/sync/report", str(sequence), body)
    except SyncFailed as failure:
        if failure.problem is SyncProblem.refused_request:
            return  # a hub from before reports (404): the round goes on without one
        raise
    wanted = answer.get("keys")
    if isinstance(wanted, int) and wanted > 0 and wanted != keys_version(app):
        fetch_keys(app, session, client)


def fetch_keys(app: Flask, session: Session, client: HubClient) -> None:
    request_id = uuid.uuid4().hex
    answer = client.send_json("/sync/keys", request_id, b"{}")
    try:
        ring = open_from_hub(client.secret, client.station_code, request_id, answer["sealed"])
        county_keyring(ring)  # readable, or refused before anything is written
    except (KeyError, TypeError, ValueError) as problem:
        raise SyncFailed(SyncProblem.bad_answer, f"county keys: {problem}"[:100]) from None
    adopt_keys(app, session, ring)


#: The county lookup key this station's people were last hashed with (a fingerprint of it).
REKEYED = "fleet.rekeyed_lookup"
KEYS_ADOPTED_AT = "fleet.keys_adopted_at"


def adopt_keys(app: Flask, session: Session, ring: dict) -> int:
    """Write the county's keyring; when its lookup key is new to this station's records,
    seal and hash the station's people again with it (the changed records go up with the
    round). Returns how many records were written again.

    Safe when two adoptions meet (the timer's round and the desk's "sync now") or a round
    stops half-way: what is done is judged from the database, not from the file (a file
    written by a round that then stopped still leaves the people to hash again), every
    record opens with the keys before or after (one the other adoption, or a registration
    in between, sealed already), and hashing again with the same key changes nothing."""
    session.commit()  # the write lock below is then the fresh transaction's first step
    before = vault_for(app)
    path = Path(app.instance_path) / COUNTY_KEYS_FILE
    write_private_file(path, json.dumps(ring))
    fingerprint = hashlib.sha256(ring["lookup"].encode()).hexdigest()
    # The write lock first (SQLite takes it with the first write): two adoptions go one by
    # one, and the second reads what the first did.
    write_state(session, KEYS_ADOPTED_AT, utcnow().isoformat())
    if read_state(session, REKEYED) == fingerprint:
        session.commit()
        return 0  # a rotation: new data is sealed with the new key, old data still opens
    changed = rekey(session, before, vault_for(app), app.config["STATION_CODE"])
    write_state(session, REKEYED, fingerprint)
    session.commit()
    return changed


def rekey(session: Session, before: Vault, after: Vault, station_code: str) -> int:
    """Every ID and mobile number opened (with the new keys or the old), sealed and hashed
    with the new; the caller commits. Gig posts: this station's own (another's came sealed by
    its owner, who seals them again itself); a worker's key on a take is a hash alone, with
    nothing to open, and stays as it is."""

    def opened(sealed: bytes, context: str) -> str:
        try:
            return after.open(sealed, context=context)
        except ValueError:  # sealed before, with this box's own key
            return before.open(sealed, context=context)

    changed = 0
    for seeker in session.scalars(select(Seeker)):
        number = opened(seeker.id_number_sealed, ID_CONTEXT)
        mobile = opened(seeker.mobile_sealed, MOBILE_CONTEXT)
        seeker.id_number_sealed = after.seal(number, context=ID_CONTEXT)
        seeker.id_number_hash = after.lookup_hash(number, context=ID_CONTEXT)
        seeker.mobile_sealed = after.seal(mobile, context=MOBILE_CONTEXT)
        seeker.mobile_hash = after.lookup_hash(mobile, context=MOBILE_CONTEXT)
        changed += 1
    for appointment in session.scalars(select(Appointment)):
        mobile = opened(appointment.mobile_sealed, APPOINTMENT_MOBILE)
        appointment.mobile_sealed = after.seal(mobile, context=APPOINTMENT_MOBILE)
        appointment.mobile_hash = after.lookup_hash(mobile, context=APPOINTMENT_MOBILE)
        changed += 1
    for post in session.scalars(select(GigPost).where(GigPost.origin == station_code)):
        mobile = opened(post.contact_mobile_sealed, GIG_MOBILE_CONTEXT)
        post.contact_mobile_sealed = after.seal(mobile, context=GIG_MOBILE_CONTEXT)
        if post.household_id_sealed is not None:
            number = opened(post.household_id_sealed, GIG_ID_CONTEXT)
            post.household_id_sealed = after.seal(number, context=GIG_ID_CONTEXT)
            if post.employer_kind is EmployerKind.household:  # its key is the ID's hash
                post.employer_key = after.lookup_hash(number, context=GIG_ID_CONTEXT)
        changed += 1
    return changed


def ask_hub_about(app: Flask, client: HubClient, by: str, key: str, staff: str) -> dict:
    """The hub's answer on a person at the county's outlets (kiosk/sync/hub/fleet.py)."""
    body = json.dumps({"by": by, "key": key, "staff": staff}).encode()
    return client.send_json("/sync/person", uuid.uuid4().hex, body)
