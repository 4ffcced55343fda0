"""The station's side of sync: push the outbox, pull what the hub published, remember how
it went. One round is `sync_round`; `kiosk sync --loop` or the systemd timer repeats it.

Every step is safe to cut anywhere: a batch is confirmed only by the hub's answer, and a
page of changes is applied together with the cursor that follows it.
"""

import enum
import gzip
import random
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

import requests
from flask import Flask, current_app
from sqlalchemy import Connection, case, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.domain.reference import load_service_list
from kiosk.jobs.search import bulk_loading, index_inserted, index_upserted, reindex
from kiosk.models import Employer, GigPost, Job, LocalState, Station, local_today, utcnow
from kiosk.models.base import upsert_insert
from kiosk.sync.capture import update_synced
from kiosk.sync.station.outbox import Batch, confirm, next_batch, waiting
from kiosk.sync.wire.kinds import (
    MODERATION_COLUMNS,
    PULLED,
    PULLED_BY_NAME,
    Kind,
    RecordProblem,
    decode,
)
from kiosk.sync.wire.signing import BACKLOG, signed_headers

#: The shared stream's cursor (none yet: a new station, which starts from a snapshot).
CURSOR = "sync.cursor"
#: This station's own stream's cursor (none yet: the shared one's, as before the split).
OWN_CURSOR = "sync.own_cursor"
#: Where an unfinished snapshot goes on from.
SNAPSHOT = "sync.snapshot"
LAST_SUCCESS = "sync.last_success"
LAST_ATTEMPT = "sync.last_attempt"
LAST_ERROR = "sync.last_error"
REJECTED = "sync.rejected"


class SyncProblem(enum.StrEnum):
    """Why a round stopped (each has its own words on the staff page)."""

    not_configured = "not_configured"
    unreachable = "unreachable"  # no network, the hub down, or an answer too slow
    refused_secret = "refused_secret"  # 401: a wrong or revoked secret
    refused_request = "refused_request"  # another 4xx
    hub_error = "hub_error"  # 5xx
    bad_answer = "bad_answer"  # an answer that does not settle what was sent
    bad_record = "bad_record"  # a published record this station cannot read


class SyncFailed(RuntimeError):
    """A round stopped; what was confirmed or applied so far stays done.

    Its text, "problem: detail", is what the journal and the staff page's detail show."""

    def __init__(self, problem: SyncProblem, detail: str = "") -> None:
        super().__init__(f"{problem}: {detail}" if detail else problem.value)
        self.problem = problem


@dataclass
class RoundResult:
    pushed: int = 0
    rejected: int = 0
    pulled: int = 0
    errors: list[str] = field(default_factory=list)


