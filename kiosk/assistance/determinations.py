"""Determinations (认定) of a difficulty category, through their recorded steps.

The pre-check only says what is likely; a determination is an application the person makes at
the community or 苏木乡镇 platform, and each step after it (review, public notice, the
banner/county decision, a review on request, the exit when the conditions end) is recorded
with its day and who acted. Each determination names the rules version it was opened under.
"""

import enum
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.assistance.precheck import DIFFICULTY_RULES
from kiosk.domain.forms import Checker
from kiosk.domain.rules import load_rules
from kiosk.models import (
    AssistanceProfile,
    Determination,
    DeterminationStep,
    Step,
    StepOutcome,
)

MAX_ACTOR = 60

#: Which step may follow which (the last step and its outcome); None: nothing recorded yet.
NEXT: dict[tuple[Step, StepOutcome | None], tuple[Step, ...]] = {
    (Step.applied, None): (Step.reviewed,),
    (Step.reviewed, StepOutcome.approved): (Step.notice,),
    (Step.reviewed, StepOutcome.refused): (Step.review_requested,),
    (Step.notice, None): (Step.decided,),
    (Step.decided, StepOutcome.approved): (Step.exited, Step.review_requested),
    (Step.decided, StepOutcome.refused): (Step.review_requested,),
    (Step.review_requested, None): (Step.decided,),
}
#: Steps that say yes or no.
WITH_OUTCOME = (Step.reviewed, Step.decided)


class StepProblem(enum.StrEnum):
    not_next = "not_next"  # this step cannot follow the last one
    in_future = "in_future"
    before_last = "before_last"  # before the step it follows
    notice_dates = "notice_dates"  # a notice needs its first and last day, in order
    before_notice_ends = "before_notice_ends"  # decided while the notice still runs
    unknown_category = "unknown_category"


@dataclass(frozen=True)
class StepForm:
    step: str = ""
    acted_on: str = ""
    acted_by: str = ""
    outcome: str = ""
    notice_from: str = ""
    notice_until: str = ""


def next_steps(determination: Determination) -> tuple[Step, ...]:
    last = determination.steps[-1] if determination.steps else None
    if last is None:
        return (Step.applied,)
    outcome = last.outcome if last.step in WITH_OUTCOME else None
    return NEXT.get((last.step, outcome), ())


def state(determination: Determination) -> tuple[Step, StepOutcome | None] | None:
    """The last step and its outcome (an approved decision is a determined person)."""
    if not determination.steps:
        return None
    last = determination.steps[-1]
    return last.step, last.outcome


def is_determined(determination: Determination) -> bool:
    return state(determination) == (Step.decided, StepOutcome.approved)


def is_standing(determination: Determination) -> bool:
    """Applied for or determined, and neither refused nor ended: the person is served as one
    with difficulties meanwhile (their package is that group's)."""
    last = state(determination)
    return last is not None and last[0] != Step.exited and last[1] != StepOutcome.refused


def apply(
    session: Session,
    profile: AssistanceProfile,
    category: str,
    platform: str,
    form: StepForm,
    *,
    station_code: str,
    recorded_by: str,
    today: date,
) -> Determination:
    """Open a determination with its application step (the caller commits)."""
    rules = load_rules(DIFFICULTY_RULES)
    check = Checker()
    numbers = {str(item.number): item.number for item in rules.items}
    if category not in numbers:
        check.refuse("category", StepProblem.unknown_category)
    platform = check.text("platform", platform, MAX_ACTOR, required=True)
    acted_on, acted_by, _outcome, _notice = _step_fields(check, form, Step.applied, None, today)
    check.raise_if_refused()
    determination = Determination(
        origin=station_code,
        seeker_id=profile.seeker_id,
        profile_id=profile.id,
        category=numbers[category],
        rules_version=rules.version,
        platform=platform,
    )
    session.add(determination)
    session.flush()
    session.add(
        DeterminationStep(
            origin=station_code,
            determination_id=determination.id,
            step=Step.applied,
            acted_on=acted_on,
            acted_by=acted_by,
            recorded_by=recorded_by,
        )
    )
    return determination


def record_step(
    session: Session,
    determination: Determination,
    form: StepForm,
    *,
    station_code: str,
    recorded_by: str,
    today: date,
) -> DeterminationStep:
    """Add the next step, checked against the last one (the caller commits)."""
    check = Checker()
    allowed = next_steps(determination)
    step = check.choice("step", form.step, Step, required=True)
    if step is not None and step not in allowed:
        check.refuse("step", StepProblem.not_next)
    last = determination.steps[-1] if determination.steps else None
    acted_on, acted_by, outcome, notice = _step_fields(check, form, step, last, today)
    check.raise_if_refused()
    assert step is not None
    recorded = DeterminationStep(
        origin=station_code,
        determination_id=determination.id,
        step=step,
        acted_on=acted_on,
        acted_by=acted_by,
        recorded_by=recorded_by,
        outcome=outcome,
        notice_from=notice[0],
        notice_until=notice[1],
    )
    session.add(recorded)
    session.flush()
    session.expire(determination, ["steps"])
    return recorded


def _step_fields(
    check: Checker, form: StepForm, step: Step | None, last: DeterminationStep | None, today: date
) -> tuple[date, str, StepOutcome | None, tuple[date | None, date | None]]:
    acted_on = check.date("acted_on", form.acted_on)
    if acted_on is not None:
        if acted_on > today:
            check.refuse("acted_on", StepProblem.in_future)
        elif last is not None and acted_on < last.acted_on:
            check.refuse("acted_on", StepProblem.before_last, last.acted_on)
        elif (
            step == Step.decided
            and last is not None
            and last.notice_until is not None
            and acted_on <= last.notice_until
        ):
            check.refuse("acted_on", StepProblem.before_notice_ends, last.notice_until)
    acted_by = check.text("acted_by", form.acted_by, MAX_ACTOR, required=True)
    outcome = None
    if step in WITH_OUTCOME:
        outcome = check.choice("outcome", form.outcome, StepOutcome, required=True)
    notice: tuple[date | None, date | None] = (None, None)
    if step == Step.notice:
        start = check.date("notice_from", form.notice_from)
        end = check.date("notice_until", form.notice_until)
        if (start is None or end is None) or (
            end < start or (acted_on is not None and start < acted_on)
        ):
            check.refuse("notice_until", StepProblem.notice_dates)
        notice = (start, end)
    return acted_on or today, acted_by, outcome, notice


#: Days a step may wait for the next before the person shows on the list of reviews due
#: (the community reviews in about a week; a decision follows the notice's end).
STEP_WAITS = {Step.applied: 14, Step.reviewed: 14, Step.notice: 7, Step.review_requested: 30}


def stalled(session: Session, today: date) -> list[tuple[uuid.UUID, date]]:
    """(person, since) of each determination whose last step waits too long for the next."""
    found = []
    for determination in session.scalars(select(Determination)):
        if not determination.steps:
            continue
        last = determination.steps[-1]
        wait = STEP_WAITS.get(last.step)
        if wait is None:
            continue
        since = (
            last.notice_until if last.step == Step.notice and last.notice_until else last.acted_on
        )
        if since + timedelta(days=wait) <= today:
            found.append((determination.seeker_id, since + timedelta(days=wait)))
    return found


def determinations_of(session: Session, seeker_id: object) -> list[Determination]:
    return list(
        session.scalars(
            select(Determination)
            .where(Determination.seeker_id == seeker_id)
            .order_by(Determination.created_at.desc())
        )
    )
