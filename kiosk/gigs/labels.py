"""Words for gig posts: fields, choices, what is wrong with a field, a post's state."""

from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from kiosk.domain.forms import FieldProblem, Problem
from kiosk.gigs import licence
from kiosk.gigs.outcomes import OutcomeProblem, last_day
from kiosk.gigs.posting import Floor, GigProblem, format_pay
from kiosk.gigs.review import ReviewProblem
from kiosk.gigs.taking import TakeProblem
from kiosk.i18n import format_date, format_number, localized
from kiosk.models import (
    EmployerKind,
    GigCategory,
    GigPayUnit,
    GigPost,
    GigReferral,
    GigTake,
    Moderation,
    NoShow,
    PaidVia,
    PostStatus,
    ReferralOutcome,
    ReferralStatus,
    Settlement,
    Shift,
    Station,
    TakeStatus,
    Via,
)
from kiosk.web.form_labels import message

FIELDS = {
    "employer_kind": _l("Who is hiring"),
    "credit_code": _l("Unified social credit code"),
    "licence": _l("Photo of the business licence"),
    "household_id": _l("Resident ID number of the person hiring"),
    "employer_name": _l("Employer's name"),
    "contact_name": _l("Your name"),
    "contact_mobile": _l("Your mobile number"),
    "title_zh": _l("The work, in Chinese"),
    "title_mn": _l("The work, in Mongolian"),
    "category": _l("Kind of gig"),
    "headcount": _l("People wanted"),
    "duties_zh": _l("What the work is (Chinese)"),
    "duties_mn": _l("What the work is (Mongolian)"),
    "requirements_zh": _l("Requirements (Chinese)"),
    "requirements_mn": _l("Requirements (Mongolian)"),
    "region": _l("Banner or county"),
    "address_zh": _l("Place of work (Chinese)"),
    "address_mn": _l("Place of work (Mongolian)"),
    "pay": _l("Basic pay in yuan"),
    "pay_unit": _l("Paid by"),
    "settlement": _l("Paid out"),
    "start_date": _l("First day"),
    "end_date": _l("Last day"),
    "start_time": _l("Starts at"),
    "end_time": _l("Ends at"),
    "shift": _l("Shift"),
    "valid_until": _l("Can be taken until"),
    "reason": _l("Reason the employer will read"),
}

EMPLOYER_KINDS = {
    EmployerKind.company: _l("A business or organisation"),
    EmployerKind.household: _l("A household"),
}
CATEGORIES = {
    GigCategory.home_repair: _l("Home repair"),
    GigCategory.drain_clearing: _l("Drain clearing"),
    GigCategory.appliance_repair: _l("Appliance repair"),
    GigCategory.cleaning: _l("Cleaning"),
    GigCategory.delivery: _l("Delivery"),
    GigCategory.carer: _l("Nanny or maternity carer"),
    GigCategory.moving: _l("Moving"),
    GigCategory.herding: _l("Herding"),
    GigCategory.shearing: _l("Shearing"),
    GigCategory.harvest: _l("Farm harvest"),
    GigCategory.construction: _l("Construction labour"),
    GigCategory.loading: _l("Loading"),
}
PAY_UNITS = {
    GigPayUnit.day: _l("By the day"),
    GigPayUnit.hour: _l("By the hour"),
    GigPayUnit.piece: _l("By the piece"),
}
#: "200 yuan a day": the pay and its unit together.
PAY_PER = {
    GigPayUnit.day: _l("%(pay)s yuan a day"),
    GigPayUnit.hour: _l("%(pay)s yuan an hour"),
    GigPayUnit.piece: _l("%(pay)s yuan a piece"),
}
SETTLEMENTS = {
    Settlement.daily: _l("Every day"),
    Settlement.weekly: _l("Every week"),
    Settlement.per_piece: _l("For each piece"),
}
SHIFTS = {
    Shift.day: _l("Same day"),
    Shift.overnight: _l("Overnight"),
}
TAKE_STATUSES = {
    TakeStatus.taken: _l("Took a place"),
    TakeStatus.confirmed: _l("Confirmed by the employer"),
}
STATUSES = {
    PostStatus.pending: _l("Waiting for the station's review"),
    PostStatus.approved: _l("On the gig board"),
    PostStatus.rejected: _l("Sent back: please correct it"),
    PostStatus.withdrawn: _l("Taken down by you"),
}
FLAGS = {
    "discrimination": _l("Wording that may exclude people by sex, ethnicity or marriage"),
    "hukou": _l("Wording that limits by hukou or home region"),
    "guarantee": _l("A promise of guaranteed placement"),
}

