"""How many open jobs a tile or a suggestion leads to, cheaply.

One grouped query counts open jobs by category, county, kind of employment, pay level and
age: a few thousand cells even at 100,000 jobs. Every number on a tile is a sum over those
cells, and each sum is kept once made. All of it is kept per app until the search index's
generation moves (every change to jobs bumps it: import, sync, editing, dropping expired
ones; see search.bump_generation) or the day changes (expiry and "posted within" count
whole days).
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from threading import Lock
from typing import cast

from flask import current_app
from sqlalchemy import Connection, case, func, select

from kiosk.domain import reference
from kiosk.extensions import db
from kiosk.jobs import search
from kiosk.jobs.queries import POSTED_WITHIN_DAYS, JobQuery, index_generation, posted_since
from kiosk.models import EmploymentType, Job, JobStatus, local_today

_CACHE_KEY = "kiosk.job_counts"
#: The key of "everywhere" (no region) and "every category" in the sums.
ALL = ""


@dataclass(frozen=True)
class Cell:
    """Open jobs sharing a category, an area and the filters' values."""

    category: str
    county: str
    prefecture: str
    employment_type: str
    #: How many of search.PAY_LEVELS the job's monthly equivalent reaches (0 to 3).
    pay_levels: int
    #: The shortest "posted within" choice (days) that includes the job; 0 if none does.
    age: int
    jobs: int


def count_cells(connection: Connection, today: date) -> list[Cell]:
    """The grouped count: open jobs per category, area, kind, pay level and age."""
    factors = search.MONTHLY_FACTOR.items()
    monthly = case(*((Job.pay_unit == unit, Job.pay_max * f) for unit, f in factors), else_=None)
    pay_levels = case(
        *((monthly >= level, n) for n, level in reversed(list(enumerate(search.PAY_LEVELS, 1)))),
        else_=0,
    )
    # search_key carries the publish time (see search.key_for): no time zone arithmetic here.
    age = case(
        *(
            (Job.search_key >= search.key_for(posted_since(days), 0), days)
            for days in sorted(POSTED_WITHIN_DAYS)
        ),
        else_=0,
    )
    rows = connection.execute(
        select(
            Job.category_code, Job.region_code, Job.employment_type, pay_levels, age, func.count()
        )
        .where(Job.status == JobStatus.open, Job.expires_on >= today)
        .group_by(Job.category_code, Job.region_code, Job.employment_type, pay_levels, age)
    )
    regions = reference.regions()
    cells = []
    typed = cast("Iterable[tuple[str, str, EmploymentType, int, int, int]]", rows)
    for category, region_code, kind, pay, days, jobs in typed:
        region = regions.get(region_code)
        prefecture = region.prefecture_code if region else region_code
        county = region_code if region is not None and region.parent_code else ALL
        cells.append(Cell(category, county, prefecture, kind.value, pay, days, jobs))
    return cells


def _area_keys(cell: Cell) -> tuple[str, ...]:
    return (cell.county, cell.prefecture, ALL) if cell.county else (cell.prefecture, ALL)


class JobCounts:
    """Sums over the cells, each made once: by area for a category, by category for an area."""

    def __init__(self, cells: list[Cell]) -> None:
        self.cells = cells
        self._sums: dict[tuple, Counter[str]] = {}
        self._lock = Lock()

    def _sum(
        self, key: tuple, cells: Iterable[Cell], keys_of: Callable[[Cell], tuple[str, ...]]
    ) -> Counter[str]:
        with self._lock:
            found = self._sums.get(key)
        if found is None:
            found = Counter()
            for cell in cells:
                for name in keys_of(cell):
                    found[name] += cell.jobs
            with self._lock:
                self._sums[key] = found
        return found

    def _matching(self, query: JobQuery) -> Iterable[Cell]:
        kind = query.employment_type.value if query.employment_type else None
        pay = search.PAY_LEVELS.index(query.pay_at_least) + 1 if query.pay_at_least else 0
        days = query.posted_within
        for cell in self.cells:
            if kind is not None and cell.employment_type != kind:
                continue
            if cell.pay_levels < pay:
                continue
            if days is not None and not 0 < cell.age <= days:
                continue
            yield cell

    def by_area(self, query: JobQuery) -> Counter[str]:
        """Jobs per county and per prefecture code (and ALL) for the query's category and
        filters; its area is ignored."""
        category = query.category.code if query.category else None
        key = ("area", category, query.employment_type, query.pay_at_least, query.posted_within)
        cells = (c for c in self._matching(query) if category is None or c.category == category)
        return self._sum(key, cells, _area_keys)

    def by_category(self, query: JobQuery) -> Counter[str]:
        """Jobs per category code (and ALL) in the query's area with its filters."""
        area = query.region.code if query.region else None
        key = ("category", area, query.employment_type, query.pay_at_least, query.posted_within)
        cells = (c for c in self._matching(query) if area in (None, c.county, c.prefecture))
        return self._sum(key, cells, lambda c: (c.category, ALL))

    def total(self, query: JobQuery) -> int:
        """Open jobs for a query without typed words (its text is ignored)."""
        return self.by_area(query)[query.region.code if query.region else ALL]


