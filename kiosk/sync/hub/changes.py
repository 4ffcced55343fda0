"""The hub's change log: what it publishes (stations, employers, jobs, service lists),
numbered in commit order for stations to pull after their cursor.

Two streams share the numbering: the shared one (station_code "", the same pages for every
station, so a page is read once and served to all from a cache) and each station's own (its
service list), read with a cursor of its own. A new station starts from a snapshot of the
current rows and then follows the log from the number the snapshot began at; the log keeps,
past its window, only the latest entry of each record (`compact`), and jobs past their date
by SYNC_RETIRE_DAYS no longer travel (stations drop them too), nor gigs past their end.
A gig post is published only while approved (`gig_posts_to_log`, and a tombstone in its place
once it is not).
"""

import threading
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Row, and_, delete, exists, func, or_, select, text
from sqlalchemy.orm import Session, aliased

from kiosk.domain.rows import rows_changed
from kiosk.models import (
    Change,
    GigPost,
    Job,
    PostStatus,
    RetiredRecord,
    ServiceItem,
    StationFigure,
    utcnow,
)
from kiosk.models.base import table_of
from kiosk.sync.wire.kinds import (
    PULLED,
    PULLED_BY_MODEL,
    PULLED_BY_NAME,
    load_encoded,
    pull_rank,
)

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
                # What the hub deletes goes, whoever made it (a station's job, say).
                if kind is None or (record.origin != self.origin and not deleted):
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


def head(session: Session) -> int:
    """The log's last number (the primary key's last entry: the cheapest read there is)."""
    return session.scalar(select(func.coalesce(func.max(Change.seq), 0))) or 0