class HubClient:
    """Signed requests to the hub, retried with backoff (HTTP clients never retry a POST)."""

    def __init__(
        self, url: str, station_code: str, secret: str, *, timeout: float, tries: int
    ) -> None:
        self.url, self.station_code, self.secret = url.rstrip("/"), station_code, secret
        self.timeout, self.tries = timeout, tries
        self.http = requests.Session()
        self.bytes_sent = 0
        self.bytes_received = 0

    @classmethod
    def for_app(cls, app: Flask) -> "HubClient":
        config = app.config
        if not config["HUB_URL"] or not config["HUB_SECRET"]:
            raise SyncFailed(SyncProblem.not_configured, "HUB_URL and HUB_SECRET")
        return cls(
            config["HUB_URL"],
            config["STATION_CODE"],
            config["HUB_SECRET"],
            timeout=config["SYNC_TIMEOUT"],
            tries=config["SYNC_TRIES"],
        )

    def _send(self, method: str, path: str, batch_id: str, body: bytes = b"", **extra) -> Any:
        headers = signed_headers(self.station_code, self.secret, method, path, batch_id, body)
        headers |= extra.pop("headers", {})
        for attempt in range(self.tries):
            try:
                answer = self.http.request(
                    method,
                    self.url + path,
                    data=body or None,
                    headers=headers,
                    timeout=self.timeout,
                    **extra,
                )
            except requests.RequestException as error:
                failure = SyncFailed(SyncProblem.unreachable, type(error).__name__)
            else:
                self.bytes_sent += len(body) + len(path)
                self.bytes_received += len(answer.content)
                if answer.status_code == 401:
                    raise SyncFailed(SyncProblem.refused_secret, "401")
                if answer.ok:
                    try:
                        payload = answer.json()
                    except ValueError:
                        raise SyncFailed(SyncProblem.bad_answer, "not JSON") from None
                    if not isinstance(payload, dict):
                        raise SyncFailed(SyncProblem.bad_answer, "not an object")
                    return payload
                if answer.status_code < 500:
                    raise SyncFailed(SyncProblem.refused_request, str(answer.status_code))
                failure = SyncFailed(SyncProblem.hub_error, str(answer.status_code))
            if attempt + 1 < self.tries:
                time.sleep(min(30.0, 0.5 * 2**attempt) * random.uniform(0.5, 1.0))
        raise failure

    def push(self, batch: Batch, backlog: int) -> dict:
        body = gzip.compress(batch.body, mtime=0)
        headers = {
            "Content-Encoding": "gzip",
            "Content-Type": "application/json",
            BACKLOG: str(backlog),
        }
        return self._send("POST", "/sync/push", batch.id, body, headers=headers)

    def send_json(self, path: str, request_id: str, body: bytes) -> dict:
        """A small signed JSON request (a report, a look-up; kiosk/sync/station/fleet.py)."""
        headers = {"Content-Type": "application/json"}
        return self._send("POST", path, request_id, body, headers=headers)

    def changes(self, after: int, own: int) -> dict:
        params = {"after": after, "own": own}
        return self._send("GET", "/sync/changes", f"{after}.{own}", params=params)

    def snapshot(self, token: str) -> dict:
        return self._send("GET", "/sync/snapshot", token, params={"from": token})


#: Told how a long round goes: ("pushed", records sent so far, records in all) or
#: ("pulled", changes applied so far, 0); `kiosk sync` prints it.
Progress = Callable[[str, int, int], None]


def push_outbox(
    session: Session, client: HubClient, batch_size: int, result: RoundResult,
    progress: Progress | None = None,
) -> None:  # fmt: skip
    """Send the outbox batch by batch until it is empty, counting into `result` as it goes."""
    while (batch := next_batch(session, batch_size)) is not None:
        answer = client.push(batch, waiting(session) - len(batch.sent))
        rejected = answer.get("rejected", {})
        settled = {
            *answer.get("applied", ()),
            *answer.get("duplicate", ()),
            *answer.get("retired", ()),  # deleted at the hub: its tombstone is on its way
            *rejected,
        }
        missing = [sent for sent in batch.sent if str(sent[1]) not in settled]
        if missing:
            raise SyncFailed(SyncProblem.bad_answer, f"{len(missing)} records not answered")
        # A rejected record is in the hub's quarantine, shown to its administrator: it is
        # not lost, and sending it again would not change the answer.
        confirm(session, batch.sent)
        if rejected:
            _add_to_state(session, REJECTED, len(rejected))
        session.commit()
        result.pushed += len(batch.sent)
        result.rejected += len(rejected)
        if progress is not None:
            progress("pushed", result.pushed, result.pushed + waiting(session))


def pull_changes(session: Session, client: HubClient, progress: Progress | None = None) -> int:
    """Apply what the hub published after this station's cursors, page by page; the next
    page is fetched while this one is applied (the hub's work and the station's overlap).
    A station that never pulled starts from the hub's snapshot of current rows."""
    applied = 0
    if read_state(session, CURSOR) is None:
        applied += _pull_snapshot(session, client, progress)
    shared = int(read_state(session, CURSOR) or 0)
    own = int(read_state(session, OWN_CURSOR) or shared)
    with ThreadPoolExecutor(max_workers=1) as fetcher:
        page = client.changes(shared, own)
        while True:
            following = None
            if page["more"]:
                following = fetcher.submit(client.changes, page["cursor"], page["own_cursor"])
            changes = [*page["changes"], *page["own"]]
            _apply_page(session, changes, {CURSOR: page["cursor"], OWN_CURSOR: page["own_cursor"]})
            applied += len(changes)
            if progress is not None and changes:
                progress("pulled", applied, 0)
            if following is None:
                return applied
            page = following.result()


