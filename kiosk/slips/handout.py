"""Handing a slip to the person in front of the kiosk: written, printed, remembered.

Used by every feature that gives a slip (a booking, a ticket, a registration, a job).
"""

import uuid
from typing import TypeVar

from flask import current_app, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue

from kiosk.extensions import db
from kiosk.i18n import current_locale
from kiosk.models import Slip, SlipKind
from kiosk.slips.service import issue_slip, print_slip, slip_token
from kiosk.web import device
from kiosk.web.render import wants_fragment

Record = TypeVar("Record")

#: Slips this kiosk session handed out: only these may be reprinted from it.
ISSUED = "slips"


def print_limit() -> str:
    return current_app.config["RATE_LIMIT_PRINT"]


def hand_out(kind: SlipKind, subject_id: uuid.UUID) -> Slip:
    """Write a slip for a record, then print it and record how it went.

    A record the caller has just written and not yet committed (a booking, a ticket) commits
    together with its slip: a crash can no longer take a seat and leave the person without a
    code. Printing comes after that commit, on purpose: a printer that hangs or a crash
    mid-print leaves a slip marked pending, never a lost record. A phone booking from afar
    gets its slip on screen only.
    """
    slip = issue_slip(db.session, kind, subject_id, current_locale())
    db.session.commit()
    if device.is_phone():
        return slip  # the person is not at the station: the phone shows the slip, nothing prints
    session[ISSUED] = [*session.get(ISSUED, [])[-9:], str(slip.id)]
    print_slip(db.session, slip)
    db.session.commit()
    return slip


def remember(key: str, subject_id: uuid.UUID, slip: Slip) -> None:
    """Keep what was just handed out in the session (ids only), for the page after the redirect."""
    session[key] = {"id": str(subject_id), "slip": str(slip.id)}


def recall(key: str, model: type[Record]) -> tuple[Record, Slip] | None:
    kept = session.get(key) or {}
    if not kept:
        return None
    subject = db.session.get(model, uuid.UUID(kept["id"]))
    slip = db.session.get(Slip, uuid.UUID(kept["slip"]))
    return (subject, slip) if subject is not None and slip is not None else None


def handed_out(slip: Slip) -> ResponseReturnValue:
    """The answer to a "print" button: the slip in place (htmx), or its own page."""
    if wants_fragment():
        return render_template("slips/_slip.html", **slip_view(slip))
    return redirect(url_for("slips.show", token=slip_token(slip.id)), code=303)


def issued_here(slip: Slip) -> bool:
    """Whether this kiosk session handed the slip out (only it may print it again)."""
    return str(slip.id) in session.get(ISSUED, [])


def slip_view(slip: Slip) -> dict:
    """What templates/slips/_slip.html needs."""
    return {"slip": slip, "token": slip_token(slip.id), "can_reprint": issued_here(slip)}
