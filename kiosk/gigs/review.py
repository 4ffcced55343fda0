"""The station's review of gig posts: approve, or send back with a reason the employer reads;
an employer with a clean record can be trusted to publish at once."""

import enum
import uuid
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.forms import Checker, Refused
from kiosk.gigs import posting
from kiosk.models import GigPost, PostStatus, TrustedEmployer, utcnow

REASON_LIMIT = 300
#: What the station may write for the seekers who read Mongolian: the employer's Chinese stays
#: the employer's, and a post may come with no Mongolian at all ("the station writes it").
STATION_TEXTS = posting.MONGOLIAN_TEXTS
#: Posts on the "published at once" list: the latest, for a look after the fact.
RECENT = 20


class ReviewProblem(enum.StrEnum):
    decided = "decided"  # someone else decided it first, or the employer changed it


def waiting(session: Session, station_code: str) -> list[GigPost]:
    """The posts waiting, oldest first (flagged ones are marked, not sorted apart)."""
    return list(
        session.scalars(
            select(GigPost)
            .where(GigPost.station_code == station_code, GigPost.status == PostStatus.pending)
            .order_by(GigPost.updated_at, GigPost.id)
        )
    )


def published_at_once(session: Session, station_code: str) -> list[GigPost]:
    return list(
        session.scalars(
            select(GigPost)
            .where(
                GigPost.station_code == station_code,
                GigPost.status == PostStatus.approved,
                GigPost.published_at_once.is_(True),
            )
            .order_by(GigPost.reviewed_at.desc())
            .limit(RECENT)
        )
    )


def _undecided(post: GigPost, seen_version: int) -> None:
    # The version the reviewer read: an edit by the employer meanwhile is read again first.
    if post.status != PostStatus.pending or post.version != seen_version:
        raise Refused.one("post", ReviewProblem.decided)


def approve(post: GigPost, *, seen_version: int) -> None:
    _undecided(post, seen_version)
    post.status = PostStatus.approved
    post.review_reason = ""
    post.reviewed_at = utcnow()


def reject(post: GigPost, reason: str, *, seen_version: int) -> None:
    """Send it back; the reason is what the employer reads on the post's receipt page."""
    check = Checker()
    reason = check.text("reason", reason, REASON_LIMIT, required=True, multiline=True)
    check.raise_if_refused()
    _undecided(post, seen_version)
    post.status = PostStatus.rejected
    post.review_reason = reason
    post.reviewed_at = utcnow()


def supply_mongolian(post: GigPost, typed: Mapping[str, str], *, seen_version: int) -> bool:
    """The station's Mongolian for the post, checked by the text rule like the employer's;
    a waiting or a live post alike (a trusted employer's goes live at once). False when
    nothing changed."""
    check = Checker()
    limits = {name: (limit, multiline) for name, limit, _required, multiline in posting.TEXTS}
    values = {
        name: check.text(name, typed.get(name, ""), limits[name][0], multiline=limits[name][1])
        for name in STATION_TEXTS
    }
    posting.refuse_unless_mongolian(check, values)
    check.raise_if_refused()
    if post.version != seen_version:
        raise Refused.one("post", ReviewProblem.decided)
    changed = {name: value for name, value in values.items() if value != getattr(post, name)}
    for name, value in changed.items():
        setattr(post, name, value)
    if changed:  # the reviewer sees flagged wording whoever wrote it
        seen = [getattr(post, name) for name in posting.READ_BY_SEEKERS]
        post.flags = " ".join(posting.flagged_wording(seen))
    return bool(changed)


def trust(session: Session, employer_key: str, staff_id: uuid.UUID | None) -> bool:
    """Trust an employer; False when it already was."""
    if session.get(TrustedEmployer, employer_key) is not None:
        return False
    session.add(TrustedEmployer(employer_key=employer_key, trusted_by=staff_id))
    return True
