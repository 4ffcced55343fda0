"""The hub takes a station's batch: once, in one transaction, with an answer per record.

Each record is upserted on its own id, and only a newer version of the same station's record
replaces what the hub holds (`ON CONFLICT (id) DO UPDATE … WHERE version < excluded.version`):
a retried, replayed or reordered batch cannot duplicate or roll back anything. A record the
hub cannot take is kept in quarantine for a person, never dropped, and never fails the rest.
"""

import json
import zlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from kiosk.jobs.search import index_upserted
from kiosk.models import (
    BatchReceipt,
    Employer,
    GigPost,
    Job,
    QuarantinedRecord,
    RetiredRecord,
    Slot,
    StationCredential,
    utcnow,
)
from kiosk.models.base import table_of
from kiosk.sync.hub.changes import gig_posts_to_log, log_changes, merged_into
from kiosk.sync.wire.kinds import (
    APPROVED_ONLY,
    PUSHED,
    PUSHED_BY_NAME,
    SHARED,
    Kind,
    RecordProblem,
    decode,
    pull_rank,
)

#: Records in one batch, and a batch's size before and after gzip.
MAX_RECORDS = 1000
MAX_COMPRESSED = 2 * 1024 * 1024  # the app's MAX_CONTENT_LENGTH
MAX_EXPANDED = 32 * 1024 * 1024


class BadBatch(ValueError):
    """The request as a whole is unreadable (its records are not looked at)."""

    def __init__(self, problem: str, status: int = 400) -> None:
        super().__init__(problem)
        self.status = status


def read_batch(body: bytes, encoding: str) -> list[dict]:
    """The records of a (gzip) JSON body, refusing bombs and shapes that are not a batch."""
    if len(body) > MAX_COMPRESSED:
        raise BadBatch("batch too large", 413)
    if encoding == "gzip":
        inflater = zlib.decompressobj(wbits=31)
        try:
            body = inflater.decompress(body, MAX_EXPANDED)
        except zlib.error:
            raise BadBatch("not gzip") from None
        if inflater.unconsumed_tail or not inflater.eof:
            raise BadBatch("batch too large once expanded, or cut short", 413)
    try:
        batch = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError):  # nested past the parser's depth
        raise BadBatch("not JSON") from None
    records = batch.get("records") if isinstance(batch, dict) else None
    if not isinstance(records, list) or len(records) > MAX_RECORDS:
        raise BadBatch(f"a batch is a list of at most {MAX_RECORDS} records")
    return records


def apply_batch(
    session: Session, station: StationCredential, batch_id: str, records: list, backlog: int
) -> dict[str, Any]:
    """Apply a batch once and return its answer; the same batch again returns the stored
    answer and changes nothing. The caller commits."""
    receipt = session.execute(
        pg_insert(BatchReceipt)
        .values(station_code=station.station_code, batch_id=batch_id, answer={})
        .on_conflict_do_nothing()
        .returning(BatchReceipt.batch_id)
    ).scalar()
    if receipt is None:  # applied before (the wait above lets a concurrent twin finish first)
        return session.scalars(
            select(BatchReceipt.answer).where(
                BatchReceipt.station_code == station.station_code,
                BatchReceipt.batch_id == batch_id,
            )
        ).one() | {"replayed": True}
    answer = take_records(session, station.station_code, batch_id, records)
    station.backlog = max(0, backlog)
    for record in answer.set_aside:
        session.add(record)
    result = answer.as_dict()
    session.execute(
        table_of(BatchReceipt)
        .update()
        .where(BatchReceipt.station_code == station.station_code, BatchReceipt.batch_id == batch_id)
        .values(answer=result)
    )
    return result


@dataclass(frozen=True)
class _Incoming:
    record_id: str
    values: dict
    #: The record as the station sent it: what quarantine keeps, and a retry reads again.
    sent: dict


