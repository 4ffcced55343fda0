"""Targets the county sets per outlet (a year or a quarter, chosen indicators), and how far
each outlet is from its target, the furthest behind first."""

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.county.indicators import INDICATORS, Level, Scope, count_indicators, elapsed_share
from kiosk.domain.forms import Checker
from kiosk.models import CountyTarget, Station, utcnow
from kiosk.models.base import upsert_insert
from kiosk.statistics.periods import Period, PeriodKind

MAX_TARGET = 1_000_000


class TargetProblem(enum.StrEnum):
    unknown_station = "unknown_station"
    unknown_indicator = "unknown_indicator"
    year = "year"
    quarter = "quarter"
    value = "value"


@dataclass(frozen=True)
class TargetForm:
    station: str = ""
    indicator: str = ""
    year: str = ""
    quarter: str = "0"
    value: str = ""


def target_period(year: int, quarter: int) -> Period:
    if quarter:
        return Period.containing(PeriodKind.quarter, date(year, 3 * quarter, 1))
    return Period.containing(PeriodKind.year, date(year, 1, 1))


def _whole(check: Checker, name: str, raw: str, low: int, high: int, problem: TargetProblem):
    """A whole number in range; anything else is this field's own problem (it names the range)."""
    return check.number(name, raw, low, high, out_of_range=problem, not_a_number=problem)


def set_target(session: Session, form: TargetForm, set_by: str) -> CountyTarget:
    """Check the form, then set (or replace) the target; nothing is written on a refusal."""
    check = Checker()
    station = check.text("station", form.station, 32, required=True)
    known_station = session.scalar(select(Station.id).where(Station.code == station))
    if station and check.ok("station") and known_station is None:
        check.refuse("station", TargetProblem.unknown_station)
    indicator = check.text("indicator", form.indicator, 40, required=True)
    if indicator and check.ok("indicator"):
        known = INDICATORS.get(indicator)
        if known is None or not known.targetable:
            check.refuse("indicator", TargetProblem.unknown_indicator)
    year = _whole(check, "year", form.year, 2020, 2100, TargetProblem.year)
    quarter = _whole(check, "quarter", form.quarter or "0", 0, 4, TargetProblem.quarter)
    value = _whole(check, "value", form.value, 1, MAX_TARGET, TargetProblem.value)
    check.raise_if_refused()
    assert year is not None and quarter is not None and value is not None
    insert = upsert_insert(session)(CountyTarget)
    values = {
        "station_code": station, "indicator": indicator, "year": year, "quarter": quarter,
        "value": value, "set_by": set_by, "updated_at": utcnow(),
    }  # fmt: skip
    session.execute(
        insert.values(**values).on_conflict_do_update(
            index_elements=["station_code", "indicator", "year", "quarter"],
            set_={"value": value, "set_by": set_by, "updated_at": values["updated_at"]},
        )
    )
    return session.scalars(
        select(CountyTarget).where(
            CountyTarget.station_code == station,
            CountyTarget.indicator == indicator,
            CountyTarget.year == year,
            CountyTarget.quarter == quarter,
        )
    ).one()


@dataclass(frozen=True)
class Progress:
    target: CountyTarget
    station: Station | None
    actual: int
    #: The share of the target reached, and of the period passed.
    reached: float
    elapsed: float

    @property
    def behind(self) -> float:
        """How far the outlet is behind an even pace (positive: behind)."""
        return self.elapsed - self.reached


def progress(session: Session, today: date, year: int) -> list[Progress]:
    """Every target of the year (its quarters too) against what its outlet did, the outlets
    furthest behind an even pace first."""
    targets = session.scalars(select(CountyTarget).where(CountyTarget.year == year)).all()
    stations: Mapping[str, Station] = {s.code: s for s in session.scalars(select(Station))}
    actual: dict[tuple[int, int], dict[Scope, dict[str, int]]] = {}
    rows = []
    for target in targets:
        if target.indicator not in INDICATORS:
            continue  # an indicator no longer counted
        key = (target.year, target.quarter)
        period = target_period(*key)
        if key not in actual:
            wanted = {t.indicator for t in targets if (t.year, t.quarter) == key}
            actual[key] = count_indicators(
                session,
                period,
                today,
                levels=(Level.outlet,),
                keys=sorted(wanted & INDICATORS.keys()),
            )
        done = (
            actual[key].get(Scope(Level.outlet, target.station_code), {}).get(target.indicator, 0)
        )
        rows.append(
            Progress(
                target=target,
                station=stations.get(target.station_code),
                actual=done,
                reached=done / target.value,
                elapsed=elapsed_share(period, today),
            )
        )
    return sorted(rows, key=lambda row: (-row.behind, row.reached, row.target.station_code))
