"""Tiers and service packages: the counselor chooses a tier and says why; the package of the
person's key group (kiosk/data/assistance/packages.json, the county's to edit) puts tasks with
due dates on the counselor's list; done tasks are counted for the county's figures."""

import enum
import functools
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.assistance.determinations import stalled
from kiosk.domain.forms import Checker
from kiosk.domain.rules import LANGUAGES, Text
from kiosk.models import (
    AssistanceProfile,
    AssistanceTask,
    Seeker,
    ServicePlan,
    TaskKind,
    Tier,
)
from kiosk.sync.capture import update_synced

PACKAGES = Path(__file__).resolve().parent.parent / "data" / "assistance" / "packages.json"
MAX_REASON = 500
#: Key groups beside those of the registration (kiosk.models.KeyGroup).
DIFFICULTY_GROUP = "difficulty"
GENERAL_GROUP = "general"


class PlanProblem(enum.StrEnum):
    unknown_group = "unknown_group"  # not a group the person belongs to


class PackagesFileError(ValueError):
    pass


@dataclass(frozen=True)
class TaskSpec:
    kind: TaskKind
    count: int
    first_days: int
    every_days: int

    def due_dates(self, start: date) -> list[date]:
        return [
            start + timedelta(days=self.first_days + n * self.every_days) for n in range(self.count)
        ]


@dataclass(frozen=True)
class Group:
    code: str
    name: Text
    tiers: Mapping[Tier, tuple[TaskSpec, ...]]


@dataclass(frozen=True)
class Packages:
    version: str
    review_days: Mapping[Tier, int]
    groups: Mapping[str, Group]
    #: Days until a claimed criterion (a proof code, or "default") is looked at again.
    proof_review_days: Mapping[str, int]


@functools.cache
def load_packages(path: Path = PACKAGES) -> Packages:
    """The packages file, checked: every group has every tier, every task kind is known."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        groups = {}
        for code, raw in data["groups"].items():
            name = raw["name"]
            if not all(isinstance(name.get(lang), str) for lang in LANGUAGES):
                raise PackagesFileError(f"groups.{code}.name: a text in each of {LANGUAGES}")
            tiers = {}
            for tier in Tier:
                tiers[tier] = tuple(
                    TaskSpec(
                        TaskKind(kind), int(s["count"]), int(s["first_days"]), int(s["every_days"])
                    )
                    for kind, s in raw["tiers"][tier.value].items()
                )
            groups[code] = Group(code, name, tiers)
        review = {tier: int(data["review_days"][tier.value]) for tier in Tier}
        proofs = {code: int(days) for code, days in data["proof_review_days"].items()}
        if "default" not in proofs or min(proofs.values()) < 1:
            raise PackagesFileError("proof_review_days: a default, and each at least 1 day")
        return Packages(str(data["version"]), review, groups, proofs)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PackagesFileError(f"{path.name}: {error!r}") from error


def groups_of(seeker: Seeker, difficulty: bool) -> list[str]:
    """The package groups a person may be served under: their key groups, 'difficulty' for a
    person with employment difficulties (declared or determined), and always 'general'."""
    groups = list(seeker.key_groups)
    if difficulty or seeker.difficulty is not None:
        groups.append(DIFFICULTY_GROUP)
    groups.append(GENERAL_GROUP)
    known = load_packages().groups
    return [g for g in dict.fromkeys(groups) if g in known]


@dataclass(frozen=True)
class TierForm:
    tier: str = ""
    key_group: str = ""
    reason: str = ""


def choose_tier(
    session: Session,
    seeker: Seeker,
    profile: AssistanceProfile | None,
    form: TierForm,
    *,
    groups: list[str],
    station_code: str,
    counselor: str,
    today: date,
) -> ServicePlan:
    """The counselor's choice, with its package's tasks on their list (the caller commits).
    A new tier replaces the one before: its open tasks are cancelled, not counted as done."""
    packages = load_packages()
    check = Checker()
    tier = check.choice("tier", form.tier, Tier, required=True)
    group = check.clean("key_group", form.key_group)
    if group not in groups:
        check.refuse("key_group", PlanProblem.unknown_group)
    reason = check.text("reason", form.reason, MAX_REASON, required=True, multiline=True)
    check.raise_if_refused()
    assert tier is not None
    session.flush()  # the person's and the profile's ids
    update_synced(
        session,
        AssistanceTask,
        AssistanceTask.seeker_id == seeker.id,
        AssistanceTask.done_on.is_(None),
        AssistanceTask.cancelled.is_(False),
        cancelled=True,
    )
    plan = ServicePlan(
        origin=station_code,
        seeker_id=seeker.id,
        profile_id=profile.id if profile else None,
        tier=tier,
        key_group=group,
        package_version=packages.version,
        reason=reason,
        chosen_on=today,
        chosen_by=counselor,
        review_on=today + timedelta(days=packages.review_days[tier]),
    )
    session.add(plan)
    session.flush()
    for spec in packages.groups[group].tiers[tier]:
        for due in spec.due_dates(today):
            session.add(
                AssistanceTask(
                    origin=station_code,
                    plan_id=plan.id,
                    seeker_id=seeker.id,
                    kind=spec.kind,
                    due_on=due,
                    assigned_to=counselor,
                )
            )
    return plan


def current_plan(session: Session, seeker_id: object) -> ServicePlan | None:
    return session.scalars(
        select(ServicePlan)
        .where(ServicePlan.seeker_id == seeker_id)
        .order_by(ServicePlan.chosen_on.desc(), ServicePlan.created_at.desc())
    ).first()


def tasks_of_plan(session: Session, plan: ServicePlan) -> list[AssistanceTask]:
    return list(
        session.scalars(
            select(AssistanceTask)
            .where(AssistanceTask.plan_id == plan.id)
            .order_by(AssistanceTask.due_on, AssistanceTask.kind)
        )
    )


def open_tasks(session: Session, assigned_to: str | None = None) -> list[AssistanceTask]:
    """Tasks not done, the earliest (and so the overdue) first; one counselor's or all."""
    query = (
        select(AssistanceTask)
        .where(AssistanceTask.done_on.is_(None), AssistanceTask.cancelled.is_(False))
        .order_by(AssistanceTask.due_on, AssistanceTask.created_at)
    )
    if assigned_to is not None:
        query = query.where(AssistanceTask.assigned_to == assigned_to)
    return list(session.scalars(query))


