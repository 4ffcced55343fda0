"""What became of a place taken in a gig: the worker's arrival (the check-in code said at the
desk, or confirmed by the employer), completion, a no-show on either side, and from the day
after the gig's end "were you paid?"; a "no" opens a rights referral (维权) for the county's
labour inspection, and repeated ones put the employer's posts back under review.

Each step is one guarded UPDATE through `update_synced` (GigTake travels): the WHERE says what
must still be true, so a second check-in, or two answers at once, changes nothing."""

import enum
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app, has_app_context
from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.domain.forms import Checker, Refused
from kiosk.models import (
    BEIJING,
    GigPost,
    GigReferral,
    GigTake,
    NoShow,
    PaidVia,
    ReferralOutcome,
    ReferralStatus,
    Shift,
    Via,
    utcnow,
)
from kiosk.personal_data import ForeignDigits, canonical_number
from kiosk.sync.capture import update_synced

_CODE = re.compile(r"[0-9]{6}")  # not \d: it takes the digits of other scripts too
#: The closing note: a line for the record, not the case file (that is the inspection's).
OUTCOME_NOTE_MAX = 200
#: Referrals of one employer that flag it, where no app (and its setting) is at hand.
UNPAID_REFERRALS = 2


class OutcomeProblem(enum.StrEnum):
    code = "code"  # no place has this check-in code (mistyped or made up)
    code_digits = "code_digits"  # typed with the digits of another script (not 0–9)
    other_gig = "other_gig"  # the code of a place in another gig
    arrived = "arrived"  # checked in already
    not_started = "not_started"  # before the gig's first day
    not_arrived = "not_arrived"  # completion of a worker who never checked in
    completed = "completed"  # marked complete already
    settled = "settled"  # counted as a no-show already, or arrived (no "worker didn't come")
    not_due = "not_due"  # "were you paid?" before the day after the gig's end
    answered = "answered"  # the paid question was answered already
    not_yours = "not_yours"  # a place of another gig (or another worker)
    closed = "closed"  # the referral was closed already (by another desk meanwhile, too)


def _code(raw: str) -> str:
    """The 6 digits as typed at the desk or on the employer's page, read like every other
    number: full-width digits (a Chinese input method) folded, spaces and hyphens dropped."""
    try:
        code = canonical_number(raw[:40])
    except ForeignDigits:
        raise Refused.one("code", OutcomeProblem.code_digits) from None
    if not _CODE.fullmatch(code):
        raise Refused.one("code", OutcomeProblem.code)
    return code


def _take_of(session: Session, post: GigPost, take_id: uuid.UUID) -> GigTake:
    placed = session.get(GigTake, take_id)
    if placed is None or placed.post_id != post.id:
        raise Refused.one("take", OutcomeProblem.not_yours)
    return placed


def _changed(session: Session, placed: GigTake, *where, **values) -> bool:
    rows = update_synced(session, GigTake, GigTake.id == placed.id, *where, **values)
    session.expire(placed)  # the UPDATE bypassed the session: read it again
    return bool(rows)


def check_in(session: Session, post: GigPost, raw_code: str, *, via: Via, today: date) -> GigTake:
    """The worker arrived: the code from the gig slip, typed at the desk or on the employer's
    page. Refused (nothing changed) for a code of no place, of another gig's place, a second
    check-in, or a day before the gig."""
    code = _code(raw_code)
    placed = session.scalars(
        select(GigTake).where(GigTake.post_id == post.id, GigTake.checkin_code == code)
    ).first()
    if placed is None:
        elsewhere = session.scalars(
            select(GigTake.id).where(GigTake.checkin_code == code, GigTake.post_id != post.id)
        ).first()
        raise Refused.one("code", OutcomeProblem.other_gig if elsewhere else OutcomeProblem.code)
    if today < post.start_date:
        raise Refused.one("code", OutcomeProblem.not_started)
    if not _changed(session, placed, GigTake.arrived_at.is_(None), GigTake.no_show.is_(None),
                    arrived_at=utcnow(), arrived_via=via):  # fmt: skip
        raise Refused.one(
            "code", OutcomeProblem.arrived if placed.arrived_at else OutcomeProblem.settled
        )
    return placed


def complete(session: Session, post: GigPost, take_id: uuid.UUID) -> GigTake:
    """The work is done (the desk or the employer says so): only after the worker arrived."""
    placed = _take_of(session, post, take_id)
    if not _changed(session, placed, GigTake.arrived_at.is_not(None),
                    GigTake.completed_at.is_(None), completed_at=utcnow()):  # fmt: skip
        raise Refused.one(
            "take",
            OutcomeProblem.completed if placed.completed_at else OutcomeProblem.not_arrived,
        )
    return placed


