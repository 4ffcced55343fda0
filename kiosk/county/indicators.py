"""The county's indicators, counted in PostgreSQL from the records that reached the hub.

Every indicator is one aggregate over one *source* (visits, registrations, appointments,
walk-ins, recommendations, follow-ups, jobs), filtered by a condition. All indicators of a
source are computed in one statement, for every level at once (`GROUP BY GROUPING SETS`
over outlet, banner and prefecture, plus the whole region): a person served at two outlets
of a banner is one person of the banner, which adding up the outlets would not give.

An outlet is the `origin` of its records (the station that made them); its banner is the
station's region in the register, the prefecture that region's parent.

Other features add their own indicators to `INDICATORS` (gigs completed and paid, fair
outcomes, the tasks of assistance) with a source of their own: see `register`.
"""

import enum
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from typing import cast as typed

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    String,
    Uuid,
    and_,
    cast,
    distinct,
    func,
    literal_column,
    null,
    or_,
    select,
    text,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import JSONB, distinct_on
from sqlalchemy.orm import Session

from kiosk.models import (
    BEIJING,
    Appointment,
    AppointmentStatus,
    AssistanceTask,
    Difficulty,
    Gender,
    Job,
    Region,
    Seeker,
    ServicePlan,
    ServiceRecord,
    Slot,
    Station,
    Ticket,
    TicketStatus,
    VisitOutcome,
)
from kiosk.models.base import table_of
from kiosk.statistics.periods import Period

STATION = table_of(Station).alias("st")
REGION = table_of(Region).alias("rg")
#: The levels figures are given for; `region` is the whole county or prefecture the hub serves.
PREFECTURE = func.coalesce(REGION.c.parent_code, REGION.c.code)


class Level(enum.StrEnum):
    outlet = "outlet"
    banner = "banner"
    prefecture = "prefecture"
    region = "region"


#: The column each level groups by (the region: nothing, one group).
LEVEL_COLUMNS: dict[Level, ColumnElement | None] = {
    Level.outlet: STATION.c.code,
    Level.banner: STATION.c.region_code,
    Level.prefecture: PREFECTURE,
    Level.region: None,
}


class Unit(enum.StrEnum):
    """What a figure counts: people (人), visits (人次), times (次), posts (个), households (户)."""

    people = "people"
    visits = "visits"
    times = "times"
    posts = "posts"
    households = "households"


@dataclass(frozen=True)
class Scope:
    """Whose figures: one outlet, banner or prefecture, or the whole region (key "")."""

    level: Level
    key: str = ""

    @property
    def slug(self) -> str:
        return f"{self.level.value}:{self.key}"

    @classmethod
    def parse(cls, raw: str) -> "Scope | None":
        level, _, key = raw.partition(":")
        if level not in Level.__members__ or len(key) > 32:
            return None
        if (level == Level.region) != (key == ""):
            return None
        return cls(Level(level), key)


REGION_SCOPE = Scope(Level.region)


@dataclass(frozen=True)
class Source:
    """Where an indicator's rows come from, and what identifies their outlet."""

    name: str
    #: The rows (joined to the station register as `st` and its region as `rg`).
    rows: Callable[[Period, date], FromClause]
    #: The period's condition on those rows.
    within: Callable[[Period], ColumnElement]
    #: The register's column that matches the rows' outlet.
    outlet: Callable[[], ColumnElement]
    #: The person a "people" figure counts once.
    person: ColumnElement | None
    #: What a person opening a figure sees, one row each (masked where personal).
    columns: Callable[[], list[ColumnElement]]
    order: Callable[[], list[ColumnElement]] = lambda: []


@dataclass(frozen=True)
class Indicator:
    key: str
    source: str
    unit: Unit
    #: Which sheet and block it belongs to (kiosk/county/labels.py names them).
    group: str
    #: Only the rows where this holds (None: all rows of the source in the period).
    condition: Callable[[date], ColumnElement] | None = None
    #: count: rows; people: distinct persons; or a column to add up.
    measure: str = "count"
    total_of: Callable[[], ColumnElement] | None = None
    #: An indicator whose zero means nothing of this kind reached the hub yet: the figure
    #: reads "not recorded yet" rather than a 0 that would look like a result.
    recorded_by: str = ""
    #: False: not offered as a target (a breakdown, or a bad thing to aim for).
    targetable: bool = True