def _pull_snapshot(session: Session, client: HubClient, progress: Progress | None) -> int:
    """The current rows, page by page (a cut snapshot goes on where it stopped); then the
    cursor the hub's log is followed from."""
    applied = 0
    with ThreadPoolExecutor(max_workers=1) as fetcher:
        page = client.snapshot(read_state(session, SNAPSHOT) or "0")
        bulk_loading(session.connection(), loading=True)
        while True:
            token = page["next"]
            following = fetcher.submit(client.snapshot, token) if token else None
            done = {SNAPSHOT: ""} if token is None else {SNAPSHOT: token}
            last = None
            if token is None:
                done |= {CURSOR: page["cursor"], OWN_CURSOR: page["cursor"]}
                last = partial(bulk_loading, loading=False)
            _apply_page(session, page["changes"], done, then=last)
            applied += len(page["changes"])
            if progress is not None and page["changes"]:
                progress("pulled", applied, 0)
            if following is None:
                return applied
            page = following.result()


def _apply_page(
    session: Session,
    changes: list[dict],
    state: dict[str, Any],
    then: Callable[[Connection], None] | None = None,
) -> None:
    """A page, `then` (on the connection) and the state that follows (cursors), together."""
    try:
        apply_changes(session, changes)
        if then is not None:
            then(session.connection())
        for key, value in state.items():
            write_state(session, key, str(value))
        session.commit()
    except (SQLAlchemyError, KeyError, TypeError) as error:
        session.rollback()
        detail = str(getattr(error, "orig", error)).splitlines()[0][:150]
        raise SyncFailed(SyncProblem.bad_record, detail) from None


def retire_expired(session: Session, station_code: str, retire_before: date) -> int:
    """Drop the jobs other outlets published once they are past their date by the retire
    window (the hub no longer sends them); this station's own stay with it."""
    ids = list(
        session.scalars(
            select(Job.id).where(Job.origin != station_code, Job.expires_on < retire_before)
        )
    )
    if ids:
        _remove(session, PULLED_BY_NAME["job"], ids)
    # Other outlets' gigs past their end by the same window (their places were never ours).
    gigs = list(
        session.scalars(
            select(GigPost.id).where(
                GigPost.origin != station_code, GigPost.end_date < retire_before
            )
        )
    )
    if gigs:
        _remove(session, PULLED_BY_NAME["gig_post"], gigs)
    if ids or gigs:
        session.commit()
    return len(ids) + len(gigs)


def apply_changes(session: Session, changes: list[dict]) -> None:
    """Upsert the published records (parents first) and remove tombstoned ones."""
    by_kind: dict[str, list[dict]] = {kind.name: [] for kind in PULLED}
    gone: dict[str, list[uuid.UUID]] = {kind.name: [] for kind in PULLED}
    merges: dict[uuid.UUID, uuid.UUID] = {}
    for change in changes:
        kind = PULLED_BY_NAME.get(str(change.get("kind")))
        if kind is None:
            raise SyncFailed(SyncProblem.bad_record, f"unknown kind {change.get('kind')!r}"[:100])
        try:
            if change.get("deleted"):
                gone[kind.name].append(uuid.UUID(change["id"]))
                if kind.model is Employer and change.get("into"):
                    merges[uuid.UUID(change["id"])] = uuid.UUID(change["into"])
            else:
                by_kind[kind.name].append(decode(kind, change["data"]))
        except (RecordProblem, ValueError, KeyError) as problem:
            raise SyncFailed(SyncProblem.bad_record, str(problem)[:150]) from None
    merges |= _same_credit_code(session, by_kind["employer"])
    if merges:
        # The merged employers go before the county's one comes in (their codes are the
        # same), their jobs are re-pointed after it: the references are checked at commit.
        session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        coming = {row["id"] for row in by_kind["employer"]}
        _remove(session, PULLED_BY_NAME["employer"], [o for o, n in merges.items() if n in coming])
    for kind in PULLED:
        rows = by_kind[kind.name]
        if rows and kind.model is Job:
            _upsert_jobs(session, kind, rows)
        elif rows:
            _upsert(session, kind, rows)
        if kind.model is Employer and merges:  # before any job is indexed again
            _repoint_merged(session, merges, gone["employer"])
    for kind in reversed(PULLED):
        if gone[kind.name]:
            _remove(session, kind, gone[kind.name])