def no_show(
    session: Session, post: GigPost, take_id: uuid.UUID, side: NoShow, *, today: date
) -> GigTake:
    """Counted once: the worker did not come (never checked in), or the employer did not
    (the worker says so at the desk; the work was not done)."""
    placed = _take_of(session, post, take_id)
    if today < post.start_date:
        raise Refused.one("take", OutcomeProblem.not_started)
    still = (
        GigTake.arrived_at.is_(None) if side is NoShow.worker else GigTake.completed_at.is_(None)
    )
    if not _changed(session, placed, still, GigTake.no_show.is_(None), GigTake.paid.is_(None),
                    no_show=side, no_show_at=utcnow()):  # fmt: skip
        raise Refused.one("take", OutcomeProblem.settled)
    return placed


def last_day(post: GigPost) -> date:
    """The day the work ends: an overnight shift ends the morning after the last date."""
    return post.end_date + timedelta(days=1 if post.shift is Shift.overnight else 0)


def _ended_before(today: date):
    # SQL of `last_day(post) < today`, the same on SQLite and PostgreSQL.
    return or_(
        and_(GigPost.shift == Shift.day, GigPost.end_date < today),
        and_(GigPost.shift == Shift.overnight, GigPost.end_date < today - timedelta(days=1)),
    )


def _awaiting(today: date):
    return (
        select(GigTake)
        .join(GigPost, GigPost.id == GigTake.post_id)
        .where(GigTake.paid.is_(None), GigTake.no_show.is_(None), _ended_before(today))
        .order_by(GigPost.end_date, GigTake.created_at)
    )


def awaiting_paid(
    session: Session, today: date, *, station_code: str | None = None,
    worker_key: str | None = None,
) -> list[GigTake]:  # fmt: skip
    """Places whose "were you paid?" is due and not answered: a worker's own (the kiosk), or
    a station's (the desk's follow-up list)."""
    query = _awaiting(today)
    if station_code is not None:
        query = query.where(GigTake.station_code == station_code)
    if worker_key is not None:
        query = query.where(GigTake.worker_key == worker_key)
    return list(session.scalars(query))


def answer_paid(
    session: Session, placed: GigTake, paid: bool, *, via: PaidVia, today: date
) -> GigReferral | None:
    """The worker's answer, once; a "no" opens the referral in the same transaction (the
    caller commits). The answer also counts the gig as done: the worker says they worked."""
    if not last_day(placed.post) < today:
        raise Refused.one("paid", OutcomeProblem.not_due)
    now = utcnow()
    if not _changed(session, placed, GigTake.paid.is_(None), GigTake.no_show.is_(None),
                    paid=paid, paid_answered_at=now, paid_via=via,
                    completed_at=func.coalesce(GigTake.completed_at, now)):  # fmt: skip
        raise Refused.one("paid", OutcomeProblem.answered)
    if paid:
        return None
    return _open_referral(session, placed, today)


def _open_referral(session: Session, placed: GigTake, today: date) -> GigReferral:
    post = placed.post
    referral = GigReferral(
        origin=placed.station_code,
        station_code=placed.station_code,
        take_id=placed.id,
        # Said on the phone to the inspection office: short, the date, and no personal data.
        number=f"WQ{today:%Y%m%d}{secrets.randbelow(10**4):04d}",
        employer_key=post.employer_key,
        employer_name=post.employer_name,
        credit_code=post.credit_code,
        contact_mobile_masked=post.contact_mobile_masked,
        worker_masked=placed.worker_masked,
        title_zh=post.title_zh,
        pay_fen=post.pay_fen,
        pay_unit=post.pay_unit,
        settlement=post.settlement,
        start_date=post.start_date,
        end_date=post.end_date,
    )
    session.add(referral)
    try:
        session.flush()
    except IntegrityError:  # a number drawn twice the same day: the answer is not kept either
        session.rollback()
        raise Refused.one("paid", OutcomeProblem.answered) from None
    return referral


def referral_of(session: Session, take_id: uuid.UUID) -> GigReferral | None:
    return session.scalars(select(GigReferral).where(GigReferral.take_id == take_id)).first()


def referrals(session: Session, station_code: str) -> list[GigReferral]:
    return list(
        session.scalars(
            select(GigReferral)
            .where(GigReferral.station_code == station_code)
            .order_by(GigReferral.created_at.desc())
        )
    )


