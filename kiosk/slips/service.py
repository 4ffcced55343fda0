"""Issuing slips, drawing them, and printing them with a recorded outcome."""

import hashlib
import hmac
import uuid
from base64 import urlsafe_b64encode
from dataclasses import dataclass
from datetime import UTC

from flask import current_app, url_for
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.stations import station_by_code
from kiosk.models import LocalState, PrintStatus, Slip, SlipKind, utcnow
from kiosk.qr import public_url
from kiosk.slips import printing
from kiosk.slips.content import SLIP_TYPES
from kiosk.slips.raster import Fonts, SlipContent, render_slip


def slip_token(slip_id: uuid.UUID) -> str:
    """128 bits derived from the slip's id with this box's secret: reprints carry the same
    code, and a copy of the database alone cannot make one."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, b"slip:" + slip_id.bytes, hashlib.sha256).digest()[:16]
    return urlsafe_b64encode(digest).rstrip(b"=").decode()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_slip(session: Session, kind: SlipKind, subject_id: uuid.UUID, locale: str) -> Slip:
    """A slip for the record, written in the caller's transaction (not printed yet)."""
    slip = Slip(id=uuid.uuid4(), kind=kind, subject_id=subject_id, locale=locale)
    slip.token_hash = _hash(slip_token(slip.id))
    session.add(slip)
    return slip


def find_slip(session: Session, token: str) -> Slip | None:
    if len(token) > 64:
        return None
    return session.scalars(select(Slip).where(Slip.token_hash == _hash(token))).first()


def subject_of(session: Session, slip: Slip) -> object | None:
    return session.get(SLIP_TYPES[slip.kind].subject, slip.subject_id)


def slip_content(session: Session, slip: Slip) -> SlipContent:
    """What the slip says, from its record as it is now (a moved appointment, a new time)."""
    station = station_by_code(session, current_app.config["STATION_CODE"])
    qr = public_url(url_for("slips.show", token=slip_token(slip.id)))
    content = SLIP_TYPES[slip.kind].content
    return content(session, subject_of(session, slip), station, qr, slip.locale)


def slip_fonts() -> Fonts:
    config = current_app.config
    return Fonts(
        config["SLIP_FONT_CJK"], config["SLIP_FONT_CJK_BOLD"], config["SLIP_FONT_MONGOLIAN"]
    )


#: LocalState keys for the printer chosen on the station settings page (kiosk/settings).
PRINTER_KEY = "printer"
PRINTER_DOTS_KEY = "printer_dots"
PAPER_DOTS = (576, 384)


@dataclass(frozen=True)
class PrinterChoice:
    #: tcp://…, usb://…, cups://…, file://… or "" for no printer (see printing.printer_for).
    address: str
    dots: int


def printer_choice(session: Session) -> PrinterChoice:
    """This box's printer: what the settings page stored, else KIOSK_PRINTER / PRINTER_DOTS."""
    stored = dict(
        session.execute(
            select(LocalState.key, LocalState.value).where(
                LocalState.key.in_((PRINTER_KEY, PRINTER_DOTS_KEY))
            )
        ).all()
    )
    config = current_app.config
    dots = stored.get(PRINTER_DOTS_KEY, "")
    return PrinterChoice(
        address=stored.get(PRINTER_KEY, config["PRINTER"]),
        dots=int(dots) if dots.isdigit() and int(dots) in PAPER_DOTS else config["PRINTER_DOTS"],
    )


def slip_image(session: Session, slip: Slip, dots: int | None = None) -> Image.Image:
    dots = dots or printer_choice(session).dots
    return render_slip(slip_content(session, slip), dots, slip_fonts())


def print_slip(session: Session, slip: Slip) -> bool:
    """Send the slip to the printer and record how it went (the caller commits).

    The slip's record was committed before this is called, so whatever happens here, the
    appointment, ticket or registration stays.
    """
    slip.attempts += 1
    printer = printer_choice(session)
    try:
        if not printer.address:
            raise RuntimeError("no printer is configured (KIOSK_PRINTER)")
        printing.send(printer.address, slip_image(session, slip, printer.dots))
    except Exception as error:  # a printer fails in many ways: all of them are "failed, why"
        slip.print_status = PrintStatus.failed
        slip.print_error = f"{type(error).__name__}: {error}"[:200]
        current_app.logger.warning("slip %s not printed: %s", slip.id, slip.print_error)
        return False
    slip.print_status = PrintStatus.printed
    slip.print_error = ""
    slip.printed_at = utcnow()
    return True


def printer_health(session: Session) -> dict:
    """Whether a printer is set, and how the last slip went: read from the records, nothing
    is sent to the printer. No address or error text: /healthz answers anyone on the LAN."""
    configured = bool(printer_choice(session).address)
    last = session.execute(
        select(Slip.print_status, Slip.printed_at, Slip.created_at)
        .order_by(Slip.created_at.desc())
        .limit(1)
    ).first()
    last_slip = None
    if last:
        status, printed_at, created_at = last
        at = printed_at or created_at
        # SQLite hands back naive datetimes; they were written in UTC.
        at = at.replace(tzinfo=at.tzinfo or UTC)
        last_slip = {"status": str(status), "at": at.isoformat()}
    return {"configured": configured, "last_slip": last_slip}