def _same_credit_code(session: Session, employers: list[dict]) -> dict[uuid.UUID, uuid.UUID]:
    """This station's employers that a pulled one has the credit code of, under another id:
    the county holds that one (made elsewhere before this station synced), and the hub
    merges this station's into it (kiosk/sync/hub/batches.py); the same here."""
    codes = {row["credit_code"]: row["id"] for row in employers}
    if not codes:
        return {}
    held = session.execute(
        select(Employer.id, Employer.credit_code).where(Employer.credit_code.in_(list(codes)))
    ).all()
    return {id_: codes[code] for id_, code in held if codes[code] != id_}


def _repoint_merged(
    session: Session, merges: dict[uuid.UUID, uuid.UUID], gone: list[uuid.UUID]
) -> None:
    """An employer this station made that the county holds under another id (the same
    credit code, made elsewhere first): this station's jobs go to that one (their new
    version goes up), and it goes. If that one is not here yet, it stays for now (the hub
    re-points whatever is sent under it)."""
    here = set(session.scalars(select(Employer.id).where(Employer.id.in_(list(merges.values())))))
    for old, new in merges.items():
        if new not in here:
            if old in gone:
                gone.remove(old)
            continue
        ids = list(session.scalars(select(Job.id).where(Job.employer_id == old)))
        if ids:
            index_upserted(session, ids, partial(_repoint, session, ids, new))


def _repoint(session: Session, job_ids: list[uuid.UUID], employer_id: uuid.UUID) -> None:
    update_synced(session, Job, Job.id.in_(job_ids), employer_id=employer_id)


def _upsert(session: Session, kind: Kind, rows: list[dict]) -> None:
    table = kind.table
    stmt = upsert_insert(session)(table)
    names = [c.name for c in kind.columns() if c.name not in MODERATION_COLUMNS | {"id"}]
    newer = table.c.version < stmt.excluded.version
    if kind.names >= MODERATION_COLUMNS:
        # Two owners, two versions: the owner station's fields move with `version`, the
        # hub's moderation with `moderation_version`; neither rolls the other back.
        moderated = table.c.moderation_version < stmt.excluded.moderation_version
        set_ = {name: case((newer, stmt.excluded[name]), else_=table.c[name]) for name in names}
        set_ |= {
            name: case((moderated, stmt.excluded[name]), else_=table.c[name])
            for name in MODERATION_COLUMNS
        }
        stmt = stmt.on_conflict_do_update(index_elements=["id"], set_=set_, where=newer | moderated)
    else:
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"], set_={name: stmt.excluded[name] for name in names}, where=newer
        )
    session.connection().execute(stmt, rows)


def _upsert_jobs(session: Session, kind: Kind, rows: list[dict]) -> None:
    """Upsert pulled jobs, with their search keys and index rows, in the page's
    transaction: those new to this box (nearly all, for a new station) inserted with their
    keys, those it holds updated and reindexed from what the table then holds."""
    latest = {row["id"]: row for row in rows}  # a record twice in a page: its last word
    held = set()
    ids = list(latest)
    for start in range(0, len(ids), 500):
        held |= set(session.scalars(select(Job.id).where(Job.id.in_(ids[start : start + 500]))))
    fresh = [row for id_, row in latest.items() if id_ not in held]
    known = [row for id_, row in latest.items() if id_ in held]
    if known:
        index_upserted(session, [row["id"] for row in known], lambda: _upsert(session, kind, known))
    if fresh:
        index_inserted(session, fresh, lambda keyed: _upsert(session, kind, keyed))