def _utc_bounds(period: Period) -> tuple[datetime, datetime]:
    return period.utc_bounds()


# -- sources -----------------------------------------------------------------------------------

_R = table_of(ServiceRecord)
_S = table_of(Seeker)
_A = table_of(Appointment)
_SL = table_of(Slot)
_T = table_of(Ticket)
_J = table_of(Job)
_H = table_of(ServiceRecord).alias("hire")
_REC = func.json_array_elements_text(_R.c.recommended_job_ids).table_valued("value").alias("rec")
_ITEM = func.json_array_elements_text(_R.c.services).table_valued("value").alias("item")


def _registered(frm: FromClause, outlet: ColumnElement) -> FromClause:
    return frm.join(STATION, STATION.c.code == outlet).join(
        REGION, REGION.c.code == STATION.c.region_code
    )


def _first_hire() -> FromClause:
    """The first later visit of the same person recorded as hired into the recommended job."""
    return (
        select(_H.c.origin.label("origin"), _H.c.visited_on.label("day"))
        .where(
            _H.c.hired_job_id == cast(_REC.c.value, Uuid),
            _H.c.seeker_id == _R.c.seeker_id,
            _H.c.visited_on >= _R.c.visited_on,
        )
        .order_by(_H.c.visited_on)
        .limit(1)
        .lateral("first_hire")
    )


_FIRST_HIRE = _first_hire()


def _person_columns() -> list[ColumnElement]:
    return [
        _S.c.registration_no.label("registration_no"),
        _S.c.name_zh.label("name"),
        _S.c.id_number_masked.label("id_number"),
    ]


def _row_columns(
    outlet: ColumnElement,
    when: ColumnElement,
    detail: ColumnElement,
    who: Sequence[ColumnElement] | None = None,
) -> Callable[[], list[ColumnElement]]:
    """What a figure opened shows per row: outlet, day, who (the person, masked; or the row's
    own label), a detail."""
    names = ("registration_no", "name", "id_number")
    shown = (
        _person_columns() if who is None else [c.label(n) for c, n in zip(who, names, strict=True)]
    )
    columns = [outlet.label("outlet"), when.label("when"), *shown, detail.label("detail")]
    return lambda: columns


_BLANK: ColumnElement = literal_column("''")


def _person_source(
    name: str,
    frm: FromClause,
    table: Any,
    day: ColumnElement,
    detail: ColumnElement,
    order: Sequence[ColumnElement] = (),
) -> Source:
    """A source of a person's dated records (`table` has origin and seeker_id): visits, their
    services, recommendations, follow-ups, the tasks of assistance."""
    return Source(
        name,
        rows=lambda _p, _t: _registered(
            frm.outerjoin(_S, _S.c.id == table.c.seeker_id), table.c.origin
        ),
        within=lambda p: day.between(p.first, p.last),
        outlet=lambda: table.c.origin,
        person=table.c.seeker_id,
        columns=_row_columns(table.c.origin, day, detail),
        order=lambda: list(order) or [day],
    )


SOURCES: dict[str, Source] = {}


def add_source(source: Source) -> None:
    SOURCES[source.name] = source


