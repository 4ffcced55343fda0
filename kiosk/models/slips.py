"""Slips handed to people, and whether each reached the printer (local to this box)."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.models.base import Base, new_id, string_enum, utcnow


class SlipKind(enum.StrEnum):
    appointment = "appointment"
    ticket = "ticket"
    registration = "registration"
    job = "job"
    #: Jobs a counselor recommended at a visit (subject: the service record).
    recommendation = "recommendation"
    gig = "gig"  # a place taken in a gig (kiosk/gigs)
    gig_referral = "gig_referral"  # a rights referral for unpaid gig work
    #: A policy item of the county's library, to take home (subject: the policy).
    policy = "policy"


class PrintStatus(enum.StrEnum):
    #: Written, not yet sent (a print in progress, or a crash during one).
    pending = "pending"
    printed = "printed"
    failed = "failed"


class Slip(Base):
    """One slip issued for an appointment, ticket, registration or job.

    The slip exists before it is printed and whatever the printer does: a failed print
    leaves the record it was for untouched and can be tried again.
    Its QR code carries a token derived from the id with the station's secret
    (kiosk/slips/tokens.py); only the token's hash is stored, for look-ups.
    """

    __tablename__ = "slip"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kind: Mapped[SlipKind] = mapped_column(string_enum(SlipKind))
    #: The appointment, ticket, seeker or job the slip is for.
    subject_id: Mapped[uuid.UUID] = mapped_column(index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The language chosen at the kiosk: printed first, the other one after it.
    locale: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    print_status: Mapped[PrintStatus] = mapped_column(
        string_enum(PrintStatus), default=PrintStatus.pending
    )
    #: Why the last print failed, in the printer's or the system's words (for staff).
    print_error: Mapped[str] = mapped_column(String(200), default="")
    printed_at: Mapped[datetime | None] = mapped_column()
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
