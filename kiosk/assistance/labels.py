"""Words for precise assistance: the profile's choices, steps, tiers, tasks and problems."""

import enum
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

from kiosk.assistance.county import EXITED, IN_PROGRESS, REFUSED, STANDING
from kiosk.assistance.determinations import StepProblem
from kiosk.assistance.plans import PlanProblem
from kiosk.assistance.profiles import MIN_AGE_FOR_DATES, ProfileProblem
from kiosk.assistance.requests import Asker, Need, RequestProblem, Suits
from kiosk.domain.forms import FieldProblem
from kiosk.models import (
    Barrier,
    ExpropriationLevel,
    LandTaken,
    MemberSituation,
    ProfilePlace,
    ProofStatus,
    RequestChannel,
    RequestKind,
    RequestStatus,
    Step,
    StepOutcome,
    TaskKind,
    Tier,
)
from kiosk.registration.labels import PROBLEMS as REGISTRATION_PROBLEMS
from kiosk.registration.service import RegistrationProblem
from kiosk.web.form_labels import message

PLACES = {ProfilePlace.desk: _l("At the desk"), ProfilePlace.caravan: _l("At a caravan")}
SITUATIONS = {
    MemberSituation.employed: _l("Working"),
    MemberSituation.registered_unemployed: _l("Registered unemployed"),
    MemberSituation.unregistered_unemployed: _l("Without work, not registered"),
    MemberSituation.unable_to_work: _l("Unable to work"),
    MemberSituation.outside_working_age: _l("Child, pensioner or student"),
}
BARRIERS = {
    Barrier.transport: _l("Transport"),
    Barrier.care_duties: _l("Childcare or care duties"),
    Barrier.language: _l("Language"),
    Barrier.literacy: _l("Reading and writing"),
    Barrier.phone_access: _l("No phone or internet"),
    Barrier.health: _l("Health"),
    Barrier.housing: _l("Housing"),
    Barrier.debt: _l("Debt"),
}
LAND = {LandTaken.farmland: _l("All farmland"), LandTaken.grassland: _l("All grassland")}
LEVELS = {
    ExpropriationLevel.banner_or_above: _l("By a banner/county government or above"),
    ExpropriationLevel.below_banner: _l("By a lower level"),
}
STEPS = {
    Step.applied: _l("Application at the platform"),
    Step.reviewed: _l("Review by the platform"),
    Step.notice: _l("Public notice"),
    Step.decided: _l("Banner/county decision"),
    Step.review_requested: _l("Review asked for"),
    Step.exited: _l("Exit: the conditions ended"),
}
OUTCOMES = {StepOutcome.approved: _l("Approved"), StepOutcome.refused: _l("Refused")}
TIERS = {
    Tier.self_service: _l("Self-service"),
    Tier.guided: _l("Guided"),
    Tier.intensive: _l("Intensive"),
}
TASKS = {
    TaskKind.job_offer: _l("Job offer"),
    TaskKind.guidance: _l("Guidance session"),
    TaskKind.training_offer: _l("Training or internship offer"),
    TaskKind.follow_up_visit: _l("Follow-up visit"),
}
REQUEST_KINDS = {
    RequestKind.door_to_door: _l("Door-to-door service"),
    RequestKind.proxy: _l("Errand on their behalf"),
}
#: The kinds as the person asking reads them.
OWN_KINDS = {
    RequestKind.door_to_door: _l("A counselor comes to my village"),
    RequestKind.proxy: _l("An errand done for me"),
}
CHANNELS = {
    RequestChannel.kiosk: _l("At the kiosk"),
    RequestChannel.phone: _l("By phone"),
    RequestChannel.staff: _l("By staff, on their behalf"),
}
NEEDS = {
    Need.unemployment_registration: _l("Registering as unemployed"),
    Need.difficulty_application: _l("Applying as a person with employment difficulties"),
    Need.job_recommendation: _l("Jobs to suit me"),
    Need.training: _l("Signing up for training"),
    Need.social_insurance: _l("Social insurance business"),
    Need.other: _l("Something else"),
}
SUITS = {
    Suits.weekday_morning: _l("Weekday mornings"),
    Suits.weekday_afternoon: _l("Weekday afternoons"),
    Suits.weekend: _l("Weekends"),
    Suits.any_time: _l("Any time"),
}
ASKERS = {
    Asker.myself: _l("Myself"),
    Asker.relative: _l("A relative"),
    Asker.village_official: _l("A gacha or village official"),
}
#: The words a request asked for by the person is stored with (in their language).
OWN_REQUEST_WORDS: dict[enum.Enum, object] = {
    code: words for table in (NEEDS, SUITS, ASKERS) for code, words in table.items()
}
#: Where a determination stands, as the county's page counts it (kiosk/assistance/county.py).
STANDINGS = {
    IN_PROGRESS: _l("Determination in progress"),
    STANDING: _l("Determined"),
    REFUSED: _l("Refused"),
    EXITED: _l("Exited"),
}
PROOF_STATUSES = {
    ProofStatus.claimed: _l("Claimed, no proof yet"),
    ProofStatus.shown: _l("Proof shown"),
    ProofStatus.confirmed: _l("Confirmed with the issuing office"),
}
REQUEST_STATUSES = {
    RequestStatus.open: _l("Waiting"),
    RequestStatus.assigned: _l("Planned"),
    RequestStatus.visited: _l("Visited"),
    RequestStatus.cancelled: _l("Cancelled"),
}
#: Names of the profile's fields, for "what changed since the last profile".
FIELDS = {
    "urban_resident": _l("Urban resident"),
    "able_and_willing": _l("Able and willing to work"),
    "registered_unemployed_since": _l("Registered unemployed since"),
    "residence_months": _l("Months lived here"),
    "insured_months": _l("Months of urban workers' insurance"),
    "household": _l("Household"),
    "household_business_income": _l("Business or investment income in the household"),
    "land_taken": _l("Land taken by expropriation"),
    "expropriation_level": _l("Taken by"),
    "compensation_monthly": _l("Compensation a month (yuan)"),
    "local_unemployment_benefit": _l("Local unemployment benefit a month (yuan)"),
    "left_higher_education_on": _l("Left full-time higher education on"),
    "ever_employed": _l("Ever employed"),
    "work_history": _l("Work history"),
    "barriers": _l("Barriers"),
    "proofs_in_hand": _l("Proofs in hand"),
    "health": _l("Health"),
    "disability_certificate": _l("Disability certificate"),
    "minimum_allowance": _l("On the minimum living allowance"),
    "minimum_allowance_since": _l("Allowance since"),
}