add_source(
    Source(
        "registrations",
        rows=lambda _p, _t: _registered(_S, _S.c.origin),
        within=lambda p: and_(
            _S.c.created_at >= _utc_bounds(p)[0], _S.c.created_at < _utc_bounds(p)[1]
        ),
        outlet=lambda: _S.c.origin,
        person=_S.c.id,
        columns=_row_columns(_S.c.origin, _S.c.created_at, _S.c.difficulty),
        order=lambda: [_S.c.created_at],
    )
)
add_source(
    _person_source(
        "visits",
        _R,
        _R,
        _R.c.visited_on,
        cast(_R.c.outcomes, String),
        order=(_R.c.visited_on, _R.c.created_at),
    )
)
add_source(_person_source("services", _R.join(_ITEM, true()), _R, _R.c.visited_on, _ITEM.c.value))
add_source(
    Source(
        "appointments",
        rows=lambda _p, _t: _registered(
            _A.join(_SL, _SL.c.id == _A.c.slot_id).outerjoin(_S, _S.c.id == _A.c.seeker_id),
            _A.c.origin,
        ),
        within=lambda p: and_(
            _SL.c.starts_at >= _utc_bounds(p)[0], _SL.c.starts_at < _utc_bounds(p)[1]
        ),
        outlet=lambda: _A.c.origin,
        person=_A.c.mobile_hash,
        columns=_row_columns(
            _A.c.origin,
            _SL.c.starts_at,
            _A.c.status,
            who=(_A.c.queue_label, _S.c.name_zh, _A.c.mobile_masked),
        ),
        order=lambda: [_SL.c.starts_at],
    )
)
add_source(
    Source(
        "tickets",
        rows=lambda _p, _t: _registered(_T, _T.c.origin),
        within=lambda p: _T.c.day.between(p.first, p.last),
        outlet=lambda: _T.c.origin,
        person=None,
        columns=_row_columns(
            _T.c.origin, _T.c.day, _T.c.status, who=(_T.c.queue_label, _BLANK, _BLANK)
        ),
        order=lambda: [_T.c.day, _T.c.queue_label],
    )
)
add_source(
    _person_source(
        "recommendations",
        _R.join(_REC, true()).outerjoin(_FIRST_HIRE, true()),
        _R,
        _R.c.visited_on,
        func.concat(_FIRST_HIRE.c.origin, " ", cast(_FIRST_HIRE.c.day, String)),
    )
)
add_source(
    _person_source("follow_ups", _R, _R, _R.c.follow_up_on, cast(_R.c.follow_up_done_at, String))
)
_TK = table_of(AssistanceTask)
_PL = table_of(ServicePlan)
_TASK_DETAIL = func.concat(_TK.c.kind, " ", _PL.c.key_group, " ", _PL.c.tier)
_TASKS = _TK.join(_PL, _PL.c.id == _TK.c.plan_id)
# A plan's tasks twice: by the day they were done, and by the day they were due.
add_source(_person_source("tasks_done", _TASKS, _TK, _TK.c.done_on, _TASK_DETAIL))
add_source(_person_source("tasks_due", _TASKS, _TK, _TK.c.due_on, _TASK_DETAIL))
add_source(
    Source(
        "jobs",
        rows=lambda _p, _t: _J.join(STATION, STATION.c.id == _J.c.station_id).join(
            REGION, REGION.c.code == STATION.c.region_code
        ),
        within=lambda p: and_(
            _J.c.published_at >= _utc_bounds(p)[0], _J.c.published_at < _utc_bounds(p)[1]
        ),
        outlet=lambda: STATION.c.code,
        person=None,
        columns=_row_columns(
            STATION.c.code,
            _J.c.published_at,
            cast(_J.c.headcount, String),
            who=(_BLANK, _J.c.title_zh, _BLANK),
        ),
        order=lambda: [_J.c.published_at],
    )
)


# -- conditions --------------------------------------------------------------------------------


def _hired(_today: date) -> ColumnElement:
    return or_(
        cast(_R.c.outcomes, JSONB).op("?")(VisitOutcome.hired.value), _R.c.hired_job_id.is_not(None)
    )


def _difficulty(_today: date) -> ColumnElement:
    return _S.c.difficulty.is_not(None)


def _zero_household(_today: date) -> ColumnElement:
    return _S.c.difficulty == Difficulty.zero_employment_family.value


def _age_at_visit(years: int) -> ColumnElement:
    return _S.c.birth_date <= _R.c.visited_on - literal_column(f"interval '{years} years'")


def _in_4050(_today: date) -> ColumnElement:
    """Women of 40 and more, men of 50 and more, on the day of the visit (birth date and sex
    as the ID number gives them)."""
    return or_(
        and_(_S.c.gender == Gender.female.value, _age_at_visit(40)),
        and_(_S.c.gender == Gender.male.value, _age_at_visit(50)),
    )