def finish_task(session: Session, task_id: uuid.UUID, done_by: str, today: date) -> bool:
    """Mark a task done; False when it was done (or cancelled) already."""
    done = update_synced(
        session,
        AssistanceTask,
        AssistanceTask.id == task_id,
        AssistanceTask.done_on.is_(None),
        AssistanceTask.cancelled.is_(False),
        done_on=today,
        done_by=done_by,
    )
    return len(done) == 1


@dataclass(frozen=True)
class DoneCount:
    """Done tasks of one kind, for one station, key group and tier."""

    origin: str
    key_group: str
    tier: Tier
    kind: TaskKind
    count: int


def done_task_counts(session: Session, since: date, until: date) -> list[DoneCount]:
    """Tasks done from `since` to `until` (both days counted), by station, key group, tier and
    kind: for the county's figures (plain SQL, the same on a station and on the hub)."""
    rows = session.execute(
        select(
            AssistanceTask.origin,
            ServicePlan.key_group,
            ServicePlan.tier,
            AssistanceTask.kind,
            func.count(),
        )
        .join(ServicePlan, ServicePlan.id == AssistanceTask.plan_id)
        .where(AssistanceTask.done_on.between(since, until))
        .group_by(
            AssistanceTask.origin, ServicePlan.key_group, ServicePlan.tier, AssistanceTask.kind
        )
        .order_by(
            AssistanceTask.origin, ServicePlan.key_group, ServicePlan.tier, AssistanceTask.kind
        )
    ).all()
    return [DoneCount(o, g, Tier(t), TaskKind(k), n) for o, g, t, k, n in rows]


@dataclass(frozen=True)
class ReviewDue:
    seeker: Seeker
    #: What is due: "profile" (the claimed criteria), "tier", "determination" (a step waits).
    what: tuple[str, ...]
    since: date


def reviews_due(session: Session, today: date) -> list[ReviewDue]:
    """People whose current profile or tier was not looked at again in time, longest first."""
    due: dict[uuid.UUID, tuple[list[str], date]] = {}
    for model, what in ((AssistanceProfile, "profile"), (ServicePlan, "tier")):
        for seeker_id, review_on in _current_reviews(session, model):
            if review_on <= today:
                whats, since = due.get(seeker_id, ([], review_on))
                due[seeker_id] = ([*whats, what], min(since, review_on))
    for seeker_id, since in stalled(session, today):
        whats, first = due.get(seeker_id, ([], since))
        if "determination" not in whats:
            due[seeker_id] = ([*whats, "determination"], min(first, since))
    found = [
        ReviewDue(session.get_one(Seeker, seeker_id), tuple(whats), since)
        for seeker_id, (whats, since) in due.items()
    ]
    return sorted(found, key=lambda r: r.since)


def _current_reviews(session: Session, model: Any) -> list[Any]:
    """(person, review day) of each person's newest record of `model`."""
    newest = (
        select(model.seeker_id, func.max(model.created_at).label("newest"))
        .group_by(model.seeker_id)
        .subquery()
    )
    rows = session.execute(
        select(model.seeker_id, model.review_on).join(
            newest,
            (model.seeker_id == newest.c.seeker_id) & (model.created_at == newest.c.newest),
        )
    )
    return [(row[0], row[1]) for row in rows]
