"""What the county sees at the hub of the profiles its outlets pushed: per outlet, how many
people were profiled, where their determinations stand, the tiers chosen and how the tasks
go; per person, the same, masked. Nothing sealed is opened here: the hub is no person's
outlet (health, disability, allowance, and so a determination's category, stay masked)."""

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.assistance.determinations import state
from kiosk.models import (
    AssistanceProfile,
    AssistanceTask,
    Determination,
    Seeker,
    ServicePlan,
    Step,
    StepOutcome,
    Tier,
)


@dataclass
class Progress:
    """Tasks of the current plans: done, still open, and open past their day."""

    done: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.done + self.open


@dataclass
class OutletSummary:
    origin: str
    profiled: int = 0
    #: Determinations by where they stand (DeterminationState values).
    determinations: Counter[str] = field(default_factory=Counter)
    tiers: Counter[Tier] = field(default_factory=Counter)
    tasks: Progress = field(default_factory=Progress)
    reviews_due: int = 0


#: Where a determination stands, from its last step and outcome.
IN_PROGRESS, STANDING, REFUSED, EXITED = "in_progress", "standing", "refused", "exited"
STANDINGS = (IN_PROGRESS, STANDING, REFUSED, EXITED)


def standing_of(determination: Determination) -> str:
    last = state(determination)
    if last is None:
        return IN_PROGRESS
    step, outcome = last
    if step == Step.exited:
        return EXITED
    if step == Step.decided:
        return STANDING if outcome == StepOutcome.approved else REFUSED
    return IN_PROGRESS


@dataclass
class PersonProgress:
    seeker: Seeker
    profile: AssistanceProfile
    determinations: list[tuple[Determination, str]]
    plan: ServicePlan | None
    tasks: Progress
    review_due: bool


M = TypeVar("M", AssistanceProfile, ServicePlan)


def _newest(session: Session, model: type[M], origin: str | None) -> dict[uuid.UUID, M]:
    """Each person's newest record of `model` (a profile, a plan), optionally of one outlet."""
    query = select(model).order_by(model.seeker_id, model.created_at)
    if origin is not None:
        query = query.where(model.origin == origin)
    return {row.seeker_id: row for row in session.scalars(query)}


def _task_progress(
    session: Session, plan_ids: list[uuid.UUID], today: date
) -> dict[uuid.UUID, Progress]:
    found: dict[uuid.UUID, Progress] = defaultdict(Progress)
    if not plan_ids:
        return found
    rows = session.execute(
        select(
            AssistanceTask.plan_id,
            func.count().filter(AssistanceTask.done_on.is_not(None)),
            func.count().filter(AssistanceTask.done_on.is_(None)),
            func.count().filter(AssistanceTask.done_on.is_(None), AssistanceTask.due_on < today),
        )
        .where(AssistanceTask.plan_id.in_(plan_ids), AssistanceTask.cancelled.is_(False))
        .group_by(AssistanceTask.plan_id)
    )
    for plan_id, done, open_, overdue in rows:
        found[plan_id] = Progress(done, open_, overdue)
    return found


def outlet_summaries(session: Session, today: date) -> list[OutletSummary]:
    """Every outlet that pushed a profile, by code."""
    summaries: dict[str, OutletSummary] = {}

    def of(origin: str) -> OutletSummary:
        return summaries.setdefault(origin, OutletSummary(origin))

    for profile in _newest(session, AssistanceProfile, None).values():
        summary = of(profile.origin)
        summary.profiled += 1
        summary.reviews_due += profile.review_on <= today
    for determination in session.scalars(select(Determination)):
        of(determination.origin).determinations[standing_of(determination)] += 1
    plans = list(_newest(session, ServicePlan, None).values())
    progress = _task_progress(session, [p.id for p in plans], today)
    for plan in plans:
        summary = of(plan.origin)
        summary.tiers[plan.tier] += 1
        tasks = progress[plan.id]
        summary.tasks.done += tasks.done
        summary.tasks.open += tasks.open
        summary.tasks.overdue += tasks.overdue
    return [summaries[code] for code in sorted(summaries)]


def people_of_outlet(session: Session, origin: str, today: date) -> list[PersonProgress]:
    """The people an outlet profiled, with their determinations, plan and tasks; those
    overdue first, then by registration number."""
    profiles = _newest(session, AssistanceProfile, origin)
    if not profiles:
        return []
    ids = list(profiles)
    plans = {k: v for k, v in _newest(session, ServicePlan, None).items() if k in profiles}
    progress = _task_progress(session, [p.id for p in plans.values()], today)
    determinations: dict[uuid.UUID, list[tuple[Determination, str]]] = defaultdict(list)
    for found in session.scalars(select(Determination).where(Determination.seeker_id.in_(ids))):
        determinations[found.seeker_id].append((found, standing_of(found)))
    people = []
    for seeker_id, profile in profiles.items():
        plan = plans.get(seeker_id)
        people.append(
            PersonProgress(
                seeker=profile.seeker,
                profile=profile,
                determinations=determinations.get(seeker_id, []),
                plan=plan,
                tasks=progress[plan.id] if plan else Progress(),
                review_due=profile.review_on <= today
                or (plan is not None and plan.review_on <= today),
            )
        )
    return sorted(people, key=lambda p: (-p.tasks.overdue, p.seeker.registration_no))
