"""Words for the statistics page and its Excel file, and how a period is named."""

from datetime import date

from flask_babel import lazy_gettext as _l

from kiosk.i18n import format_date, format_month_day, is_mongolian
from kiosk.i18n.mongolian import MVS, NNBSP, month_ordinal
from kiosk.statistics.periods import Period, PeriodKind, PeriodProblem

KINDS = {
    PeriodKind.day: _l("Daily"),
    PeriodKind.week: _l("Weekly"),
    PeriodKind.month: _l("Monthly"),
    PeriodKind.quarter: _l("Quarterly"),
    PeriodKind.year: _l("Yearly"),
}
PREVIOUS = {
    PeriodKind.day: _l("Previous day"),
    PeriodKind.week: _l("Previous week"),
    PeriodKind.month: _l("Previous month"),
    PeriodKind.quarter: _l("Previous quarter"),
    PeriodKind.year: _l("Previous year"),
}
NEXT = {
    PeriodKind.day: _l("Next day"),
    PeriodKind.week: _l("Next week"),
    PeriodKind.month: _l("Next month"),
    PeriodKind.quarter: _l("Next quarter"),
    PeriodKind.year: _l("Next year"),
}
CURRENT = {
    PeriodKind.day: _l("Today"),
    PeriodKind.week: _l("This week"),
    PeriodKind.month: _l("This month"),
    PeriodKind.quarter: _l("This quarter"),
    PeriodKind.year: _l("This year"),
}
PROBLEMS = {
    PeriodProblem.unreadable: _l(
        "That period could not be read (a date is written 2024-05-17). Here is the current one."
    ),
    PeriodProblem.out_of_range: _l(
        "There are no statistics for that period (from the year 2000 to a year ahead). "
        "Here is the current one."
    ),
}

#: The headline figures, in the order the county's form lists them.
HEADLINES = {
    "registrations": _l("New registrations"),
    "visits": _l("People served (visits)"),
    "jobs_recommended": _l("Jobs recommended"),
    "visits_with_jobs": _l("Visits with a job recommendation"),
    "training_referrals": _l("Referred to training"),
    "hires": _l("Hired"),
    "follow_ups_open": _l("Follow-ups still open"),
    "gigs_completed": _l("Gigs completed"),
    "gigs_paid_share": _l("Gigs confirmed paid (%)"),
    "gig_referrals_open": _l("Rights referrals open"),
}
APPOINTMENT_COLUMNS = {
    "booked": _l("Appointments made"),
    "served": _l("Served"),
    "no_show": _l("No-show"),
    "cancelled": _l("Cancelled"),
}
TICKET_COLUMNS = {
    "issued": _l("Numbers taken"),
    "served": _l("Served"),
    "no_show": _l("No-show"),
}
DAY_COLUMNS = {"visits": _l("People served (visits)"), "registrations": _l("New registrations")}


def week_ordinal(number: int) -> str:
    """The ordinal suffix after a number, by the vowel harmony of its last numeral word:
    nige (1), dörben (4), yisün (9) and döčin (40) take the front-vowel form."""
    return month_ordinal(1) if number % 10 in (1, 4, 9) or number == 40 else month_ordinal(2)


def _day_range(first: date, last: date) -> str:
    if is_mongolian():
        return f"{format_month_day(first)} ᠡᠴᠡ {format_month_day(last)} ᠬᠦᠷᠲᠡᠯ{MVS}ᠡ"
    return f"{format_month_day(first)}—{format_month_day(last)}"


def period_title(period: Period) -> str:
    """ "2024年5月", "2024年第20周（5月13日—5月19日）" or the date, in the page's language."""
    if period.kind is PeriodKind.day:
        return format_date(period.first)
    if period.kind is PeriodKind.week:
        year, week, _ = period.first.isocalendar()
        days = _day_range(period.first, period.last)
        if is_mongolian():
            return f"{year} ᠣᠨ{NNBSP}ᠤ {week} {week_ordinal(week)} ᠭᠠᠷᠠᠭ · {days}"
        return f"{year}年第{week}周（{days}）"
    year, month = period.first.year, period.first.month
    if period.kind is PeriodKind.year:
        return f"{year} ᠣᠨ" if is_mongolian() else f"{year}年"
    if period.kind is PeriodKind.quarter:
        quarter = period.quarter
        if is_mongolian():
            return f"{year} ᠣᠨ{NNBSP}ᠤ {quarter} {week_ordinal(quarter)} ᠤᠯᠢᠷᠠᠯ"
        return f"{year}年第{quarter}季度"
    if is_mongolian():
        return f"{year} ᠣᠨ{NNBSP}ᠤ {month} {month_ordinal(month)} ᠰᠠᠷ{MVS}ᠠ"
    return f"{year}年{month}月"
