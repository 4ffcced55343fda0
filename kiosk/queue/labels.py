"""Words for walk-in tickets: people ahead, the estimated wait, and opening hours."""

from flask_babel import gettext as _

from kiosk.i18n import format_clock, format_date
from kiosk.jobs.labels import opening_hours
from kiosk.models import Station
from kiosk.queue.wait import Hours, Opening, Wait


def ahead(wait: Wait) -> str:
    return str(wait.ahead)


def wait_time(wait: Wait) -> str:
    """ "You are next", "20 minutes", "about 20 minutes" (a default pace), or "from 08:30"."""
    if wait.minutes is None:
        return _("Not today: the station is closed")
    if wait.minutes == 0:
        text = _("You are next")
    elif wait.guessed:
        text = _("about %(minutes)d minutes", minutes=wait.minutes)
    else:
        text = _("%(minutes)d minutes, at today's pace", minutes=wait.minutes)
    if wait.hours.state == Opening.before and wait.hours.opens is not None:
        return _("%(wait)s, from %(opens)s", wait=text, opens=format_clock(wait.hours.opens))
    return text


def hours_note(hours: Hours, station: Station | None) -> str:
    """What a person taking a number outside opening hours must know ("" when open)."""
    if hours.state == Opening.before and hours.opens is not None:
        return _(
            "The counters open at %(opens)s. You can take a number now: numbers are called "
            "from %(opens)s.",
            opens=format_clock(hours.opens),
        )
    if hours.state == Opening.closed and station is not None:
        when = (
            _(
                "It opens again on %(day)s at %(opens)s.",
                day=format_date(hours.opens),
                opens=format_clock(hours.opens),
            )
            if hours.opens is not None
            else ""
        )
        return _(
            "The station is closed now (%(hours)s). %(when)s A number taken now is called "
            "only if a counselor is still at the desk: please ask there.",
            hours=opening_hours(station),
            when=when,
        )
    return ""
