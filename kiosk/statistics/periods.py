"""The period statistics are counted over: a day, an ISO week, a calendar month, a quarter or
a year, in Beijing (a station's own page offers the first three; the county all five)."""

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from kiosk.models.base import BEIJING


class PeriodKind(enum.StrEnum):
    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


#: The periods a station's own statistics page offers.
STATION_KINDS = (PeriodKind.day, PeriodKind.week, PeriodKind.month)
#: Periods before this, or more than a year ahead, are a mistyped address, not a report.
EARLIEST = date(2000, 1, 1)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLUGS = {
    "week": re.compile(r"(\d{4})-W(\d{2})"),
    "quarter": re.compile(r"(\d{4})-Q([1-4])"),
    "month": re.compile(r"(\d{4})-(\d{2})"),
    "year": re.compile(r"\d{4}"),
}


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    #: First and last Beijing day of the period (both inside it).
    first: date
    last: date

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> "Period":
        if kind is PeriodKind.day:
            return cls(kind, day, day)
        if kind is PeriodKind.week:
            monday = day - timedelta(days=day.weekday())
            return cls(kind, monday, monday + timedelta(days=6))
        if kind is PeriodKind.year:
            return cls(kind, date(day.year, 1, 1), date(day.year, 12, 31))
        if kind is PeriodKind.quarter:
            first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
            months = 3
        else:
            first, months = day.replace(day=1), 1
        index = first.year * 12 + first.month - 1 + months
        following = date(index // 12, index % 12 + 1, 1)
        return cls(kind, first, following - timedelta(days=1))

    @property
    def quarter(self) -> int:
        """1–4: the quarter the period starts in."""
        return (self.first.month - 1) // 3 + 1

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def previous(self) -> "Period":
        return Period.containing(self.kind, self.first - timedelta(days=1))

    def next(self) -> "Period":
        return Period.containing(self.kind, self.last + timedelta(days=1))

    def switched_to(self, kind: PeriodKind, today: date) -> "Period":
        """The period of another kind around today if it falls in this one, else its start."""
        anchor = today if self.first <= today <= self.last else self.first
        return Period.containing(kind, anchor)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) in UTC: Beijing midnight before the first day and after the last."""
        start = datetime.combine(self.first, time.min, BEIJING)
        end = datetime.combine(self.last + timedelta(days=1), time.min, BEIJING)
        return start.astimezone(UTC), end.astimezone(UTC)

    @property
    def slug(self) -> str:
        """ASCII name for file names: 2024-05-17, 2024-W20, 2024-05, 2024-Q2, 2024."""
        if self.kind is PeriodKind.day:
            return self.first.isoformat()
        if self.kind is PeriodKind.week:
            year, week, _ = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind is PeriodKind.quarter:
            return f"{self.first.year}-Q{self.quarter}"
        if self.kind is PeriodKind.year:
            return f"{self.first.year}"
        return f"{self.first:%Y-%m}"

    @classmethod
    def from_slug(cls, slug: str) -> "Period | None":
        """The period a slug names (2026-11-05, 2026-W47, 2026-11, 2026-Q4, 2026), or None."""
        slug = slug.strip()
        try:
            if match := _SLUGS["week"].fullmatch(slug):
                monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
                return cls.containing(PeriodKind.week, monday)
            if match := _SLUGS["quarter"].fullmatch(slug):
                return cls.containing(PeriodKind.quarter, date(int(match[1]), 3 * int(match[2]), 1))
            if match := _SLUGS["month"].fullmatch(slug):
                return cls.containing(PeriodKind.month, date(int(match[1]), int(match[2]), 1))
            if _SLUGS["year"].fullmatch(slug):
                return cls.containing(PeriodKind.year, date(int(slug), 1, 1))
            if _ISO_DATE.fullmatch(slug):
                return cls.containing(PeriodKind.day, date.fromisoformat(slug))
        except ValueError:
            return None
        return None

    def query(self) -> dict[str, str]:
        """The GET parameters that show this period."""
        return {"period": self.kind.value, "date": self.first.isoformat()}

    def in_range(self, today: date) -> bool:
        return self.first >= EARLIEST and self.first <= today + timedelta(days=366)


class PeriodProblem(enum.Enum):
    unreadable = "unreadable"
    out_of_range = "out_of_range"


def choose_period(
    args: Mapping[str, str], today: date, kinds: tuple[PeriodKind, ...] = STATION_KINDS
) -> tuple[Period, PeriodProblem | None]:
    """The period the GET parameters ask for (one of `kinds`); the current month without any,
    and the current period of the asked kind (with the reason) when they cannot be used."""
    try:
        kind = PeriodKind(args.get("period") or PeriodKind.month.value)
        if kind not in kinds:
            raise ValueError(kind)
    except ValueError:
        return Period.containing(PeriodKind.month, today), PeriodProblem.unreadable
    raw = args.get("date", "")
    if not raw:
        return Period.containing(kind, today), None
    try:
        if not _ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        day = date.fromisoformat(raw)
    except ValueError:
        return Period.containing(kind, today), PeriodProblem.unreadable
    # Checked on the day first: a month around 9999-12-31 cannot even be computed.
    if not EARLIEST <= day <= today + timedelta(days=366):
        return Period.containing(kind, today), PeriodProblem.out_of_range
    period = Period.containing(kind, day)
    if not period.in_range(today):
        return Period.containing(kind, today), PeriodProblem.out_of_range
    return period, None
