"""This box's receipt printer: address and paper width (kept in LocalState), and a test slip.

The address and width override KIOSK_PRINTER / KIOSK_PRINTER_DOTS (kiosk/slips/service.py
reads them for every slip). An empty address stored here means "no printer", which is
different from nothing stored (the config's default).
"""

import enum
import ipaddress
import re
import socket
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from escpos.exceptions import DeviceNotFoundError
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from kiosk.i18n import CHINESE, MONGOLIAN, format_clock, format_date, localized
from kiosk.models import LocalState, Station
from kiosk.slips import printing
from kiosk.slips.raster import Fonts, SlipContent, SlipSide, render_slip
from kiosk.slips.service import PAPER_DOTS, PRINTER_DOTS_KEY, PRINTER_KEY, PrinterChoice

#: LocalState.value holds at most this much.
MAX_ADDRESS = 200
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")
_USB_ID = re.compile(r"[0-9A-Fa-f]{1,4}")
_CUPS_QUEUE = re.compile(r"[A-Za-z0-9_.-]{1,127}")


class AddressProblem(enum.StrEnum):
    scheme = "scheme"
    host = "host"
    port = "port"
    usb = "usb"
    cups = "cups"
    path = "path"
    too_long = "too_long"


class PrintFailure(enum.StrEnum):
    """Why a test print did not arrive, in words a station manager can act on."""

    no_printer = "no_printer"
    refused = "refused"
    timeout = "timeout"
    unknown_host = "unknown_host"
    unreachable = "unreachable"
    no_device = "no_device"
    no_permission = "no_permission"
    other = "other"


def check_address(address: str) -> AddressProblem | None:
    """None if `address` is one of the forms printing.printer_for takes (or empty: no printer)."""
    if not address:
        return None
    if len(address) > MAX_ADDRESS:
        return AddressProblem.too_long
    url = urlsplit(address)
    extra = url.query or url.fragment or url.username or url.password
    match url.scheme:
        case "tcp":
            if extra or url.path not in ("", "/") or not _is_host(url.hostname or ""):
                return AddressProblem.host
            try:
                port = url.port  # raises on a port outside 0–65535 or not a number
            except ValueError:
                return AddressProblem.port
            if port is not None and port < 1:
                return AddressProblem.port
            if url.netloc.endswith(":"):
                return AddressProblem.port
        case "usb":
            vendor, colon, product = url.netloc.partition(":")
            ids_ok = colon and _USB_ID.fullmatch(vendor) and _USB_ID.fullmatch(product)
            if extra or url.path or not ids_ok:
                return AddressProblem.usb
        case "cups":
            if extra or url.path or not _CUPS_QUEUE.fullmatch(url.netloc):
                return AddressProblem.cups
        case "file":
            if extra or url.netloc or not printing.is_printer_device(url.path):
                return AddressProblem.path
        case _:
            return AddressProblem.scheme
    return None


def _is_host(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return bool(_HOST.fullmatch(name)) and len(name) <= 253
    return True


def check_dots(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and int(raw) in PAPER_DOTS else None


def save_printer(session: Session, address: str, dots: int) -> None:
    """Store the choice (the caller has checked it and commits)."""
    for key, value in ((PRINTER_KEY, address), (PRINTER_DOTS_KEY, str(dots))):
        state = session.get(LocalState, key)
        if state is None:
            session.add(LocalState(key=key, value=value))
        else:
            state.value = value


def sample_slip(station: Station | None, qr: str, now: datetime, locale: str) -> SlipContent:
    """A short slip that shows the printer draws both scripts and a QR code, and cuts."""
    other = MONGOLIAN if locale == CHINESE else CHINESE
    sides = []
    for language in (locale, other):
        with force_locale(language):
            sides.append(
                SlipSide(
                    locale=language,
                    title=_("Printer test"),
                    station=localized(station, "name") if station else "",
                    rows=((_("Printed"), f"{format_date(now)} {format_clock(now)}"),),
                    instruction=_("If both scripts and the code are clear, the printer is ready."),
                )
            )
    # The time as the headline: a glance tells this slip from an older one.
    return SlipContent(format_clock(now), qr, tuple(sides))


@dataclass(frozen=True)
class SampleOutcome:
    failure: PrintFailure | None
    #: The exception's kind, for the audit entry and the log ("" when it printed).
    error: str = ""


def print_sample(printer: PrinterChoice, content: SlipContent, fonts: Fonts) -> SampleOutcome:
    """Draw and send the test slip the way every slip goes (raster, then ESC/POS)."""
    if not printer.address:
        return SampleOutcome(PrintFailure.no_printer)
    try:
        printing.send(printer.address, render_slip(content, printer.dots, fonts))
    except Exception as error:  # a printer fails in many ways; each is a reason on screen
        return SampleOutcome(_failure(error), f"{type(error).__name__}: {error}"[:100])
    return SampleOutcome(None)


def _failure(error: Exception) -> PrintFailure:
    match error:
        case ConnectionRefusedError():
            return PrintFailure.refused
        case TimeoutError():
            return PrintFailure.timeout
        case socket.gaierror():
            return PrintFailure.unknown_host
        case FileNotFoundError() | DeviceNotFoundError():
            return PrintFailure.no_device
        case PermissionError():
            return PrintFailure.no_permission
        case OSError():
            return PrintFailure.unreachable
    return PrintFailure.other
