"""The station's outbox: every change to a record it collects is queued for the hub in the
same transaction as the change, so a record cannot be saved and forgotten."""

import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, bindparam, delete, func, literal, select
from sqlalchemy.orm import Session

from kiosk.models import Appointment, OutboxEntry, Slot
from kiosk.models.base import table_of, upsert_insert
from kiosk.sync.wire.kinds import PUSHED, PUSHED_BY_MODEL, PUSHED_BY_NAME, load_encoded


def queue_for_hub(session: Session, changed: Mapping[str, Iterable[uuid.UUID]]) -> None:
    """Queue these records (by kind) at their current version; a queued one keeps its place."""
    connection = session.connection()
    insert = upsert_insert(session)
    for kind in PUSHED:
        ids = list(changed.get(kind.name, ()))
        if not ids:
            continue
        table = kind.table
        version = literal(1) if kind.model is Slot else table.c.version
        source = select(literal(kind.name), table.c.id, version).where(table.c.id.in_(ids))
        stmt = insert(table_of(OutboxEntry)).from_select(["kind", "record_id", "version"], source)
        stmt = stmt.on_conflict_do_update(
            index_elements=["kind", "record_id"], set_={"version": stmt.excluded.version}
        )
        connection.execute(stmt)


class OutboxCapture:
    """A station's capture (kiosk/sync/capture.py): its own records go in the outbox."""

    #: A slot's seat count is this box's own; its time travels once, with its appointment.
    models = frozenset(PUSHED_BY_MODEL) - {Slot}

    def __init__(self, station_code: str) -> None:
        self.station_code = station_code

    def flushed(self, session: Session) -> None:
        changed: dict[str, set[uuid.UUID]] = defaultdict(set)
        for record in (*session.new, *session.dirty):
            kind = PUSHED_BY_MODEL.get(type(record))
            if kind is None or kind.model is Slot or record.origin != self.station_code:
                continue
            if record not in session.new and not session.is_modified(record):
                continue
            changed[kind.name].add(record.id)
            if isinstance(record, Appointment):
                changed["slot"].add(record.slot_id)  # the hub needs the time it refers to
        if changed:
            queue_for_hub(session, changed)

    def updated(self, session: Session, model: type, rows: Sequence[Row[Any]]) -> None:
        kind = PUSHED_BY_MODEL.get(model)
        own = [row.id for row in rows if row.origin == self.station_code]
        if kind is not None and own:
            queue_for_hub(session, {kind.name: own})


def waiting(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEntry)) or 0


@dataclass(frozen=True)
class Batch:
    """Records to send, and what was sent of each (kind, id, version) to confirm later."""

    id: str
    body: bytes
    sent: list[tuple[str, uuid.UUID, int]]


def next_batch(session: Session, size: int) -> Batch | None:
    """The oldest queued records as one batch, or None when nothing waits.

    The batch id is the hash of its content: a retry of the same records at the same
    versions is the same batch to the hub, and any change makes a new one.
    """
    entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq).limit(size)).all()
    if not entries:
        return None
    by_kind: dict[str, list[uuid.UUID]] = defaultdict(list)
    for entry in entries:
        by_kind[entry.kind].append(entry.record_id)
    rows = load_encoded(session, PUSHED_BY_NAME, by_kind)
    records, sent = [], []
    for entry in entries:
        data = rows.get((entry.kind, entry.record_id))
        if data is None:  # gone from this box: nothing left to send
            session.delete(entry)
            continue
        records.append({"kind": entry.kind, "data": data})
        sent.append((entry.kind, entry.record_id, data.get("version", 1)))
    session.commit()
    if not records:
        return next_batch(session, size)
    body = json.dumps({"records": records}, separators=(",", ":"), sort_keys=True).encode()
    return Batch(hashlib.sha256(body).hexdigest()[:32], body, sent)


def confirm(session: Session, sent: list[tuple[str, uuid.UUID, int]]) -> None:
    """Take confirmed records off the queue, unless they changed again since (the caller
    commits)."""
    table = table_of(OutboxEntry)
    stmt = delete(table).where(
        table.c.kind == bindparam("k"),
        table.c.record_id == bindparam("r", type_=table.c.record_id.type),
        table.c.version <= bindparam("v"),
    )
    session.connection().execute(stmt, [{"k": k, "r": r, "v": v} for k, r, v in sent])
