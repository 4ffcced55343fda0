"""Taking a gig without an app: a worker named by ID number or mobile takes one of the places
wanted, never more (the guarded UPDATE of the last seat of a slot); the employer sees who took
it, masked, and confirms."""

import enum
import secrets
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.domain.forms import Checker, FieldProblem, Refused
from kiosk.gigs.board import live
from kiosk.models import GigPost, GigTake, Station, TakeStatus, utcnow
from kiosk.personal_data import (
    InvalidIdNumber,
    Vault,
    canonical_number,
    mask_id_number,
    mask_mobile,
    parse_id_number,
    parse_mobile,
)
from kiosk.sync.capture import update_synced

WORKER_CONTEXT = "gig_take.worker"


class TakeProblem(enum.StrEnum):
    worker = "worker"  # neither a resident ID number nor a mobile number
    full = "full"  # every place is taken
    gone = "gone"  # no longer on the board (over, closed to taking, not approved)
    already = "already"  # this worker has a place in this gig already
    not_yours = "not_yours"  # a take of another post (a forged confirmation)
    #: Another station's gig (synced to this board): its places are counted there alone,
    #: since no station can guard another's headcount without a link. Detail: that station.
    elsewhere = "elsewhere"


@dataclass(frozen=True)
class Worker:
    key: str
    masked: str


def worker_of(raw: str, vault: Vault, *, today: date) -> Worker:
    """The worker by resident ID number (the card reader's, or typed) or by mobile."""
    check = Checker()
    raw = check.text("worker", raw, 40, required=True)
    check.raise_if_refused()
    try:
        number = canonical_number(raw).upper()
    except ValueError:
        raise Refused.one("worker", TakeProblem.worker) from None
    mobile = parse_mobile(number)
    if mobile is not None:
        return Worker(vault.lookup_hash(mobile, context=WORKER_CONTEXT), mask_mobile(mobile))
    try:
        resident = parse_id_number(number, today=today)
    except InvalidIdNumber:
        raise Refused.one("worker", TakeProblem.worker) from None
    key = vault.lookup_hash(resident.number, context=WORKER_CONTEXT)
    return Worker(key, mask_id_number(resident.number))


def take(
    session: Session, post_id: uuid.UUID, worker: Worker, *, today: date, station_code: str
) -> GigTake:
    """One place of the gig for the worker; the caller commits. Refused (nothing changed) when
    every place is taken, the gig is off the board, the worker has a place already, or the
    gig is another station's (taken there only)."""
    owner = session.scalar(select(GigPost.origin).where(GigPost.id == post_id))
    if owner is not None and owner != station_code:
        raise Refused({"gig": FieldProblem(TakeProblem.elsewhere, owner_station(session, owner))})
    existing = session.scalars(
        select(GigTake).where(GigTake.post_id == post_id, GigTake.worker_key == worker.key)
    ).first()
    if existing is not None:
        raise Refused.one("gig", TakeProblem.already)
    # The database decides who gets the last place: this UPDATE matches no row once
    # `taken` reached `headcount`, whatever other workers do at the same moment.
    # Through the one capture, so the place taken travels once gig posts are a synced kind.
    seat = update_synced(
        session,
        GigPost,
        GigPost.id == post_id,
        GigPost.taken < GigPost.headcount,
        *live(today),
        taken=GigPost.taken + 1,
    )
    if not seat:
        post = session.get(GigPost, post_id)
        on_board = (
            post is not None
            and session.scalars(
                select(GigPost.id).where(GigPost.id == post_id, *live(today))
            ).first()
        )
        raise Refused.one("gig", TakeProblem.full if on_board else TakeProblem.gone)
    placed = GigTake(
        post_id=post_id,
        origin=station_code,
        station_code=station_code,
        worker_key=worker.key,
        worker_masked=worker.masked,
        checkin_code=f"{secrets.randbelow(10**6):06d}",
    )
    session.add(placed)
    try:
        session.flush()
    except IntegrityError:  # the same worker at two screens at once, or a code drawn twice
        session.rollback()
        raise Refused.one("gig", TakeProblem.already) from None
    return placed


def owner_stations(session: Session, codes: set[str]) -> dict[str, Station | str]:
    """The stations where gigs are taken, by code, in one query: each its record in the
    county's register, or its code when the register has not reached this box yet."""
    found = session.scalars(select(Station).where(Station.code.in_(codes))).all()
    return {code: code for code in codes} | {station.code: station for station in found}


def owner_station(session: Session, code: str) -> Station | str:
    return owner_stations(session, {code})[code]


def takes_of(session: Session, post_id: uuid.UUID) -> list[GigTake]:
    return list(
        session.scalars(
            select(GigTake).where(GigTake.post_id == post_id).order_by(GigTake.created_at)
        )
    )


def confirm(session: Session, post: GigPost, take_id: uuid.UUID) -> bool:
    """The employer confirms a worker; False when it already was."""
    placed = session.get(GigTake, take_id)
    if placed is None or placed.post_id != post.id:
        raise Refused.one("take", TakeProblem.not_yours)
    if placed.status is TakeStatus.confirmed:
        return False
    placed.status = TakeStatus.confirmed
    placed.confirmed_at = utcnow()
    return True
