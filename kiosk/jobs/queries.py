"""Plain typed functions behind the job screens: a checked query, listing, one job."""

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from time import monotonic
from typing import TypeVar

from flask import current_app
from sqlalchemy import select

from kiosk import keypad
from kiosk.domain.reference import category, region
from kiosk.extensions import db
from kiosk.jobs import search
from kiosk.models import BEIJING, EmploymentType, Job, JobCategory, Region, local_today

T = TypeVar("T")
_GENERATION_KEY = "kiosk.index_generation"
GENERATION_TTL = 1.0

#: "Posted within" choices, in days.
POSTED_WITHIN_DAYS = (1, 3, 7, 30)
#: Longest query worth searching; anything longer is refused with a message, not searched.
MAX_QUERY_LENGTH = 40


class UnknownChoice(LookupError):
    """A filter names a category, region, type or page that does not exist."""


@dataclass(frozen=True)
class JobQuery:
    """What the person asked for, checked: every field is a known value or empty."""

    text: str = ""
    category: JobCategory | None = None
    region: Region | None = None
    employment_type: EmploymentType | None = None
    pay_at_least: int | None = None
    posted_within: int | None = None
    page: int = 1
    #: Set when the typed text was refused (too long); the message is shown, nothing searched.
    text_too_long: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "JobQuery":
        text = args.get("q", "").strip()
        too_long = len(text) > MAX_QUERY_LENGTH
        return cls(
            text="" if too_long else text,
            text_too_long=too_long,
            category=_known(args.get("category"), category),
            region=_known(args.get("region"), region),
            employment_type=_known(args.get("type"), _employment_type),
            pay_at_least=_known(args.get("pay"), _choice(search.PAY_LEVELS)),
            posted_within=_known(args.get("days"), _choice(POSTED_WITHIN_DAYS)),
            page=_known(args.get("page"), _page) or 1,
        )

    def params(self, **changes) -> dict[str, str]:
        """URL parameters of this query with some changed (None drops one); page resets."""
        values = {
            "q": self.text,
            "category": self.category.code if self.category else None,
            "region": self.region.code if self.region else None,
            "type": self.employment_type.value if self.employment_type else None,
            "pay": self.pay_at_least,
            "days": self.posted_within,
            "page": None,
        }
        values.update(changes)
        return {k: str(v) for k, v in values.items() if v not in (None, "")}

    def typed(self, key: str) -> "JobQuery":
        """The query after a tap on the keypad: a letter or digit, "back" or "clear"."""
        text = keypad.typed(self.text, key, MAX_QUERY_LENGTH, lower=True)
        if text == self.text and key not in ("back", "clear"):
            return self
        return replace(self, text=text, page=1, text_too_long=False)

    def facets(self) -> search.Facets:
        return search.Facets(
            category=self.category.code if self.category else None,
            region=self.region.code if self.region else None,
            employment_type=self.employment_type,
            pay_at_least=self.pay_at_least,
        )


def _known(raw: str | None, parse: Callable[[str], T | None]) -> T | None:
    if raw is None or raw == "":
        return None
    value = parse(raw)
    if value is None:
        raise UnknownChoice(raw)
    return value


def _employment_type(raw: str) -> EmploymentType | None:
    return EmploymentType.__members__.get(raw)


def _number(raw: str) -> int | None:
    # ASCII digits only: "²".isdigit() is true, and int("²") raises.
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 6 else None


def _choice(allowed: tuple[int, ...]) -> Callable[[str], int | None]:
    return lambda raw: value if (value := _number(raw)) in allowed else None


def _page(raw: str) -> int | None:
    value = _number(raw)
    return value if value is not None and value > 0 else None


@dataclass
class JobPage:
    jobs: list[Job]
    #: Matches counted, up to search.COUNT_CAP; `capped` says there may be more.
    total: int
    capped: bool
    page: int
    page_size: int
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, -(-self.total // self.page_size))


def posted_since(days: int) -> datetime:
    """Start of the Beijing day `days - 1` days ago: "today" is since midnight, "last 3 days"
    is today and the two days before. Whole days, so a cached list holds all day."""
    first_day = local_today() - timedelta(days=days - 1)
    return datetime.combine(first_day, time(), tzinfo=BEIJING)


def find_jobs(query: JobQuery, page_size: int, total: int | None = None) -> JobPage:
    """One page of open jobs for the query: title matches first, newest first. `total`, when
    known exactly (counts.exact_total), replaces the index's capped count."""
    if total == 0:  # the counts already say so: no question to the index
        if query.page > 1:
            raise UnknownChoice(str(query.page))
        return JobPage(jobs=[], total=0, capped=False, page=1, page_size=page_size)
    since = posted_since(query.posted_within) if query.posted_within else None
    hits = search.search(
        db.session.connection(),
        query.text,
        query.facets(),
        since=since,
        offset=(query.page - 1) * page_size,
        limit=page_size,
    )
    if query.page > 1 and not hits.keys:
        raise UnknownChoice(str(query.page))
    jobs = _jobs_by_key(hits.keys)
    if total is not None:
        return JobPage(jobs=jobs, total=total, capped=False, page=query.page, page_size=page_size)
    return JobPage(
        jobs=jobs, total=hits.total, capped=hits.capped, page=query.page, page_size=page_size
    )


def _jobs_by_key(keys: list[int]) -> list[Job]:
    if not keys:
        return []
    found = db.session.scalars(select(Job).where(Job.search_key.in_(keys))).unique()
    by_key = {job.search_key: job for job in found}
    return [by_key[k] for k in keys if k in by_key]


def get_job(job_id: str) -> Job | None:
    try:
        key = uuid.UUID(job_id)
    except ValueError:
        return None
    return db.session.get(Job, key)


def index_generation() -> tuple[str, int]:
    """The search index's generation, re-read at most once a second (another worker's change
    shows within that second; this worker's own at once), so a cached page costs no query."""
    seen = current_app.extensions.get(_GENERATION_KEY)
    now = monotonic()
    if seen is None or now - seen[2] > GENERATION_TTL or seen[1] != search.LocalBumps.count:
        generation = search.generation(db.session.connection())
        seen = current_app.extensions[_GENERATION_KEY] = (generation, search.LocalBumps.count, now)
    return seen[0], seen[1]