def take_records(session: Session, station_code: str, batch_id: str, records: list) -> "_Answer":
    """Check and upsert records a station sent, parents first; what cannot be taken is in
    the answer's `set_aside` (the caller keeps it in quarantine)."""
    answer = _Answer(station_code, batch_id)
    by_kind: dict[str, list[_Incoming]] = defaultdict(list)
    for record in records:
        record_id = _id_of(record)
        name = record.get("kind") if isinstance(record, dict) else None
        kind = PUSHED_BY_NAME.get(name) if isinstance(name, str) else None
        if kind is None:
            answer.reject(record_id, "unknown kind of record", record)
            continue
        try:
            values = decode(kind, record.get("data"))
            _check_owner(kind, values, station_code)
        except RecordProblem as problem:
            answer.reject(record_id, str(problem), record)
            continue
        by_kind[kind.name].append(_Incoming(record_id, values, record))
    for name in SHARED & by_kind.keys():
        by_kind[name] = _not_retired(session, name, by_kind[name], answer)
    if by_kind.get("employer"):
        by_kind["employer"] = _merge_employers(session, station_code, by_kind["employer"], answer)
    if by_kind.get("job"):
        _repoint_jobs(session, by_kind["job"])
    if by_kind.get("gig_take"):
        by_kind["gig_take"] = _own_gigs_only(session, station_code, by_kind["gig_take"], answer)
    for kind in PUSHED:
        if by_kind[kind.name]:
            applied = _upsert(session, kind, by_kind[kind.name], answer)
            if kind.name in SHARED and applied:
                _publish(session, kind, applied)
    return answer


def _not_retired(
    session: Session, name: str, rows: list[_Incoming], answer: "_Answer"
) -> list[_Incoming]:
    """A record deleted at the hub stays deleted: an edit its owner queued before it heard
    is answered "retired" (settled, nothing kept), and the owner removes it with the next pull."""
    ids = [row.values["id"] for row in rows]
    retired = set(
        session.scalars(
            select(RetiredRecord.record_id).where(
                RetiredRecord.kind == name, RetiredRecord.record_id.in_(ids)
            )
        )
    )
    answer.retired += [row.record_id for row in rows if row.values["id"] in retired]
    return [row for row in rows if row.values["id"] not in retired]


def _merge_employers(
    session: Session, station_code: str, rows: list[_Incoming], answer: "_Answer"
) -> list[_Incoming]:
    """One employer per unified social credit code in the county: a station's employer
    whose code the hub already holds under another id (made at two stations before either
    synced) merges into that one. It is retired here (its jobs re-pointed, now and whenever
    its station still sends them under this id), and a tombstone naming the one it merged
    into goes down the shared stream, so its station re-points its jobs and drops it."""
    codes = {row.values["credit_code"]: row for row in rows}
    held = dict(
        session.execute(
            select(Employer.credit_code, Employer.id).where(Employer.credit_code.in_(list(codes)))
        ).all()
    )
    ids = [row.values["id"] for row in rows]
    known = set(session.scalars(select(Employer.id).where(Employer.id.in_(ids))))
    # One the hub holds already keeps its id (a change of code onto another's is refused).
    merged = [
        row for row in rows
        if row.values["id"] not in known
        and held.get(row.values["credit_code"], row.values["id"]) != row.values["id"]
    ]  # fmt: skip
    for row in merged:
        into = held[row.values["credit_code"]]
        session.add(
            RetiredRecord(
                kind="employer", record_id=row.values["id"], origin=station_code,
                reason="merged: the same credit code", merged_into=into,
            )
        )  # fmt: skip
        answer.retired.append(row.record_id)
    if merged:
        session.flush()
        rank = pull_rank("employer")
        log_changes(session, [(rank, "employer", row.values["id"], "", True) for row in merged])
    return [row for row in rows if row not in merged]


def _repoint_jobs(session: Session, rows: list[_Incoming]) -> None:
    """Jobs sent under an employer merged into another: under that one."""
    into = merged_into(session, list({row.values["employer_id"] for row in rows}))
    for row in rows:
        row.values["employer_id"] = into.get(row.values["employer_id"], row.values["employer_id"])


def _own_gigs_only(
    session: Session, station_code: str, rows: list[_Incoming], answer: "_Answer"
) -> list[_Incoming]:
    """A place is taken at the station that posted the gig (it alone guards the headcount):
    a take of another station's gig is set aside."""
    posts = {row.values["post_id"] for row in rows}
    owners = dict(
        session.execute(select(GigPost.id, GigPost.origin).where(GigPost.id.in_(posts))).all()
    )
    kept = []
    for row in rows:
        owner = owners.get(row.values["post_id"], station_code)  # none: its post comes first
        if owner != station_code:
            answer.reject(row.record_id, f"a place in a gig of {owner!r}", row.sent)
        else:
            kept.append(row)
    return kept


