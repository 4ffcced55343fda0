"""What each kind of slip says, in the chosen language and then the other one.

Only masked personal data reaches a slip; the QR code holds an address with an opaque token.
"""

from collections.abc import Callable
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from kiosk.i18n import CHINESE, MONGOLIAN, format_clock, format_date, localized
from kiosk.jobs.labels import pay_range
from kiosk.models import BEIJING, Appointment, Job, Seeker, Slot, Station, Ticket
from kiosk.personal_data import mask_name
from kiosk.slips.raster import SlipContent, SlipSide


def _both(locale: str, side: Callable[[str], SlipSide]) -> tuple[SlipSide, ...]:
    other = MONGOLIAN if locale == CHINESE else CHINESE
    sides = []
    for each in (locale, other):
        with force_locale(each):
            sides.append(side(each))
    return tuple(sides)


def time_range(slot: Slot) -> str:
    return f"{format_clock(slot.starts_at)}–{format_clock(slot.ends_at)}"


def _station(station: Station | None) -> str:
    return localized(station, "name") if station else ""


def appointment_content(
    appointment: Appointment, seeker: Seeker | None, station: Station | None, qr: str, locale: str
) -> SlipContent:
    slot = appointment.slot

    def side(language: str) -> SlipSide:
        rows = [
            (_("Service"), localized(appointment.service, "name")),
            (_("Time"), f"{format_date(slot.starts_at)} {time_range(slot)}"),
        ]
        if seeker is not None:
            rows.append((_("Name"), mask_name(seeker.name_zh)))
        rows += [
            (_("Mobile number"), appointment.mobile_masked),
            (_("Code to cancel or change"), appointment.code),
        ]
        return SlipSide(
            locale=language,
            title=_("Appointment slip"),
            station=_station(station),
            rows=tuple(rows),
            instruction=_("Please come ten minutes early and show this slip at the desk."),
        )

    return SlipContent(appointment.queue_label, qr, _both(locale, side))


def ticket_content(ticket: Ticket, station: Station | None, qr: str, locale: str) -> SlipContent:
    def side(language: str) -> SlipSide:
        return SlipSide(
            locale=language,
            title=_("Queue ticket"),
            station=_station(station),
            rows=(
                (_("Service"), localized(ticket.service, "name")),
                (_("Taken"), f"{format_date(ticket.created_at)} {format_clock(ticket.created_at)}"),
            ),
            instruction=_("Please wait nearby: your number will be called."),
        )

    return SlipContent(ticket.queue_label, qr, _both(locale, side))


def registration_content(
    seeker: Seeker, station: Station | None, qr: str, locale: str
) -> SlipContent:
    def side(language: str) -> SlipSide:
        return SlipSide(
            locale=language,
            title=_("Job-seeker registration"),
            station=_station(station),
            rows=(
                (_("Name"), mask_name(seeker.name_zh)),
                (_("Resident ID number"), seeker.id_number_masked),
                (_("Mobile number"), seeker.mobile_masked),
                (_("Date"), format_date(seeker.updated_at)),
            ),
            instruction=_("Show this number at the desk."),
        )

    return SlipContent(seeker.registration_no, qr, _both(locale, side))


def job_content(job: Job, station: Station | None, qr: str, locale: str) -> SlipContent:
    def side(language: str) -> SlipSide:
        return SlipSide(
            locale=language,
            title=localized(job, "title"),
            station=_station(station),
            rows=(
                (_("Employer"), localized(job.employer, "name")),
                (_("Pay"), pay_range(job)),
                (_("Where"), localized(job.region, "name")),
                (_("Printed"), format_date(datetime.now(BEIJING))),
            ),
            instruction=_("Give this slip to a counselor: they can call the employer for you."),
        )

    return SlipContent("", qr, _both(locale, side))


def recommendation_content(
    jobs: list[Job], station: Station | None, qr: str, locale: str
) -> SlipContent:
    """Jobs a counselor picked at a visit: each with its employer, pay and place."""

    def side(language: str) -> SlipSide:
        rows = tuple(
            (
                localized(job, "title"),
                f"{localized(job.employer, 'name')} · {pay_range(job)} · "
                f"{localized(job.region, 'name')}",
            )
            for job in jobs
        )
        return SlipSide(
            locale=language,
            title=_("Jobs recommended for you"),
            station=_station(station),
            rows=(*rows, (_("Printed"), format_date(datetime.now(BEIJING)))),
            instruction=_(
                "Scan the code to read these jobs on your phone. We can call them for you."
            ),
        )

    return SlipContent("", qr, _both(locale, side))