def _both(*conditions: Callable[[date], ColumnElement]) -> Callable[[date], ColumnElement]:
    return lambda today: and_(*(condition(today) for condition in conditions))


def _done_day() -> ColumnElement:
    return func.date(func.timezone("Asia/Shanghai", _R.c.follow_up_done_at))


INDICATORS: dict[str, Indicator] = {}


def register(*indicators: Indicator) -> None:
    """Add indicators (another feature's, with its source added by `add_source`)."""
    for indicator in indicators:
        INDICATORS[indicator.key] = indicator


register(
    Indicator("registrations", "registrations", Unit.people, "activity"),
    Indicator("visits", "visits", Unit.visits, "activity"),
    Indicator("people_served", "visits", Unit.people, "activity", measure="people"),
    Indicator("appointments", "appointments", Unit.visits, "activity"),
    Indicator(
        "appointments_served",
        "appointments",
        Unit.visits,
        "activity",
        condition=lambda _t: _A.c.status.in_(
            (AppointmentStatus.served.value, AppointmentStatus.referred.value)
        ),
    ),
    Indicator("tickets", "tickets", Unit.visits, "activity"),
    Indicator(
        "tickets_served",
        "tickets",
        Unit.visits,
        "activity",
        condition=lambda _t: _T.c.status.in_(
            (TicketStatus.served.value, TicketStatus.referred.value)
        ),
    ),
    Indicator("jobs_posted", "jobs", Unit.posts, "jobs"),
    Indicator(
        "positions_posted",
        "jobs",
        Unit.people,
        "jobs",
        measure="sum",
        total_of=lambda: _J.c.headcount,
    ),
    Indicator("recommended", "recommendations", Unit.times, "jobs"),
    Indicator(
        "recommended_hired",
        "recommendations",
        Unit.times,
        "jobs",
        condition=lambda _t: _FIRST_HIRE.c.origin.is_not(None),
    ),
    Indicator(
        "recommended_hired_elsewhere",
        "recommendations",
        Unit.times,
        "jobs",
        condition=lambda _t: _FIRST_HIRE.c.origin != _R.c.origin,
        targetable=False,
    ),
    Indicator("placed", "visits", Unit.people, "placement", _hired, "people"),
    Indicator("difficulty_served", "visits", Unit.people, "placement", _difficulty, "people"),
    Indicator(
        "difficulty_placed",
        "visits",
        Unit.people,
        "placement",
        _both(_hired, _difficulty),
        "people",
    ),
    Indicator("placed_4050", "visits", Unit.people, "placement", _both(_hired, _in_4050), "people"),
    Indicator(
        "zero_households_served",
        "visits",
        Unit.households,
        "placement",
        _zero_household,
        "people",
        targetable=False,
    ),
    Indicator(
        "zero_households_employed",
        "visits",
        Unit.households,
        "placement",
        _both(_hired, _zero_household),
        "people",
        recorded_by="zero_households_served",
    ),
    Indicator("follow_ups_due", "follow_ups", Unit.times, "follow_up", targetable=False),
    Indicator(
        "follow_ups_on_time",
        "follow_ups",
        Unit.times,
        "follow_up",
        condition=lambda _t: and_(
            _R.c.follow_up_done_at.is_not(None), _done_day() <= _R.c.follow_up_on
        ),
    ),
    Indicator(
        "follow_ups_late",
        "follow_ups",
        Unit.times,
        "follow_up",
        condition=lambda _t: and_(
            _R.c.follow_up_done_at.is_not(None), _done_day() > _R.c.follow_up_on
        ),
        targetable=False,
    ),
    Indicator(
        "follow_ups_overdue",
        "follow_ups",
        Unit.times,
        "follow_up",
        condition=lambda today: and_(_R.c.follow_up_done_at.is_(None), _R.c.follow_up_on < today),
        targetable=False,
    ),
)