def _publish(session: Session, kind: Kind, applied: list) -> None:
    """A station's job or employer, taken: in the change log for the county's stations (and
    into the hub's own search index)."""
    if kind.model is Job:
        index_upserted(session, applied, lambda: None)
    if kind.name in APPROVED_ONLY:
        applied = gig_posts_to_log(session, applied)
        if not applied:
            return
    rank = pull_rank(kind.name)
    log_changes(session, [(rank, kind.name, id_, "", False) for id_ in applied])


def retry_quarantined(session: Session, record: QuarantinedRecord) -> bool:
    """Try a set-aside record again (after its cause was fixed, say a region loaded at the
    hub). True when it went in; otherwise its reason is brought up to date."""
    answer = take_records(
        session, record.station_code, record.batch_id, [json.loads(record.payload)]
    )
    if answer.set_aside:
        record.reason = answer.set_aside[0].reason
        return False
    record.resolved_at = utcnow()
    return True


def _id_of(record: Any) -> str:
    data = record.get("data") if isinstance(record, dict) else None
    value = data.get("id") if isinstance(data, dict) else None
    return value[:64] if isinstance(value, str) else "?"


def _check_owner(kind: Kind, values: dict, station_code: str) -> None:
    """A station writes its own records only."""
    if kind.model is Slot:
        return  # a time, owned through the station's service it belongs to
    if values["origin"] != station_code:
        raise RecordProblem(f"made by {values['origin']!r}, sent by {station_code!r}")
    if "station_code" in values and values["station_code"] != station_code:
        raise RecordProblem("another station's service list")


class _Answer:
    def __init__(self, station_code: str, batch_id: str) -> None:
        self.station_code, self.batch_id = station_code, batch_id
        self.applied: list[str] = []
        self.duplicate: list[str] = []
        #: Deleted at the hub: settled, never brought back.
        self.retired: list[str] = []
        self.rejected: dict[str, str] = {}
        self.set_aside: list[QuarantinedRecord] = []

    def reject(self, record_id: str, reason: str, record: Any) -> None:
        self.rejected[record_id] = reason
        self.set_aside.append(
            QuarantinedRecord(
                station_code=self.station_code,
                batch_id=self.batch_id,
                kind=str(record.get("kind") if isinstance(record, dict) else "?")[:40],
                record_id=record_id,
                reason=reason[:300],
                payload=json.dumps(record, ensure_ascii=False)[:200_000],
            )
        )

    def as_dict(self) -> dict[str, Any]:
        answer = {"applied": self.applied, "duplicate": self.duplicate, "rejected": self.rejected}
        if self.retired:
            answer["retired"] = self.retired
        return answer


def _upsert(session: Session, kind: Kind, rows: list[_Incoming], answer: _Answer) -> list:
    """All rows in one statement; if the database refuses it, one by one to find which.
    Returns the ids that went in."""
    try:
        with session.begin_nested():
            applied = _upsert_rows(session, kind, [row.values for row in rows])
    except (IntegrityError, DataError):
        applied, taken = set(), []
        for row in rows:
            try:
                with session.begin_nested():
                    applied |= _upsert_rows(session, kind, [row.values])
                taken.append(row)
            except (IntegrityError, DataError) as error:
                answer.reject(row.record_id, str(error.orig).splitlines()[0], row.sent)
        rows = taken
    others = [row.values["id"] for row in rows if str(row.values["id"]) not in applied]
    foreign = set()
    if others and kind.model is not Slot:
        table = kind.table
        foreign = {
            str(id_)
            for id_, origin in session.execute(
                select(table.c.id, table.c.origin).where(table.c.id.in_(others))
            )
            if origin != answer.station_code
        }
    for row in rows:
        key = str(row.values["id"])
        if key in applied:
            answer.applied.append(row.record_id)
        elif key in foreign:
            answer.reject(row.record_id, "another station's record has this id", row.sent)
        else:
            answer.duplicate.append(row.record_id)
    return [row.values["id"] for row in rows if str(row.values["id"]) in applied]


def _upsert_rows(session: Session, kind: Kind, rows: list[dict]) -> set[str]:
    table = kind.table
    stmt = pg_insert(table).values(rows)
    if kind.model is Slot:
        stmt = stmt.on_conflict_do_nothing()
    else:
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={c.name: stmt.excluded[c.name] for c in kind.columns() if c.name != "id"},
            where=(table.c.version < stmt.excluded.version)
            & (table.c.origin == stmt.excluded.origin),
        )
    return {str(id_) for id_ in session.scalars(stmt.returning(table.c.id))}