PROBLEMS = {
    ProfileProblem.before_birth: _l("This date is before the person was born."),
    ProfileProblem.too_young: _l("This date is before the person was %(age)s."),
    ProfileProblem.in_future: _l("This date is in the future."),
    ProfileProblem.household_empty: _l(
        "A household has at least one member: the person. Count them in."
    ),
    ProfileProblem.household_too_big: _l("Write each number from 0 to 30."),
    ProfileProblem.months_out_of_range: _l("Write a number of months from 0 to 1200."),
    ProfileProblem.more_than_lifetime: _l("More months than the person has lived."),
    ProfileProblem.amount_out_of_range: _l("Write an amount from 0 to 100000 yuan."),
    ProfileProblem.needs_allowance: _l("Only with the minimum living allowance."),
    ProfileProblem.needs_land: _l("Only when land was taken."),
    ProfileProblem.needs_benefit: _l("Write the local benefit to compare the compensation with."),
    ProfileProblem.outside_working_age: _l(
        "The person is outside working age (16 to 59 for men, 16 to 54 for women): "
        "these rules do not judge them."
    ),
    ProfileProblem.unknown_proof: _l("Please choose from the list."),
    StepProblem.not_next: _l("This step cannot follow the last one."),
    StepProblem.in_future: _l("This date is in the future."),
    StepProblem.before_last: _l("This date is before the last step."),
    StepProblem.notice_dates: _l("The notice needs its first and last day, in order."),
    StepProblem.before_notice_ends: _l("The decision comes after the notice has ended."),
    StepProblem.unknown_category: _l("Please choose from the list."),
    PlanProblem.unknown_group: _l("Choose one of the person's groups."),
    RequestProblem.planned_on: _l("Choose a day from today to two months ahead."),
    RequestProblem.closed: _l("This request is closed already."),
    ProfileProblem.review_not_ahead: _l("Choose a day from tomorrow to three years ahead."),
}
# A request asked for by the person: its mobile and its consent say what registering says.
for _code in (RegistrationProblem.mobile, RegistrationProblem.digits, RegistrationProblem.consent):
    PROBLEMS[_code] = REGISTRATION_PROBLEMS[_code]


def problem(field: FieldProblem) -> str:
    if field.problem == ProfileProblem.too_young:
        return str(PROBLEMS[ProfileProblem.too_young]) % {"age": MIN_AGE_FOR_DATES}
    return message(field, PROBLEMS)


def problems(found: dict[str, FieldProblem]) -> dict[str, str]:
    return {name: problem(p) for name, p in found.items()}


def choices(table: Mapping[enum.Enum, object]) -> list[tuple[str, object]]:
    """(value, words) pairs for the form's chips."""
    return [(code.value, words) for code, words in table.items()]
