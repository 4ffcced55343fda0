"""Moderating and deleting jobs at the hub; moderating gig posts (`kiosk hub moderate-gig`).

A job's own fields are its owner's (`version`, moved only by the owner's pushes); moderation is
the hub's (`moderation_version`). So moderation is written with a statement that leaves
`version` alone (the ORM would bump it), and numbered in the change log by hand: it travels
to every station, its owner too, and never conflicts with an edit the owner makes meanwhile.
"""

import enum
import uuid
from dataclasses import dataclass
from math import ceil

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from kiosk.domain.forms import Checker
from kiosk.jobs.search import index_upserted
from kiosk.models import GigPost, Job, Moderation, RetiredRecord, utcnow
from kiosk.models.base import table_of
from kiosk.sync.hub.changes import log_changes
from kiosk.sync.wire.kinds import PULLED_BY_MODEL, pull_rank

REASON_LIMIT = 300
PAGE_SIZE = 25


class Decision(enum.StrEnum):
    """What a moderator may do from the job's page."""

    hide = "hide"
    close = "close"
    lift = "lift"


DECISIONS = {
    Decision.hide: Moderation.hidden,
    Decision.close: Moderation.closed,
    Decision.lift: Moderation.none,
}


def check_reason(raw: str) -> str:
    """The reason a station's staff will read (required; raises Refused)."""
    check = Checker(markup=True)  # shown escaped, as typed
    reason = check.text("reason", raw, REASON_LIMIT, required=True, multiline=False)
    check.raise_if_refused()
    return reason


def moderate(session: Session, job_id: uuid.UUID, decision: Decision, reason: str) -> bool:
    """Hide, close or lift; False when there is no such job. The caller commits."""
    if not _moderate(session, Job, job_id, decision, reason):
        return False
    index_upserted(session, [job_id], lambda: None)  # the hub's own kiosk pages follow
    session.expire_all()
    return True


def moderate_gig(session: Session, post_id: uuid.UUID, decision: Decision, reason: str) -> bool:
    """The same for a gig post a station published: off every board (its owner's too) while
    hidden or closed. False when there is no such post. The caller commits."""
    if not _moderate(session, GigPost, post_id, decision, reason):
        return False
    session.expire_all()
    return True


def _moderate(
    session: Session, model: type, record_id: uuid.UUID, decision: Decision, reason: str
) -> bool:
    table = table_of(model)
    kind = PULLED_BY_MODEL[model].name
    changed = (
        session.connection()
        .execute(
            table.update()
            .where(table.c.id == record_id)
            .values(
                moderation=DECISIONS[decision],
                moderation_reason=reason if decision is not Decision.lift else "",
                moderation_version=table.c.moderation_version + 1,
                moderated_at=utcnow(),
            )
            .returning(table.c.id)
        )
        .first()
    )
    if changed is None:
        return False
    log_changes(session, [(pull_rank(kind), kind, record_id, "", False)])
    return True


def delete_job(session: Session, job_id: uuid.UUID, reason: str) -> Job | None:
    """Delete a job for good: its tombstone travels to every station, and its id is kept
    retired, so an edit its owner queued before it heard cannot bring it back. The caller
    commits; None when there is no such job."""
    job = session.get(Job, job_id)
    if job is None:
        return None
    session.merge(RetiredRecord(kind="job", record_id=job.id, origin=job.origin, reason=reason))
    session.delete(job)  # the change log's capture writes the tombstone
    session.flush()
    return job


@dataclass(frozen=True)
class JobsPage:
    jobs: list[Job]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class GigsPage:
    posts: list[GigPost]
    total: int
    page: int
    pages: int


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _paged(session: Session, query: Select, order: tuple, page: int) -> tuple[list, int, int, int]:
    """One page of the query's rows: (rows, total, the page, pages), the page kept in range."""
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, ceil(total / PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = session.scalars(
        query.order_by(*order).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return list(rows), total, page, pages


def _county_rows(model: type[Job] | type[GigPost], outlet: str, text: str) -> Select:
    """All of the county's jobs or gig posts, or one outlet's, or those whose title (in
    either language) holds the text."""
    query = select(model)
    if outlet:
        query = query.where(model.origin == outlet)
    text = text.strip()
    if text:
        like = _like(text)
        query = query.where(or_(model.title_zh.like(like, "\\"), model.title_mn.like(like, "\\")))
    return query


def county_jobs(session: Session, outlet: str, text: str, page: int) -> JobsPage:
    """The county's jobs, newest first."""
    query = _county_rows(Job, outlet, text)
    return JobsPage(*_paged(session, query, (Job.published_at.desc(), Job.id.desc()), page))


def county_gigs(session: Session, outlet: str, text: str, page: int) -> GigsPage:
    """The gig posts the county's outlets sent the hub, newest first."""
    query = _county_rows(GigPost, outlet, text)
    order = (GigPost.created_at.desc(), GigPost.id.desc())
    return GigsPage(*_paged(session, query, order, page))


def outlets(session: Session) -> list[str]:
    """The outlets that published jobs here, by code."""
    return list(session.scalars(select(Job.origin).distinct().order_by(Job.origin)))


def gig_outlets(session: Session) -> list[str]:
    """The outlets that sent gig posts here, by code."""
    return list(session.scalars(select(GigPost.origin).distinct().order_by(GigPost.origin)))