PROBLEMS = {
    GigProblem.credit_code: _l(
        "This is not a valid unified social credit code: please check the 18 characters."
    ),
    GigProblem.id_number: _l("This is not a valid resident ID number: please check it."),
    GigProblem.mobile: _l("Please write an 11-digit mobile number."),
    GigProblem.pay: _l("Please write the pay in yuan, such as 200 or 22.5."),
    GigProblem.headcount: _l("Between 1 and 9999 people."),
    GigProblem.end_before_start: _l("The last day cannot be before the first day."),
    GigProblem.time_order: _l(
        "The work ends before it starts: for work that ends the next morning choose Overnight."
    ),
    GigProblem.past_date: _l("This date has already passed."),
    GigProblem.too_far: _l("At most a year ahead."),
    GigProblem.valid_after_end: _l("It cannot be taken after its last day."),
    GigProblem.duplicate: _l("You have already posted this job at this place."),
    GigProblem.not_mongolian: _l("This has no Mongolian letters: write it in Mongolian script."),
    GigProblem.licence: _l(
        "This file is not a photo we can read: please take a photo (JPEG or PNG)."
    ),
    ReviewProblem.decided: _l(
        "This post was decided or changed meanwhile: here it is as it is now."
    ),
    Problem.unknown_choice: _l("Please choose one of the listed values."),
    TakeProblem.worker: _l(
        "Please give a resident ID number (18 characters) or an 11-digit mobile."
    ),
    TakeProblem.full: _l("Every place in this gig is taken."),
    TakeProblem.gone: _l("This gig can no longer be taken."),
    TakeProblem.already: _l("You already have a place in this gig."),
    TakeProblem.not_yours: _l("This is not a worker of this gig."),
    OutcomeProblem.code: _l("No place has this check-in code: please check the 6 digits."),
    OutcomeProblem.code_digits: _l("Please type the check-in code with the digits 0–9."),
    OutcomeProblem.other_gig: _l("This check-in code is of another gig."),
    OutcomeProblem.arrived: _l("This worker has checked in already."),
    OutcomeProblem.not_started: _l("This gig has not started yet."),
    OutcomeProblem.not_arrived: _l("This worker has not checked in yet."),
    OutcomeProblem.completed: _l("This work is marked done already."),
    OutcomeProblem.settled: _l("This place is settled already: nothing was changed."),
    OutcomeProblem.not_due: _l("You can answer from the day after the gig ends."),
    OutcomeProblem.answered: _l("This was answered already: nothing was changed."),
    OutcomeProblem.not_yours: _l("This is not a worker of this gig."),
    OutcomeProblem.closed: _l("This referral is closed already: nothing was changed."),
}
VIAS = {Via.desk: _l("at the station desk"), Via.employer: _l("by the employer")}
NO_SHOWS = {
    NoShow.worker: _l("The worker did not come"),
    NoShow.employer: _l("The employer did not come"),
}
PAID_VIAS = {
    PaidVia.kiosk: _l("at the kiosk"),
    PaidVia.desk: _l("at the desk"),
    PaidVia.follow_up: _l("by the follow-up list"),
}
REFERRAL_STATUSES = {
    ReferralStatus.open: _l("Referral open"),
    ReferralStatus.closed: _l("Referral closed"),
}
#: How a referral ended, as the desk chooses it when closing it.
REFERRAL_OUTCOMES = {
    ReferralOutcome.paid_after_referral: _l("Paid after the referral"),
    ReferralOutcome.settled: _l("Settled between the two sides"),
    ReferralOutcome.withdrawn_by_worker: _l("Withdrawn by the worker"),
    ReferralOutcome.passed_to_inspection: _l("Taken over by the labour inspection"),
}
#: Another station's gig: where its places are taken (kiosk/gigs/taking.py).
TAKE_AT = _l("Take it at %(station)s")
ELSEWHERE = _l(
    "This gig was posted at another station, which keeps count of its places: take it at"
    " %(station)s."
)
#: The hub's moderation, as the employer reads it on the post's page.
MODERATED = {
    Moderation.hidden: _l("The county's employment service has hidden this post."),
    Moderation.closed: _l("The county's employment service has closed this post."),
}
AT_MOST = _l("At most %(limit)s characters.")
BELOW_HOURLY = _l(
    "Below the minimum wage here (area class %(area)s): at least %(minimum)s yuan an hour."
)
BELOW_DAILY = _l(
    "Below the minimum wage here (area class %(area)s): for %(hours)s hours at least "
    "%(minimum)s yuan a day (%(hourly)s yuan an hour)."
)