def _remove(session: Session, kind: Kind, ids: list[uuid.UUID]) -> None:
    if kind.model is Job:
        keys = session.scalars(select(Job.search_key).where(Job.id.in_(ids))).all()
        reindex(session, [], [key for key in keys if key is not None])
    where = [kind.table.c.id.in_(ids)]
    if kind.model is GigPost:
        # A gig post's tombstone (back in review, withdrawn) is for the other stations: its
        # owner keeps its own, with its takes and its licence photo.
        where.append(kind.table.c.origin != current_app.config["STATION_CODE"])
    # Core, not the ORM: a pulled tombstone is the hub's word, not a change to send back.
    session.connection().execute(delete(kind.table).where(*where))


def ensure_service_list(session: Session, station_code: str) -> None:
    """Once the hub's register names this station, it offers the standard service list."""
    registered = session.scalar(select(Station.id).where(Station.code == station_code))
    if registered is not None and load_service_list(station_code, origin=station_code):
        session.commit()


def sync_round(app: Flask, session: Session, progress: Progress | None = None) -> RoundResult:
    """Report, push, then pull; record the outcome for the staff page and the kiosk's
    indicator."""
    # The fleet's report and the county's keys build on this module's client and state.
    from kiosk.sync.station.fleet import report_and_keys

    result = RoundResult()
    write_state(session, LAST_ATTEMPT, utcnow().isoformat())
    session.commit()
    try:
        client = HubClient.for_app(app)
        # First: records sealed again with new county keys go up in this round's push.
        report_and_keys(app, session, client)
        push_outbox(session, client, app.config["SYNC_BATCH"], result, progress)
        result.pulled = pull_changes(session, client, progress)
        retire_expired(session, app.config["STATION_CODE"], _retire_before(app))
        ensure_service_list(session, app.config["STATION_CODE"])
        # A service list made just now goes up in this same round.
        push_outbox(session, client, app.config["SYNC_BATCH"], result, progress)
    except SyncFailed as failure:
        session.rollback()
        result.errors.append(str(failure))
        write_state(session, LAST_ERROR, str(failure)[:200])
    else:
        write_state(session, LAST_SUCCESS, utcnow().isoformat())
        write_state(session, LAST_ERROR, "")
    session.commit()
    return result


def _retire_before(app: Flask) -> date:
    return local_today() - timedelta(days=app.config["SYNC_RETIRE_DAYS"])


@dataclass(frozen=True)
class SyncState:
    """What staff see: when the hub last answered, what waits, and what went wrong."""

    configured: bool
    last_success: datetime | None
    last_attempt: datetime | None
    last_error: str
    waiting: int
    rejected: int

    @property
    def problem(self) -> SyncProblem | None:
        code = self.last_error.split(":", 1)[0]
        return SyncProblem(code) if code in SyncProblem.__members__ else None


def sync_state(app: Flask, session: Session) -> SyncState:
    def when(key: str) -> datetime | None:
        value = read_state(session, key)
        return datetime.fromisoformat(value) if value else None

    return SyncState(
        configured=bool(app.config["HUB_URL"] and app.config["HUB_SECRET"]),
        last_success=when(LAST_SUCCESS),
        last_attempt=when(LAST_ATTEMPT),
        last_error=read_state(session, LAST_ERROR) or "",
        waiting=waiting(session),
        rejected=int(read_state(session, REJECTED) or 0),
    )


def read_state(session: Session, key: str) -> str | None:
    return session.scalar(select(LocalState.value).where(LocalState.key == key))


def write_state(session: Session, key: str, value: str) -> None:
    stmt = upsert_insert(session)(LocalState).values(key=key, value=value)
    session.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def _add_to_state(session: Session, key: str, count: int) -> None:
    write_state(session, key, str(int(read_state(session, key) or 0) + count))


def sync_health(app: Flask, session: Session) -> dict:
    """A station's last successful sync and its backlog; no error text (anyone may ask)."""
    state = sync_state(app, session)
    if not state.configured:
        return {"configured": False}
    return {
        "configured": True,
        "ok": not state.last_error,
        "last_success": state.last_success.isoformat() if state.last_success else None,
        "waiting": state.waiting,
    }
