"""The period statistics are counted over: a day, an ISO week or a calendar month, in Beijing."""

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


#: Periods before this, or more than a year ahead, are a mistyped address, not a report.
EARLIEST = date(2000, 1, 1)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return cls(kind, first, following - timedelta(days=1))

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
        """ASCII name for file names: 2024-05-17, 2024-W20, 2024-05."""
        if self.kind is PeriodKind.day:
            return self.first.isoformat()
        if self.kind is PeriodKind.week:
            year, week, _ = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.first:%Y-%m}"

    def query(self) -> dict[str, str]:
        """The GET parameters that show this period."""
        return {"period": self.kind.value, "date": self.first.isoformat()}

    def in_range(self, today: date) -> bool:
        return self.first >= EARLIEST and self.first <= today + timedelta(days=366)


class PeriodProblem(enum.Enum):
    unreadable = "unreadable"
    out_of_range = "out_of_range"


def choose_period(args: Mapping[str, str], today: date) -> tuple[Period, PeriodProblem | None]:
    """The period the GET parameters ask for; the current month without any, and the
    current period of the asked kind (with the reason) when they cannot be used."""
    try:
        kind = PeriodKind(args.get("period") or PeriodKind.month.value)
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