def job_counts() -> JobCounts:
    """This app's counts, made again once jobs (or the day) changed."""
    key = (index_generation(), local_today())
    kept = current_app.extensions.get(_CACHE_KEY)
    if kept is None or kept[0] != key:
        kept = (key, JobCounts(count_cells(db.session.connection(), key[1])))
        current_app.extensions[_CACHE_KEY] = kept
    return kept[1]


def exact_total(query: JobQuery) -> int | None:
    """The list's count from the cells when it has no typed words (no cap); else None."""
    return None if query.text else job_counts().total(query)


def count(query: JobQuery) -> int:
    """Open jobs for any query: typed words are counted by the index (capped)."""
    total = exact_total(query)
    if total is not None:
        return total
    since = posted_since(query.posted_within) if query.posted_within else None
    connection = db.session.connection()
    return search.search(connection, query.text, query.facets(), since=since, limit=0).total


@dataclass(frozen=True)
class Way:
    """One way out of an empty list: the list it leads to and how many jobs that has."""

    query: JobQuery
    jobs: int
    #: The filter it drops (a JobQuery.params name: "q", "type", "pay", "days", "category").
    drops: str | None = None


@dataclass(frozen=True)
class WaysOut:
    """What an empty list offers: the same area without one filter, the wider area, and the
    other areas of the same league or city (real adjacency is not in the region data, so
    "neighbours" are the siblings, most jobs first)."""

    filters: list[Way]
    wider: Way | None
    nearby: list[Way]
    #: The area ways leave the list's filters behind (nothing near has jobs with them).
    without_filters: bool = False

    def __bool__(self) -> bool:
        return bool(self.filters or self.wider or self.nearby)


#: Filters an empty list offers to drop: the parameter, and the query without it (or None
#: when the query has no such filter).
_DROPPABLE: tuple[tuple[str, Callable[[JobQuery], JobQuery | None]], ...] = (
    ("type", lambda q: replace(q, employment_type=None) if q.employment_type else None),
    ("pay", lambda q: replace(q, pay_at_least=None) if q.pay_at_least else None),
    ("days", lambda q: replace(q, posted_within=None) if q.posted_within else None),
)


def ways_out(query: JobQuery) -> WaysOut:
    """Where to go from a list with no jobs; only ways that lead to jobs are offered. Areas
    widen step by step (the league's other banners, then the other leagues and cities); when
    nothing near has jobs with the filters, the areas are offered without them.

    Typed words are dropped first: counting them per area would take a search per area, and
    every other number here comes from the cells (no query at all)."""
    query = replace(query, page=1)
    if query.text:
        without_words = replace(query, text="")
        filters = [Way(without_words, count(without_words), "q")]
    else:
        without_words = query
        filters = [
            Way(fewer, count(fewer), param)
            for param, drop in _DROPPABLE
            if (fewer := drop(query)) is not None
        ]
    if query.region is None and query.category is not None:
        any_kind = replace(without_words, category=None)
        filters.append(Way(any_kind, count(any_kind), "category"))
    filters = [way for way in filters if way.jobs]

    bare = replace(without_words, employment_type=None, pay_at_least=None, posted_within=None)
    for attempt in dict.fromkeys((without_words, bare)):  # the same query once
        for wider, nearby in _widening(attempt):
            if wider or nearby:
                return WaysOut(filters, wider, nearby, without_filters=attempt != query)
    return WaysOut(filters, None, [])


def _widening(query: JobQuery) -> Iterator[tuple[Way | None, list[Way]]]:
    """The area's wider area with its other parts, then one step wider, up to the region."""
    per_area = job_counts().by_area(query)  # no typed words here: see ways_out
    region = query.region
    while region is not None:
        parent = reference.region(region.parent_code) if region.parent_code else None
        wider = Way(replace(query, region=parent), per_area[parent.code if parent else ALL])
        others = reference.counties(parent.code) if parent else reference.prefectures()
        nearby = [
            Way(replace(query, region=other), per_area[other.code])
            for other in others
            if other.code != region.code and per_area[other.code]
        ]
        nearby.sort(key=lambda way: way.jobs, reverse=True)
        yield (wider if wider.jobs else None), nearby
        region = parent


def for_me(categories: Sequence[str], regions: Sequence[str]) -> list[Way]:
    """The lists "Jobs for me" opens: the first wished kind of work in each wished area, or
    everywhere when no area is wished."""
    category = reference.category(categories[0]) if categories else None
    areas = [area for code in regions if (area := reference.region(code)) is not None]
    queries = [JobQuery(category=category, region=area) for area in areas]
    return [Way(query, count(query)) for query in queries or [JobQuery(category=category)]]
