"""Words for the coded values a seeker sees: pay units, employment types, station kinds."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from kiosk.i18n import format_number, localized
from kiosk.jobs.counts import Way
from kiosk.jobs.queries import POSTED_WITHIN_DAYS, JobQuery
from kiosk.jobs.search import PAY_LEVELS
from kiosk.models import EmploymentType, Job, PayUnit, Station, StationKind

EMPLOYMENT_TYPES = {
    EmploymentType.full_time: _l("Full-time"),
    EmploymentType.part_time: _l("Part-time"),
    EmploymentType.gig: _l("Gig / day work"),
    EmploymentType.internship: _l("Internship"),
}

STATION_KINDS = {
    StationKind.doorstep: _l("Doorstep employment station"),
    StationKind.gig_post: _l("Gig-work post"),
    StationKind.gig_market: _l("Gig market"),
    StationKind.caravan: _l("Employment service caravan"),
    StationKind.online: _l("Online station"),
}


def pay_range(job: Job) -> str:
    """Pay as a seeker reads it: "4500–6000 元/月", one amount when the range is one number."""
    low, high = format_number(job.pay_min), format_number(job.pay_max)
    amount = low if job.pay_min == job.pay_max else f"{low}–{high}"
    match job.pay_unit:
        case PayUnit.month:
            return _("%(amount)s yuan per month", amount=amount)
        case PayUnit.day:
            return _("%(amount)s yuan per day", amount=amount)
        case PayUnit.hour:
            return _("%(amount)s yuan per hour", amount=amount)
        case PayUnit.piece:
            return _("%(amount)s yuan per piece", amount=amount)


def job_count(jobs: int) -> str:
    """A tile's count: "23 jobs", or "No jobs" said as words, not a bare 0."""
    if jobs == 0:
        return _("No jobs")
    return ngettext("%(jobs)s job", "%(jobs)s jobs", jobs, jobs=format_number(jobs))


def way_label(way: Way, empty: JobQuery, wider: bool = False) -> str:
    """What a way out of the empty list `empty` leads to: a filter dropped, or an area."""
    match way.drops:
        case "q":
            return _("Without “%(words)s”", words=empty.text)
        case "type":
            return _("Any type")
        case "pay":
            return _("Any pay")
        case "days":
            return _("Any time")
        case "category":
            return _("All kinds of work")
    region = way.query.region
    if region is None:
        return _("Anywhere in Inner Mongolia")
    name = localized(region, "name")
    return _("All of %(area)s", area=name) if wider else name


def pay_level(level: int) -> str:
    return _("%(amount)s+ a month", amount=format_number(level))


def posted_within(days: int) -> str:
    return _("Today") if days == 1 else _("Last %(days)s days", days=days)


@dataclass(frozen=True)
class FilterRow:
    """One row of filter chips: the URL parameter, its heading, "any" and the choices."""

    param: str
    heading: str
    any_label: str
    choices: list[tuple[str, str]]
    current: str | None


def filter_rows(query: JobQuery) -> list[FilterRow]:
    def chosen(value: object) -> str | None:
        return None if value is None else str(value)

    return [
        FilterRow(
            "type",
            _("Kind of employment"),
            _("Any type"),
            [(kind.value, str(label)) for kind, label in EMPLOYMENT_TYPES.items()],
            chosen(query.employment_type and query.employment_type.value),
        ),
        FilterRow(
            "pay",
            _("Pay"),
            _("Any pay"),
            [(str(level), pay_level(level)) for level in PAY_LEVELS],
            chosen(query.pay_at_least),
        ),
        FilterRow(
            "days",
            _("Posted"),
            _("Any time"),
            [(str(days), posted_within(days)) for days in POSTED_WITHIN_DAYS],
            chosen(query.posted_within),
        ),
    ]


WEEKDAYS = {
    "1": _l("Monday"),
    "2": _l("Tuesday"),
    "3": _l("Wednesday"),
    "4": _l("Thursday"),
    "5": _l("Friday"),
    "6": _l("Saturday"),
    "7": _l("Sunday"),
}


def opening_hours(station: Station) -> str:
    """Opening days and hours, e.g. "Monday to Friday 08:30–17:30"."""
    named = {"12345": _("Monday to Friday"), "123456": _("Monday to Saturday")}
    if station.open_days == "1234567":
        days = _("Every day")
    else:
        days = named.get(station.open_days) or " ".join(str(WEEKDAYS[d]) for d in station.open_days)
    return _(
        "%(days)s %(opens)s–%(closes)s",
        days=days,
        opens=station.opens_at.strftime("%H:%M"),
        closes=station.closes_at.strftime("%H:%M"),
    )