def close_referral(
    session: Session, referral: GigReferral, raw_outcome: str, raw_note: str
) -> GigReferral:
    """Closed once, with how it ended and a short note; the caller commits. Refused (nothing
    changed) for an outcome not in the list, a note too long or breaking the text rule, or
    a referral closed already: one guarded UPDATE, so two desks closing at once close it once."""
    if referral.status is ReferralStatus.closed:
        raise Refused.one("outcome", OutcomeProblem.closed)
    check = Checker()
    outcome = check.choice("outcome", raw_outcome, ReferralOutcome, required=True)
    note = check.text("outcome_note", raw_note, OUTCOME_NOTE_MAX)
    check.raise_if_refused()
    rows = update_synced(
        session, GigReferral, GigReferral.id == referral.id,
        GigReferral.status == ReferralStatus.open,
        status=ReferralStatus.closed, outcome=outcome, outcome_note=note, closed_at=utcnow(),
    )  # fmt: skip
    session.expire(referral)  # the UPDATE bypassed the session: read it again
    if not rows:
        raise Refused.one("outcome", OutcomeProblem.closed)
    return referral


def unpaid_referrals(session: Session, employer_key: str) -> int:
    """The employer's referrals that count against it: open or closed, but not one the
    worker withdrew."""
    return (
        session.scalar(
            select(func.count(GigReferral.id)).where(
                GigReferral.employer_key == employer_key,
                or_(
                    GigReferral.outcome.is_(None),
                    GigReferral.outcome != ReferralOutcome.withdrawn_by_worker,
                ),
            )
        )
        or 0
    )


def unpaid_limit() -> int:
    if has_app_context():
        return int(current_app.config.get("GIG_UNPAID_REFERRALS", UNPAID_REFERRALS))
    return UNPAID_REFERRALS


def flagged_for_unpaid(session: Session, employer_key: str) -> bool:
    """Repeated non-payment: the employer's posts wait for a person again, trusted or not."""
    return unpaid_referrals(session, employer_key) >= unpaid_limit()


def labour_inspection() -> str:
    return str(current_app.config.get("GIG_LABOUR_INSPECTION", "")) if has_app_context() else ""


@dataclass(frozen=True)
class GigFigures:
    completed: int = 0
    paid: int = 0
    referrals_open: int = 0

    @property
    def paid_share(self) -> int:
        """Of the gigs completed, the share the workers confirmed paid, in whole percent."""
        return round(100 * self.paid / self.completed) if self.completed else 0

    def __add__(self, other: "GigFigures") -> "GigFigures":
        """Two stations' figures as one (a banner's, the region's): the share is of the sums."""
        return GigFigures(
            self.completed + other.completed,
            self.paid + other.paid,
            self.referrals_open + other.referrals_open,
        )


def figures(
    session: Session, station_code: str, first: date | None = None, last: date | None = None
) -> GigFigures:
    """Gigs completed (in the period, by when), how many confirmed paid, referrals open."""
    return figures_by_station(session, first, last, station_code=station_code).get(
        station_code, GigFigures()
    )


def figures_by_station(
    session: Session, first: date | None = None, last: date | None = None, *,
    station_code: str | None = None,
) -> dict[str, GigFigures]:  # fmt: skip
    """The figures of every station that has any (the hub's county report), or of one: a
    referral still open at the period's end counts, however old."""
    completed: list[ColumnElement[bool]] = [GigTake.completed_at.is_not(None)]
    opened: list[ColumnElement[bool]] = [GigReferral.status == ReferralStatus.open]
    if station_code is not None:
        completed.append(GigTake.station_code == station_code)
        opened.append(GigReferral.station_code == station_code)
    if first is not None and last is not None:
        start = datetime.combine(first, time.min, tzinfo=BEIJING)
        end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=BEIJING)
        completed += [GigTake.completed_at >= start, GigTake.completed_at < end]
        opened += [GigReferral.created_at < end]
    done = session.execute(
        select(GigTake.station_code, func.count(GigTake.id),
               func.count(case((GigTake.paid.is_(True), 1))))
        .where(*completed).group_by(GigTake.station_code)
    ).all()  # fmt: skip
    still_open = session.execute(
        select(GigReferral.station_code, func.count(GigReferral.id))
        .where(*opened).group_by(GigReferral.station_code)
    ).all()  # fmt: skip
    found = {code: GigFigures(int(n), int(paid), 0) for code, n, paid in done}
    for code, count in still_open:
        found[code] = found.get(code, GigFigures()) + GigFigures(referrals_open=int(count))
    return found