def _yuan(amount: Decimal) -> str:
    return format_pay(int(amount * 100))


def problem_text(problem: FieldProblem) -> str:
    """What is wrong, in the reader's language (the minimum wage with its figure)."""
    match problem.problem:
        case Problem.too_long:
            return str(AT_MOST) % {"limit": format_number(problem.detail or 0)}
        case GigProblem.below_minimum:
            floor: Floor = problem.detail
            words = BELOW_HOURLY if floor.hours is None else BELOW_DAILY
            return str(words) % {
                "area": floor.area_class,
                "minimum": _yuan(floor.minimum),
                "hourly": _yuan(floor.hourly),
                "hours": _yuan(floor.hours or Decimal(0)),
            }
        case TakeProblem.elsewhere:
            return str(ELSEWHERE) % {"station": station_name(problem.detail)}
    return message(problem, PROBLEMS)


def licence_too_large() -> str:
    return _(
        "The photo is too large to send (at most %(mb)s MB). Nothing was saved: please go back"
        " and choose a smaller photo.",
        mb=format_number(licence.MAX_BYTES // (1024 * 1024)),
    )


def outcome(placed: GigTake) -> str:
    """Where a place stands, in a few words: arrived, done, paid or not, a no-show."""
    if placed.no_show is not None:
        return str(NO_SHOWS[placed.no_show])
    if placed.paid is not None:
        return _("Paid") if placed.paid else _("Not paid: referred")
    if placed.completed_at is not None:
        return _("Done")
    if placed.arrived_at is not None and placed.arrived_via is not None:
        return _("Arrived %(via)s") % {"via": VIAS[placed.arrived_via]}
    return str(TAKE_STATUSES[placed.status])


def paid_due(post: GigPost, today: date) -> bool:
    """Whether "were you paid?" is asked: from the day after the gig's end."""
    return last_day(post) < today


def station_name(station: Station | str) -> str:
    """A station as a seeker reads it: its name in the reader's language, else its code."""
    return station if isinstance(station, str) else localized(station, "name")


def take_at(station: Station | str) -> str:
    return str(TAKE_AT) % {"station": station_name(station)}


def pay(post: GigPost | GigReferral) -> str:
    return str(PAY_PER[post.pay_unit]) % {"pay": format_pay(post.pay_fen)}


def flags(post: GigPost) -> list[Any]:
    return [FLAGS[code] for code in post.flags.split() if code in FLAGS]


def days(post: GigPost | GigReferral) -> str:
    """ "3 December", or "3 December – 5 December"."""
    first = format_date(post.start_date)
    return first if post.end_date == post.start_date else f"{first} – {format_date(post.end_date)}"


def wanted(post: GigPost) -> str:
    return ngettext("%(num)d person wanted", "%(num)d people wanted", post.headcount)


def places_left(post: GigPost) -> str:
    left = post.headcount - post.taken
    return ngettext("%(num)d place left", "%(num)d places left", left)