# The tasks of assistance plans (kiosk/assistance/plans.py): a task replaced by a new tier is
# cancelled, neither due nor done.
register(
    Indicator("tasks_done", "tasks_done", Unit.times, "follow_up"),
    Indicator("tasks_done_people", "tasks_done", Unit.people, "follow_up", measure="people"),
    Indicator(
        "tasks_due",
        "tasks_due",
        Unit.times,
        "follow_up",
        condition=lambda _t: _TK.c.cancelled.is_(False),
        targetable=False,
    ),
    Indicator(
        "tasks_done_on_time",
        "tasks_due",
        Unit.times,
        "follow_up",
        condition=lambda _t: _TK.c.done_on <= _TK.c.due_on,
    ),
    Indicator(
        "tasks_overdue",
        "tasks_due",
        Unit.times,
        "follow_up",
        condition=lambda today: and_(
            _TK.c.done_on.is_(None), _TK.c.cancelled.is_(False), _TK.c.due_on < today
        ),
        targetable=False,
    ),
)

#: The sheets and blocks of the report, in order.
GROUPS = ("activity", "placement", "jobs", "follow_up")


def targetable() -> list[Indicator]:
    return [indicator for indicator in INDICATORS.values() if indicator.targetable]


# -- counting ----------------------------------------------------------------------------------

#: Figures by scope, then by indicator key.
Figures = dict[Scope, dict[str, int]]


def _measure(indicator: Indicator, source: Source, today: date) -> ColumnElement:
    condition = indicator.condition(today) if indicator.condition else None
    aggregate: Any
    if indicator.measure == "people" and source.person is not None:
        aggregate = func.count(distinct(source.person))
    elif indicator.measure == "sum" and indicator.total_of is not None:
        aggregate = func.sum(indicator.total_of())
    else:
        aggregate = func.count()
    if condition is not None:
        aggregate = aggregate.filter(condition)
    return func.coalesce(aggregate, 0)


def _grouped(
    query: Select,
    levels: Sequence[Level],
    outlets: list[str] | None,
    source: Source,
    period: Period,
) -> tuple[Select, list[Level]]:
    """The query grouped by each level asked (region: one group of all), within the scope."""
    query = query.where(source.within(period))
    query = query.where(*_in_scope(source, outlets))
    sets = []
    for level in levels:
        column = LEVEL_COLUMNS[level]
        sets.append(tuple_(column) if column is not None else text("()"))
    return query.add_columns(*_level_keys(levels)).group_by(func.grouping_sets(*sets)), list(levels)


def _level_keys(levels: Sequence[Level]) -> list[ColumnElement]:
    """Outlet, banner and prefecture columns: those not grouped by are NULL throughout."""
    return [
        LEVEL_COLUMNS[level] if level in levels else null()  # type: ignore[misc]
        for level in (Level.outlet, Level.banner, Level.prefecture)
    ]


def _scope_of(row: Sequence[Any], measures: int) -> Scope:
    outlet, banner, prefecture = row[measures : measures + 3]
    if outlet is not None:
        return Scope(Level.outlet, outlet)
    if banner is not None:
        return Scope(Level.banner, banner)
    if prefecture is not None:
        return Scope(Level.prefecture, prefecture)
    return REGION_SCOPE


def scope_outlets(session: Session, scope: Scope | None) -> list[str] | None:
    """The outlets of a scope, by code (None for the region: no filter). Given to the
    statements as a list, so PostgreSQL reads each outlet's rows by its index instead of
    scanning the whole region's period."""
    if scope is None or scope.level is Level.region:
        return None
    if scope.level is Level.outlet:
        return [scope.key]
    column = LEVEL_COLUMNS[scope.level]
    assert column is not None
    joined = STATION.join(REGION, REGION.c.code == STATION.c.region_code)
    codes = select(STATION.c.code).select_from(joined).where(column == scope.key)
    return list(session.scalars(codes))


def _in_scope(source: Source, outlets: list[str] | None) -> list[ColumnElement]:
    if outlets is None:
        return []
    column = source.outlet()
    return [column == outlets[0]] if len(outlets) == 1 else [column.in_(outlets)]


