"""Words for the county's pages, its report and the figures a station gets back."""

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.county.indicators import Level, Unit
from kiosk.domain.forms import Problem
from kiosk.models import StationKind
from kiosk.statistics.labels import period_title
from kiosk.statistics.periods import PeriodKind

__all__ = ["period_title"]

INDICATORS = {
    "registrations": _l("New registrations"),
    "visits": _l("Visits received"),
    "people_served": _l("People served"),
    "appointments": _l("Appointments made"),
    "appointments_served": _l("Appointments served"),
    "tickets": _l("Walk-in numbers taken"),
    "tickets_served": _l("Walk-ins served"),
    "jobs_posted": _l("Jobs posted"),
    "positions_posted": _l("Positions posted"),
    "recommended": _l("Jobs recommended"),
    "recommended_hired": _l("Recommendations that became hires"),
    "recommended_hired_elsewhere": _l("…of them hired at another outlet"),
    "placed": _l("People placed in work"),
    "difficulty_served": _l("People with employment difficulties served"),
    "difficulty_placed": _l("People with employment difficulties placed"),
    "placed_4050": _l("4050 placements (women 40+, men 50+)"),
    "zero_households_served": _l("Zero-employment households served"),
    "zero_households_employed": _l("Zero-employment households with a member now employed"),
    "follow_ups_due": _l("Follow-ups due"),
    "follow_ups_on_time": _l("Follow-ups done on time"),
    "follow_ups_late": _l("Follow-ups done late"),
    "follow_ups_overdue": _l("Follow-ups overdue"),
    "tasks_done": _l("Assistance tasks done"),
    "tasks_done_people": _l("People with an assistance task done"),
    "tasks_due": _l("Assistance tasks due"),
    "tasks_done_on_time": _l("Assistance tasks done by their due day"),
    "tasks_overdue": _l("Assistance tasks overdue"),
}
#: What a figure says it counts, beside it.
UNITS = {
    Unit.people: _l("people (人)"),
    Unit.visits: _l("visits (人次)"),
    Unit.times: _l("times (次)"),
    Unit.posts: _l("posts (个)"),
    Unit.households: _l("households (户)"),
}
#: How each figure is counted, for the person who opens it.
NOTES = {
    "people_served": _l("Each registered person once, however often they came."),
    "placed": _l("Each person once, with a visit recorded as hired in the period."),
    "tasks_done": _l(
        "Tasks of the service packages (job offers, guidance, training or internship offers, "
        "follow-up visits) marked done in the period; a task a new tier replaced is not counted."
    ),
    "placed_4050": _l(
        "Placed women aged 40 and over and men aged 50 and over on the day, from the birth "
        "date and sex the ID number gives."
    ),
    "zero_households_employed": _l(
        "Counted by the person placed who declared a zero-employment household: the household "
        "itself is not recorded, so two members of one household count twice."
    ),
    "recommended_hired": _l(
        "Recommendations of the period whose person was later recorded as hired into that job, "
        "here or elsewhere."
    ),
    "follow_ups_overdue": _l("Follow-ups due in the period, past their day and not done."),
}
GROUPS = {
    "activity": _l("Registrations and visits"),
    "placement": _l("Placements"),
    "jobs": _l("Jobs and recommendations"),
    "follow_up": _l("Follow-ups"),
}
LEVELS = {
    Level.outlet: _l("By outlet"),
    Level.banner: _l("By banner or county"),
    Level.prefecture: _l("By prefecture"),
    Level.region: _l("The whole region"),
}
LEVEL_NAMES = {
    Level.outlet: _l("Outlet"),
    Level.banner: _l("Banner or county"),
    Level.prefecture: _l("Prefecture"),
    Level.region: _l("Region"),
}
KINDS = {
    PeriodKind.day: _l("Daily"),
    PeriodKind.week: _l("Weekly"),
    PeriodKind.month: _l("Monthly"),
    PeriodKind.quarter: _l("Quarterly"),
    PeriodKind.year: _l("Yearly"),
}
STATION_KINDS = {
    StationKind.doorstep: _l("Doorstep employment station"),
    StationKind.gig_post: _l("Gig post"),
    StationKind.gig_market: _l("Gig market"),
    StationKind.caravan: _l("Employment caravan"),
    StationKind.online: _l("Online service station"),
}
NOT_RECORDED = _l("not recorded yet")


def target_problems() -> dict:
    from kiosk.county.targets import TargetProblem as Codes

    return {
        Codes.unknown_station: _("Choose an outlet from the register."),
        Codes.unknown_indicator: _("Choose an indicator from the list."),
        Codes.year: _("A year from 2020 to 2100."),
        Codes.quarter: _("The whole year, or a quarter from 1 to 4."),
        Codes.value: _("A whole number from 1 to 1,000,000."),
        Problem.required: _("Please fill this in."),
    }


def directory_problems() -> dict:
    from kiosk.county.directory import DirectoryProblem as Codes

    return {
        Codes.phone: _("A phone number as it is dialled, such as 0471-6281234."),
        Codes.days: _("Opening days as digits 1 (Monday) to 7 (Sunday), such as 12345."),
        Codes.hours: _("Closing comes after opening."),
        Codes.too_many_services: _("At most 20 services."),
        Codes.service_too_long: _("Each service at most 40 characters."),
    }


def target_period(year: int, quarter: int) -> str:
    from kiosk.statistics.periods import Period

    if quarter:
        return period_title(Period.containing(PeriodKind.quarter, date(year, 3 * quarter, 1)))
    return period_title(Period.containing(PeriodKind.year, date(year, 1, 1)))


def open_now(is_open: bool) -> str:
    return _("Open now") if is_open else _("Closed now")


def weekday_names() -> list[str]:
    """Monday to Sunday (Mongolian weekday names are unverified: numbers there)."""
    return [
        _("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"),
    ]  # fmt: skip


def generated(when: datetime) -> str:
    from kiosk.models import BEIJING

    return when.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def hours(station: object) -> str:
    from kiosk.county.directory import hours_text

    return hours_text(station)  # type: ignore[arg-type]


def services(station: object) -> list[str]:
    from kiosk.county.directory import services_of

    return services_of(station)  # type: ignore[arg-type]


def unit_of(key: str) -> Unit:
    from kiosk.county.indicators import INDICATORS

    return INDICATORS[key].unit
