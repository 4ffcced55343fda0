"""The kiosk-to-phone hand-off: a one-time token, good for ten minutes, used once."""

import enum
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.domain.forms import Refused
from kiosk.domain.rows import rows_changed
from kiosk.models import HandOff, Seeker, utcnow

#: 192 random bits: far past guessing, short enough for a QR code a cheap phone reads.
TOKEN_BYTES = 24
LIFETIME = timedelta(minutes=10)


class HandOffProblem(enum.StrEnum):
    unknown = "unknown"
    expired = "expired"
    used = "used"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_hand_off(session: Session, now: datetime | None = None) -> tuple[HandOff, str]:
    """A new hand-off and its token (only the hash is kept). The caller commits."""
    now = now or utcnow()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    hand_off = HandOff(token_hash=_hash(token), created_at=now, expires_at=now + LIFETIME)
    session.add(hand_off)
    return hand_off, token


def usable_hand_off(session: Session, token: str, now: datetime | None = None) -> HandOff:
    """The hand-off behind a token, if it can still be used; else Refused says why."""
    hand_off = session.scalars(select(HandOff).where(HandOff.token_hash == _hash(token))).first()
    if hand_off is None:
        raise Refused.one("token", HandOffProblem.unknown)
    if hand_off.used_at is not None:
        raise Refused.one("token", HandOffProblem.used)
    if hand_off.expires_at <= (now or utcnow()):
        raise Refused.one("token", HandOffProblem.expired)
    return hand_off


def claim(session: Session, hand_off: HandOff, seeker: Seeker, now: datetime | None = None) -> None:
    """Mark the hand-off used by this registration, in the caller's transaction. Of two
    phones racing with one token, only one claim succeeds; the other is refused."""
    claimed = rows_changed(
        session,
        update(HandOff)
        .where(HandOff.id == hand_off.id, HandOff.used_at.is_(None))
        .values(used_at=now or utcnow(), seeker_id=seeker.id)
        .execution_options(synchronize_session="fetch"),
    )
    if claimed != 1:
        raise Refused.one("token", HandOffProblem.used)