def _no_jit(session: Session) -> None:
    """PostgreSQL's JIT takes a second to compile these statements, whose row estimates a
    JSON list's elements inflate a hundredfold; they run in milliseconds without it. And
    a region's month groups in memory (hashed) rather than in sorts spilled to disk."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))


def _per_person(
    source: Source,
    indicators: Sequence[Indicator],
    period: Period,
    today: date,
    levels: Sequence[Level],
    outlets: list[str] | None,
) -> Select:
    """People counted once per group without COUNT(DISTINCT): first one row per group and
    person (hashed grouping sets, each indicator's condition as a flag or a partial count),
    then the rows counted per group. COUNT(DISTINCT) under GROUPING SETS sorts every set
    once per distinct aggregate, which took half a minute for a region's month."""
    person = source.person
    assert person is not None
    partial: list[ColumnElement] = []
    for n, indicator in enumerate(indicators):
        condition = indicator.condition(today) if indicator.condition else None
        aggregate: Any
        if indicator.measure == "people":
            aggregate = func.bool_or(condition) if condition is not None else func.bool_or(true())
        elif indicator.measure == "sum" and indicator.total_of is not None:
            aggregate = func.sum(indicator.total_of())
        else:
            aggregate = func.count()
        if condition is not None and indicator.measure != "people":
            aggregate = aggregate.filter(condition)
        partial.append(aggregate.label(f"m{n}"))
    keys = [key.label(f"k{n}") for n, key in enumerate(_level_keys(levels))]
    query = (
        select(*partial, *keys, person.label("person"))
        .select_from(source.rows(period, today))
        .where(source.within(period))
    )
    query = query.where(*_in_scope(source, outlets))
    sets = []
    for level in levels:
        column = LEVEL_COLUMNS[level]
        sets.append(tuple_(column, person) if column is not None else tuple_(person))
    inner = query.group_by(func.grouping_sets(*sets)).subquery("per_person")
    counted: list[ColumnElement] = []
    for n, indicator in enumerate(indicators):
        column = inner.c[f"m{n}"]
        if indicator.measure == "people":
            counted.append(func.count().filter(column.is_(True), inner.c.person.is_not(None)))
        else:
            counted.append(func.coalesce(func.sum(column), 0))
    groups = [inner.c.k0, inner.c.k1, inner.c.k2]
    return select(*counted, *groups).group_by(*groups)


def count_indicators(
    session: Session,
    period: Period,
    today: date,
    *,
    levels: Sequence[Level] = tuple(Level),
    scope: Scope | None = None,
    keys: Iterable[str] | None = None,
) -> Figures:
    """Every indicator (or those of `keys`) for every group of each level, one statement per
    source. A group with no rows is absent (its figures are all 0)."""
    wanted = [INDICATORS[key] for key in keys] if keys is not None else list(INDICATORS.values())
    by_source: dict[str, list[Indicator]] = {}
    for indicator in wanted:
        by_source.setdefault(indicator.source, []).append(indicator)
    figures: Figures = {}
    outlets = scope_outlets(session, scope)
    _no_jit(session)
    for name, indicators in by_source.items():
        source = SOURCES[name]
        if source.person is not None and any(i.measure == "people" for i in indicators):
            query = _per_person(source, indicators, period, today, levels, outlets)
        else:
            # Counts and sums add up: counted per outlet, added up here for the other levels.
            query = select(*(_measure(i, source, today) for i in indicators), *_OUTLET_KEYS)
            query = query.select_from(source.rows(period, today)).where(source.within(period))
            query = query.where(*_in_scope(source, outlets)).group_by(*_OUTLET_KEYS)
            for row in session.execute(query):
                for scope_ in _scopes_of_outlet(row[len(indicators) :], levels):
                    numbers = figures.setdefault(scope_, {})
                    for indicator, value in zip(indicators, row, strict=False):
                        numbers[indicator.key] = numbers.get(indicator.key, 0) + int(
                            typed(int, value)
                        )
            continue
        for row in session.execute(query):
            numbers = figures.setdefault(_scope_of(row, len(indicators)), {})
            for indicator, value in zip(indicators, row, strict=False):
                numbers[indicator.key] = int(typed(int, value))
    return figures


#: An outlet's own key and those of its banner and prefecture.
_OUTLET_KEYS = (STATION.c.code, STATION.c.region_code, PREFECTURE)


def _scopes_of_outlet(keys: Sequence[Any], levels: Sequence[Level]) -> list[Scope]:
    """The groups an outlet's counts add to, at the levels asked."""
    outlet, banner, prefecture = keys
    named = {Level.outlet: outlet, Level.banner: banner, Level.prefecture: prefecture}
    return [
        REGION_SCOPE if level is Level.region else Scope(level, named[level]) for level in levels
    ]


def services_by_item(
    session: Session, period: Period, *, levels: Sequence[Level], scope: Scope | None = None
) -> dict[Scope, dict[str, int]]:
    """Services delivered (人次) by service-list code, for each group of each level."""
    source = SOURCES["services"]
    outlets = scope_outlets(session, scope)
    query = select(_ITEM.c.value, func.count(), *_OUTLET_KEYS)
    query = query.select_from(source.rows(period, period.last)).where(source.within(period))
    query = query.where(*_in_scope(source, outlets)).group_by(_ITEM.c.value, *_OUTLET_KEYS)
    found: dict[Scope, dict[str, int]] = {}
    _no_jit(session)
    for row in session.execute(query):
        item, count, keys = str(row[0]), int(row[1]), list(row[2:])
        for scope_ in _scopes_of_outlet(keys, levels):
            counts = found.setdefault(scope_, {})
            counts[item] = counts.get(item, 0) + count
    return found


@dataclass(frozen=True)
class RowBehind:
    """One row behind a figure, as a person may see it: personal data masked."""

    outlet: str
    when: date | datetime | None
    registration_no: str
    name: str
    id_number: str
    detail: str


#: The most rows a figure opens to on a page.
MAX_ROWS = 500


def rows_behind(
    session: Session, key: str, period: Period, today: date, scope: Scope, limit: int = MAX_ROWS
) -> list[RowBehind]:
    """The rows an indicator counts in the scope (one per person for a "people" figure)."""
    from kiosk.personal_data import mask_name

    indicator = INDICATORS[key]
    source = SOURCES[indicator.source]
    query = select(*source.columns()).select_from(source.rows(period, today))
    query = query.where(source.within(period))
    if indicator.condition is not None:
        query = query.where(indicator.condition(today))
    query = query.where(*_in_scope(source, scope_outlets(session, scope)))
    if indicator.measure == "people" and source.person is not None:
        query = query.where(source.person.is_not(None))
        query = query.ext(distinct_on(source.person)).order_by(source.person, *source.order())
    else:
        query = query.order_by(*source.order())
    rows = []
    _no_jit(session)
    for row in session.execute(query.limit(limit)).mappings():
        when = row["when"]
        if isinstance(when, datetime):
            when = when.astimezone(BEIJING)
        rows.append(
            RowBehind(
                outlet=row["outlet"] or "",
                when=when,
                registration_no=row["registration_no"] or "",
                name=mask_name(row["name"]) if row["name"] else "",
                id_number=row["id_number"] or "",
                detail=str(row["detail"] or ""),
            )
        )
    return rows


def elapsed_share(period: Period, today: date) -> float:
    """How much of the period has passed (0 before it, 1 after it)."""
    if today < period.first:
        return 0.0
    if today >= period.last:
        return 1.0
    return ((today - period.first).days + 1) / ((period.last - period.first).days + 1)


def beijing_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, BEIJING)


def figure_id(station_code: str, period: str, indicator: str) -> uuid.UUID:
    """The same figure always has the same id: published again, it replaces itself."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"kiosk:figure:{station_code}:{period}:{indicator}")


__all__ = [
    "GROUPS",
    "INDICATORS",
    "REGION_SCOPE",
    "SOURCES",
    "Figures",
    "Indicator",
    "Level",
    "RowBehind",
    "Scope",
    "Source",
    "Unit",
    "add_source",
    "count_indicators",
    "elapsed_share",
    "figure_id",
    "register",
    "rows_behind",
    "services_by_item",
    "targetable",
]