def merged_into(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """The employer each of these ids was merged into (kiosk/sync/hub/batches.py)."""
    if not ids:
        return {}
    rows = session.execute(
        select(RetiredRecord.record_id, RetiredRecord.merged_into).where(
            RetiredRecord.kind == "employer",
            RetiredRecord.record_id.in_(ids),
            RetiredRecord.merged_into.is_not(None),
        )
    )
    return {record_id: into for record_id, into in rows if into is not None}


def changes_after(
    session: Session, station_code: str, after: int, limit: int, retire_before: date
) -> tuple[list[dict[str, Any]], int, bool]:
    """Up to `limit` changes after the cursor for this station, both streams together (the
    protocol before the streams were split). Returns the changes, the new cursor and
    whether more wait."""
    where = or_(Change.station_code == "", Change.station_code == station_code)
    return _page(session, where, after, limit, retire_before)


def shared_changes(
    session: Session, after: int, limit: int, retire_before: date
) -> tuple[list[dict[str, Any]], int, bool]:
    """A page of the shared stream: the same for every station, so a full page (whose
    entries are all committed and numbered) is kept and served again. Its rows were current
    when it was read; any later change is a later entry, which the station reads next."""
    key = (after, limit, retire_before)
    with _cache_lock:
        if (cached := _shared_pages.get(key)) is not None:
            _shared_pages.move_to_end(key)
            return cached
    page = _page(session, Change.station_code == "", after, limit, retire_before)
    if page[2]:  # full: nothing can still join it
        with _cache_lock:
            _shared_pages[key] = page
            while len(_shared_pages) > SHARED_PAGES_KEPT:
                _shared_pages.popitem(last=False)
    return page


def own_changes(
    session: Session, station_code: str, after: int, limit: int, retire_before: date
) -> tuple[list[dict[str, Any]], int, bool]:
    """A page of this station's own stream (its service list)."""
    return _page(session, Change.station_code == station_code, after, limit, retire_before)


#: Full shared pages kept per worker (a page of 2,000 jobs is about 4 MB of Python objects).
SHARED_PAGES_KEPT = 32
_shared_pages: OrderedDict[tuple, tuple[list[dict[str, Any]], int, bool]] = OrderedDict()
_cache_lock = threading.Lock()


def _page(
    session: Session, where: Any, after: int, limit: int, retire_before: date
) -> tuple[list[dict[str, Any]], int, bool]:
    log = session.execute(
        select(Change.seq, Change.kind, Change.record_id, Change.deleted)
        .where(Change.seq > after)
        .where(where)
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
    gone = [record_id for (kind, record_id), deleted in latest.items() if deleted]
    into = merged_into(session, gone) if gone else {}
    changes = []
    for (kind, record_id), deleted in latest.items():
        if deleted:
            tombstone = {"kind": kind, "id": str(record_id), "deleted": True}
            if kind == "employer" and record_id in into:  # its jobs go to this one
                tombstone["into"] = str(into[record_id])
            changes.append(tombstone)
        elif (data := current.get((kind, record_id))) is None or _retired(
            kind, data, retire_before
        ):  # not there: deleted later, and its tombstone is still to come
            continue
        elif kind == "gig_post" and data["status"] != PostStatus.approved:
            # Sent back for review, rejected or withdrawn: its fields stay at the hub; the
            # other stations take it off their boards (its owner keeps its own).
            changes.append({"kind": kind, "id": str(record_id), "deleted": True})
        else:
            changes.append({"kind": kind, "id": str(record_id), "data": data})
    return changes, log[-1].seq, more


def _retired(kind: str, data: dict[str, Any], retire_before: date) -> bool:
    """A job past its date by the retire window no longer travels, nor a gig past its end."""
    if kind == "gig_post":
        return date.fromisoformat(data["end_date"]) < retire_before
    return kind == "job" and date.fromisoformat(data["expires_on"]) < retire_before


def gig_posts_to_log(session: Session, ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """Of these gig posts just taken from their station, those the other stations hear of:
    the approved ones, and those published before (now back in review, rejected or withdrawn:
    a tombstone). A post that was never approved never leaves the hub, not even its id."""
    approved = set(
        session.scalars(
            select(GigPost.id).where(GigPost.id.in_(ids), GigPost.status == PostStatus.approved)
        )
    )
    logged = set(
        session.scalars(
            select(Change.record_id)
            .where(Change.kind == "gig_post", Change.record_id.in_(ids))
            .distinct()
        )
    )
    return [id_ for id_ in ids if id_ in approved or id_ in logged]


def retire_before(today: date, days: int) -> date:
    return today - timedelta(days=days)


# --- a new station's snapshot ------------------------------------------------------------

#: Rows in one snapshot answer.
SNAPSHOT_PAGE = 5000


def snapshot_page(
    session: Session, station_code: str, token: str, origin: str, retire_before: date
) -> tuple[list[dict[str, Any]], str | None, int]:
    """A page of the current rows a new station needs, in pull order (parents first), each
    kind by id. `token` is "0" to start, then what the last page handed back. Returns the
    records, the next token (None: done) and the log number to follow from afterwards.

    The log number is read before the first row: whatever changes while the snapshot is
    read is also a later entry of the log, which the station applies after it."""
    if token == "0":
        start = session.scalar(select(func.coalesce(func.max(Change.seq), 0))) or 0
        kind_index, after = 0, None
    else:
        start_text, kind_name, after_text = token.split(":", 2)
        start, kind_index = int(start_text), pull_rank(kind_name)
        after = uuid.UUID(after_text) if after_text else None
    records: list[dict[str, Any]] = []
    while kind_index < len(PULLED):
        kind = PULLED[kind_index]
        table = kind.table
        query = select(table).order_by(table.c.id).limit(SNAPSHOT_PAGE - len(records))
        if after is not None:
            query = query.where(table.c.id > after)
        if kind.model in FOR_ONE_STATION:  # its service list, its figures: its own stream
            query = query.where(table.c.station_code == station_code, table.c.origin == origin)
        if kind.model is Job:
            query = query.where(table.c.expires_on >= retire_before)
        if kind.model is GigPost:  # the boards' posts; one in review is not a board's
            query = query.where(
                table.c.status == PostStatus.approved, table.c.end_date >= retire_before
            )
        rows = session.execute(query).mappings().all()
        for row in rows:
            data = {key: write(row[key]) for key, write in kind.writers}
            records.append({"kind": kind.name, "id": str(row["id"]), "data": data})
        if len(records) >= SNAPSHOT_PAGE:
            return records, f"{start}:{kind.name}:{rows[-1]['id']}", start
        kind_index, after = kind_index + 1, None
    return records, None, start


# --- compaction --------------------------------------------------------------------------


def compact(session: Session, days: int, retire_before: date) -> int:
    """Past the window, keep only each record's latest entry (a station behind it still
    reads every record's last word after its cursor), and drop the entries of jobs retired
    by their date (stations drop those jobs themselves). Tombstones that are a record's last
    word stay: a station may still hold the record. Returns the entries removed; the caller
    commits. Numbers are never reused, so every station's cursor stays valid."""
    older = utcnow() - timedelta(days=days)
    later = aliased(Change)
    superseded = exists().where(
        later.kind == Change.kind, later.record_id == Change.record_id, later.seq > Change.seq
    )
    expired = and_(
        ~Change.deleted,
        or_(
            and_(
                Change.kind == "job",
                exists().where(Job.id == Change.record_id, Job.expires_on < retire_before),
            ),
            and_(
                Change.kind == "gig_post",
                exists().where(GigPost.id == Change.record_id, GigPost.end_date < retire_before),
            ),
        ),
    )
    return rows_changed(
        session,
        delete(Change)
        .where(Change.logged_at < older, or_(superseded, expired))
        .execution_options(synchronize_session=False),
    )
