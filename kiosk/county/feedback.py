"""Figures sent back down: each station's own indicators beside the county's, as rows of
`StationFigure` that travel with the next pull to that station alone (the change log's
per-station entries, kiosk/sync/hub/changes.py)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.county.indicators import REGION_SCOPE, Level, Scope, count_indicators, figure_id
from kiosk.models import Station, StationFigure
from kiosk.statistics.periods import Period

#: What a station gets back, in the order its page shows them.
FEEDBACK = (
    "registrations",
    "visits",
    "people_served",
    "placed",
    "difficulty_placed",
    "placed_4050",
    "recommended",
    "recommended_hired",
    "recommended_hired_elsewhere",
    "follow_ups_on_time",
    "follow_ups_overdue",
)


def publish_figures(session: Session, period: Period, today: date, origin: str) -> int:
    """Write (or bring up to date) every station's figures of the period; the capture logs
    each changed row for its station. Returns how many rows changed. The caller commits."""
    figures = count_indicators(session, period, today, levels=(Level.outlet, Level.region),
                               keys=FEEDBACK)  # fmt: skip
    county = figures.get(REGION_SCOPE, {})
    codes = session.scalars(select(Station.code).order_by(Station.code)).all()
    existing = {
        (row.station_code, row.indicator): row
        for row in session.scalars(select(StationFigure).where(StationFigure.period == period.slug))
    }
    changed = 0
    for code in codes:
        own = figures.get(Scope(Level.outlet, code), {})
        for key in FEEDBACK:
            values = {
                "value": own.get(key, 0),
                "county_value": county.get(key, 0),
                "county_outlets": len(codes),
            }
            row = existing.get((code, key))
            if row is None:
                session.add(
                    StationFigure(
                        id=figure_id(code, period.slug, key), origin=origin, station_code=code,
                        period=period.slug, indicator=key, **values,
                    )
                )  # fmt: skip
                changed += 1
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                changed += 1
    session.flush()
    return changed


@dataclass(frozen=True)
class Feedback:
    period: str
    rows: dict[str, StationFigure]

    def value(self, key: str) -> int:
        row = self.rows.get(key)
        return row.value if row else 0

    def average(self, key: str) -> float:
        """The county's figure per outlet."""
        row = self.rows.get(key)
        return row.county_value / row.county_outlets if row and row.county_outlets else 0.0


def station_feedback(session: Session, station_code: str, period: Period) -> Feedback | None:
    """What the hub sent this station for the period (None until it has)."""
    rows = session.scalars(
        select(StationFigure).where(
            StationFigure.station_code == station_code, StationFigure.period == period.slug
        )
    ).all()
    if not rows:
        return None
    return Feedback(period.slug, {row.indicator: row for row in rows})
