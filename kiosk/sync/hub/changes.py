"""The hub's change log: what it publishes (stations, employers, jobs, service lists),
numbered in commit order for stations to pull after their cursor."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, or_, select, text
from sqlalchemy.orm import Session

from kiosk.models import Change, ServiceItem, StationFigure
from kiosk.models.base import table_of
from kiosk.sync.wire.kinds import PULLED_BY_MODEL, PULLED_BY_NAME, load_encoded, pull_rank

#: Records published to one station alone (its `station_code`), not to every station.
FOR_ONE_STATION = (ServiceItem, StationFigure)

#: Any number will do, as long as nothing else in the hub's database takes the same lock.
_PUBLISH_LOCK = 0x6B696F736B


class ChangeLogCapture:
    """A hub's capture (kiosk/sync/capture.py): what it publishes is numbered for stations."""

    models = frozenset(PULLED_BY_MODEL)

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def flushed(self, session: Session) -> None:
        changes = []
        for deleted, records in ((False, (*session.new, *session.dirty)), (True, session.deleted)):
            for record in records:
                kind = PULLED_BY_MODEL.get(type(record))
                if kind is None or record.origin != self.origin:
                    continue
                if record in session.dirty and not session.is_modified(record):
                    continue
                for_station = record.station_code if isinstance(record, FOR_ONE_STATION) else ""
                changes.append((pull_rank(kind.name), kind.name, record.id, for_station, deleted))
        if changes:
            log_changes(session, sorted(changes, key=lambda change: change[0]))

    def updated(self, session: Session, model: type, rows: Sequence[Row[Any]]) -> None:
        kind = PULLED_BY_MODEL.get(model)
        if kind is None:
            return
        ids = [row.id for row in rows if row.origin == self.origin]
        if model in FOR_ONE_STATION and ids:
            stations = dict(
                session.execute(select(model.id, model.station_code).where(
                    model.id.in_(ids)
                )).all()
            )  # fmt: skip
        else:
            stations = {}
        rank = pull_rank(kind.name)
        changes = [(rank, kind.name, id_, stations.get(id_, ""), False) for id_ in ids]
        if changes:
            log_changes(session, changes)


def log_changes(session: Session, changes: list[tuple[int, str, uuid.UUID, str, bool]]) -> None:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # One publisher numbers at a time, and its lock is held until it commits: numbers
        # are handed out in commit order, with no gap a reader could step over.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PUBLISH_LOCK})
    last = connection.scalar(select(func.coalesce(func.max(Change.seq), 0))) or 0
    connection.execute(
        table_of(Change).insert(),
        [
            {
                "seq": last + n,
                "kind": kind,
                "record_id": id_,
                "station_code": station,
                "deleted": deleted,
            }
            for n, (_rank, kind, id_, station, deleted) in enumerate(changes, start=1)
        ],
    )


def changes_after(
    session: Session, station_code: str, after: int, limit: int
) -> tuple[list[dict[str, Any]], int, bool]:
    """Up to `limit` changes after the cursor for this station: the records as they are now,
    tombstones for deleted ones. Returns the changes, the new cursor and whether more wait."""
    log = session.execute(
        select(Change.seq, Change.kind, Change.record_id, Change.deleted)
        .where(Change.seq > after)
        .where(or_(Change.station_code == "", Change.station_code == station_code))
        .order_by(Change.seq)
        .limit(limit + 1)
    ).all()
    more = len(log) > limit
    log = log[:limit]
    if not log:
        return [], after, False
    # The last word on each record in this page; the station applies parents first anyway.
    latest = {(kind, record_id): deleted for _seq, kind, record_id, deleted in log}
    wanted: dict[str, list[uuid.UUID]] = {}
    for (kind, record_id), deleted in latest.items():
        if not deleted:
            wanted.setdefault(kind, []).append(record_id)
    current = load_encoded(session, PULLED_BY_NAME, wanted)
    changes = []
    for (kind, record_id), deleted in latest.items():
        if deleted:
            changes.append({"kind": kind, "id": str(record_id), "deleted": True})
        elif (kind, record_id) in current:  # deleted later: its tombstone is still to come
            changes.append({"kind": kind, "id": str(record_id), "data": current[(kind, record_id)]})
    return changes, log[-1].seq, more
