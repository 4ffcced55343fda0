"""The job search index: what a job is found by, and how a typed query is read.

One SQLite FTS5 table, `job_search`, holds three columns of pre-made terms per open job:

- `title`: the title's single characters and character pairs (so 1- to 4-character Chinese
  queries hit), its pinyin in full and by initials from every character on (so `siji`, `sj`
  and `chesi` find 叉车司机 by prefix), and the folded words of the Mongolian title;
- `body`: employer, category, county, prefecture and description, by character pairs (a
  lone character outside the title matches nearly everything) and Mongolian words;
- `facets`: tokens for the filters (category, prefecture, county, employment type, pay).

Only open jobs are in it. A job past its "open until" date is skipped by every lookup (so a
read never writes) and taken out by the next write: any reindex, or `kiosk jobs drop-expired`,
which the daily backup timer runs.

The row id is the job's `search_key`: publish time in the high bits. FTS5 walks its lists in
row-id order, so "newest first", paging and "posted within N days" cost no sort at all.
Tokens are made here in Python and joined by spaces, so the tokenizer only splits on spaces.
"""

import enum
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from sqlalchemy import Connection, Date, bindparam, event, inspect, select, text
from sqlalchemy.orm import Session

from kiosk.i18n.mongolian import NNBSP, fold
from kiosk.models import (
    Employer,
    EmploymentType,
    Job,
    JobCategory,
    JobStatus,
    LocalState,
    Moderation,
    PayUnit,
    Region,
    local_today,
    new_id,
)
from kiosk.models.base import table_of

#: Bits of `search_key` below the publish time (seconds): room to keep same-second keys apart.
KEY_SHIFT = 20
#: Pinyin terms join at most this many syllables (longer typed pinyin still matches by prefix
#: of the first ones; a title rarely needs more).
PINYIN_SPAN = 4
#: Monthly-equivalent pay thresholds offered as filters.
PAY_LEVELS = (3000, 5000, 8000)
#: Rough monthly equivalents, for the pay filter only (22 working days, 8 hours a day).
MONTHLY_FACTOR = {PayUnit.month: 1, PayUnit.day: 22, PayUnit.hour: 22 * 8}

GENERATION_KEY = "job_index_generation"
#: The day the index's expired jobs were last dropped (all whose date went by before it).
EXPIRED_DROPPED_KEY = "job_index_expired_before"

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_MONGOLIAN_LETTERS = r"\u1820-\u1878\u1880-\u18aa"
_WORD = re.compile(rf"[{_HAN}]+|[a-z0-9]+|[{_MONGOLIAN_LETTERS}]+")
_HAN_RUN = re.compile(rf"[{_HAN}]+")


def normalize(text_: str) -> str:
    """Full-width to half-width, lower case, Mongolian folded: the form terms are made from."""
    return fold(unicodedata.normalize("NFKC", text_)).lower()


def _han_terms(run: str, *, single: bool) -> list[str]:
    pairs = [run[i : i + 2] for i in range(len(run) - 1)]
    return [*run, *pairs] if single or len(run) == 1 else pairs


@lru_cache(maxsize=4096)
def _pinyin_terms(run: str) -> tuple[str, ...]:
    syllables = lazy_pinyin(run, style=Style.NORMAL, errors="ignore")
    initials = [s[0] for s in syllables if s]
    terms = []
    for i in range(len(syllables)):
        terms.append("".join(syllables[i : i + PINYIN_SPAN]))
        terms.append("".join(initials[i : i + PINYIN_SPAN]))
    return tuple(t for t in terms if t.isascii() and t.isalpha())


def text_terms(values: Iterable[str], *, in_title: bool) -> list[str]:
    """Titles get single characters and pinyin too; elsewhere a single character is noise
    (工 is in nearly every description's 工作), so the rest is indexed by character pairs."""
    return [term for value in values for term in _value_terms(value, in_title)]


@lru_cache(maxsize=16384)
def _value_terms(value: str, in_title: bool) -> tuple[str, ...]:
    """One value's terms: employer, category and place names repeat across many jobs."""
    terms: list[str] = []
    words = _WORD.findall(normalize(value))
    for word in words:
        if _HAN_RUN.fullmatch(word):
            terms += _han_terms(word, single=in_title)
            if in_title:
                terms += _pinyin_terms(word)
        else:
            terms.append(word)
    if NNBSP in value:
        # Also the word with its suffix attached, as many keyboards type it.
        joined = _WORD.findall(normalize(value.replace(NNBSP, "")))
        terms += [word for word in joined if word not in words]
    return tuple(terms)


def monthly_equivalent(job: "Job | PlainJob") -> int | None:
    factor = MONTHLY_FACTOR.get(job.pay_unit)
    return None if factor is None else job.pay_max * factor


def facet_terms(job: "Job | PlainJob", prefecture_code: str) -> list[str]:
    terms = [
        "open",
        f"c{job.category_code}",
        f"r{job.region_code}",
        f"r{prefecture_code}",
        # Category and area together: the kiosk's main path (tiles, then area) reads one
        # short list instead of intersecting two long ones.
        f"x{job.category_code}{job.region_code}",
        f"x{job.category_code}{prefecture_code}",
        f"t{job.employment_type.value}",
    ]
    terms = [_token(term) for term in terms]
    monthly = monthly_equivalent(job)
    terms += [f"pay{level}" for level in PAY_LEVELS if monthly is not None and monthly >= level]
    return terms


@dataclass(eq=False)  # one object per job: assign_search_keys keys a dict by it
class PlainJob:
    """A job's fields as the index reads them, for jobs that arrive as plain rows (a station
    pulling thousands from its hub): no ORM object, no flush hooks, no instrumentation."""

    id: uuid.UUID
    published_at: datetime
    title_zh: str
    title_mn: str
    description_zh: str
    description_mn: str
    category_code: str
    region_code: str
    employer_id: uuid.UUID
    pay_unit: PayUnit
    pay_max: int
    employment_type: EmploymentType
    status: JobStatus
    expires_on: date
    moderation: Moderation = Moderation.none
    search_key: int | None = None

    def is_open(self, today: date) -> bool:
        return Job.is_open(self, today)  # type: ignore[arg-type]  # the same fields

    @classmethod
    def of(cls, row: dict) -> "PlainJob":
        return cls(**{name: row[name] for name in _PLAIN_FIELDS})


_PLAIN_FIELDS = [name for name in PlainJob.__dataclass_fields__ if name != "search_key"]


@dataclass(frozen=True)
class References:
    """What a batch of jobs refers to, loaded once (a job being inserted has only keys)."""

    categories: dict[str, JobCategory]
    regions: dict[str, Region]
    employers: dict[uuid.UUID, Employer]
    #: The body terms of the names a job refers to, by (employer, category, county): the
    #: same for many jobs of a batch.
    _names: dict[tuple, str] = field(default_factory=dict, compare=False, repr=False)

    def name_terms(self, job: "Job | PlainJob") -> tuple[str, str]:
        """The terms of the employer's, category's, county's and prefecture's names, and the
        prefecture's code."""
        key = (job.employer_id, job.category_code, job.region_code)
        if key not in self._names:
            category = self.categories[job.category_code]
            region = self.regions[job.region_code]
            prefecture = self.regions[region.prefecture_code]
            employer = self.employers[job.employer_id]
            named = (employer, category, region, prefecture)
            names = [name for each in named for name in (each.name_zh, each.name_mn)]
            self._names[key] = " ".join(text_terms(names, in_title=False))
        return self._names[key], self.regions[job.region_code].prefecture_code

    @classmethod
    def of(cls, session: Session, jobs: Sequence["Job | PlainJob"]) -> "References":
        codes = {job.category_code for job in jobs}
        categories = session.scalars(select(JobCategory).where(JobCategory.code.in_(codes)))
        employers: dict[uuid.UUID, Employer] = {}
        ids = list({job.employer_id for job in jobs})
        for start in range(0, len(ids), 500):
            chunk = select(Employer).where(Employer.id.in_(ids[start : start + 500]))
            employers |= {employer.id: employer for employer in session.scalars(chunk)}
        # Each county comes with its prefecture (Region.parent is loaded joined).
        counties = session.scalars(
            select(Region).where(Region.code.in_({job.region_code for job in jobs}))
        ).all()
        regions = {region.code: region for region in counties}
        regions |= {county.parent.code: county.parent for county in counties if county.parent}
        return cls(
            categories={category.code: category for category in categories},
            regions=regions,
            employers=employers,
        )


def index_row(job: "Job | PlainJob", references: References) -> dict:
    """The index row for one job."""
    title = " ".join(text_terms([job.title_zh, job.title_mn], in_title=True))
    names, prefecture_code = references.name_terms(job)
    described = text_terms([job.description_zh, job.description_mn], in_title=False)
    body = " ".join([names, *described]) if names else " ".join(described)
    facets = " ".join(facet_terms(job, prefecture_code))
    return {"rowid": job.search_key, "title": title, "body": body, "facets": facets}


def key_for(published_at: datetime, salt: int) -> int:
    return (int(published_at.timestamp()) << KEY_SHIFT) | (salt & ((1 << KEY_SHIFT) - 1))


def assign_search_keys(connection: Connection, jobs: Sequence["Job | PlainJob"]) -> None:
    """Give each job a unique key in publish-time order (same-second jobs step aside)."""
    wanted = {job: key_for(job.published_at, job.id.int) for job in jobs}
    taken: set[int] = set()
    keys = list(wanted.values())
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found = connection.scalars(select(Job.search_key).where(Job.search_key.in_(chunk)))
        taken |= {key for key in found if key is not None}
    for job, key in wanted.items():
        if job.search_key == key:
            continue
        while key in taken:
            key += 1
        job.search_key = key
        taken.add(key)


def reindex(
    session: Session, jobs: Sequence["Job | PlainJob"], removed_keys: Sequence[int]
) -> None:
    """Drop the removed keys, (re)write these jobs; bump the generation list caches watch."""
    connection = session.connection()
    if removed_keys:
        connection.execute(
            text("DELETE FROM job_search WHERE rowid = :key"), [{"key": k} for k in removed_keys]
        )
    today = local_today()
    open_jobs = [job for job in jobs if job.is_open(today)]
    if open_jobs:
        references = References.of(session, open_jobs)
        # In key order: FTS5 writes out its pending terms whenever a row id is not above
        # the last one, so rows in id order (a pulled page) made a segment nearly per row.
        rows = sorted((index_row(job, references) for job in open_jobs), key=_by_rowid)
        index_for(connection).write(connection, rows)
    drop_expired(connection, today)
    bump_generation(connection)


def _by_rowid(row: dict) -> int:
    return row["rowid"]


def index_upserted(session: Session, ids: Sequence[uuid.UUID], upsert: Callable[[], None]) -> None:
    """Run `upsert` (a bulk statement on these jobs, no ORM), then give the new and moved
    jobs search keys and rewrite their index rows from what the table now holds, in the
    caller's transaction."""
    existing = {
        id_: (key, published)
        for id_, key, published in session.execute(
            select(Job.id, Job.search_key, Job.published_at).where(Job.id.in_(ids))
        )
    }
    upsert()
    columns = [table_of(Job).c[name] for name in _PLAIN_FIELDS]
    rows = session.execute(select(*columns).where(Job.id.in_(ids))).mappings()
    jobs = [PlainJob.of(dict(row)) for row in rows]
    for job in jobs:
        key, published = existing.get(job.id, (None, None))
        if published == job.published_at:
            job.search_key = key
    fresh = [job for job in jobs if job.search_key is None]
    connection = session.connection()
    assign_search_keys(connection, fresh)
    if fresh:
        connection.execute(
            table_of(Job)
            .update()
            .where(Job.id == bindparam("job_id", type_=table_of(Job).c.id.type))
            # A local key is no change to the job: `updated_at` stays the publisher's.
            .values(search_key=bindparam("key"), updated_at=table_of(Job).c.updated_at),
            [{"job_id": job.id, "key": job.search_key} for job in fresh],
        )
    removed = [key for key, _ in existing.values() if key is not None]
    with session.no_autoflush:
        reindex(session, jobs, removed)


def index_inserted(
    session: Session, rows: Sequence[dict], insert: Callable[[list[dict]], None]
) -> None:
    """Insert jobs new to this box (plain rows, as a pull decodes them) by `insert`, with
    their search keys given first and their index rows made from the rows themselves: no
    read back, no second write (a new station takes 100,000 jobs this way)."""
    jobs = [PlainJob.of(row) for row in rows]
    assign_search_keys(session.connection(), jobs)
    insert([row | {"search_key": job.search_key} for row, job in zip(rows, jobs, strict=True)])
    with session.no_autoflush:
        reindex(session, jobs, [])


def drop_expired(connection: Connection, today: date, *, every_day: bool = False) -> int:
    """Take jobs past their "open until" date out of the index (the records stay as they are:
    expiry belongs to the publisher, the index is this box's own). `every_day` looks at all
    open jobs, not only those whose day went by since the last time: the daily run's sweep,
    which also catches a date moved back behind the index."""
    # Only open jobs are in the index, each written while it was open, and a job leaves it
    # as soon as it is changed, closed or hidden: so the jobs to drop are those whose date
    # went by since the last time, read from ix_job_open_counts. This runs with every
    # write to the index (each page a new station pulls), mostly with nothing to do.
    since = None if every_day else _expired_dropped_on(connection)
    if since == today:
        return 0
    expired = select(Job.search_key).where(
        Job.status == JobStatus.open, Job.expires_on < today, Job.search_key.is_not(None)
    )
    if since is not None and since < today:  # (a clock set back looks at every day again)
        expired = expired.where(Job.expires_on >= since)
    keys = list(connection.scalars(expired))
    removed = 0
    if keys:
        removed = connection.execute(
            text("DELETE FROM job_search WHERE rowid = :key"), [{"key": key} for key in keys]
        ).rowcount
    connection.execute(
        text(
            "INSERT INTO local_state (key, value) VALUES (:key, :day) "
            "ON CONFLICT (key) DO UPDATE SET value = :day"
        ),
        {"key": EXPIRED_DROPPED_KEY, "day": today.isoformat()},
    )
    if removed:
        bump_generation(connection)
    return removed


def _expired_dropped_on(connection: Connection) -> date | None:
    done = connection.scalar(select(LocalState.value).where(LocalState.key == EXPIRED_DROPPED_KEY))
    return date.fromisoformat(done) if done else None


class LocalBumps:
    """How many generation bumps this process has made: its own changes show at once."""

    count = 0


def bump_generation(connection: Connection) -> None:
    LocalBumps.count += 1
    connection.execute(
        text(
            "INSERT INTO local_state (key, value) VALUES (:key, '1') "
            "ON CONFLICT (key) DO UPDATE "
            "SET value = CAST(CAST(local_state.value AS INTEGER) + 1 AS TEXT)"
        ),
        {"key": GENERATION_KEY},
    )


def generation(connection: Connection) -> str:
    value = connection.scalar(select(LocalState.value).where(LocalState.key == GENERATION_KEY))
    return value or "0"


# --- reading a query ---------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One word of a query as the index holds it; `prefix` matches longer words too."""

    text: str
    prefix: bool = False


def query_terms(query: str) -> list[Term]:
    """The terms a typed query needs, all of which must match.

    Chinese runs match by their character pairs (or the single character); Latin letters
    and digits are pinyin, initials or codes, matched as prefixes; Mongolian words are
    folded and matched as prefixes, so a half-typed word already finds. Terms hold only
    letters and digits (see _WORD): nothing a person types reaches the index as syntax.
    """
    terms: list[Term] = []
    for word in _WORD.findall(normalize(query)):
        if _HAN_RUN.fullmatch(word):
            pairs = [word[i : i + 2] for i in range(len(word) - 1)] or [word]
            terms += [Term(p) for p in pairs]
        else:
            terms.append(Term(word, prefix=True))
    return terms


@lru_cache(maxsize=8192)  # facets repeat across jobs: "open", a category, a county
def _token(text_: str) -> str:
    """A facet token: letters and digits only, so no tokenizer splits it."""
    return re.sub(r"[^a-z0-9]", "", text_.lower())


@dataclass(frozen=True)
class Facets:
    category: str | None = None
    region: str | None = None
    employment_type: EmploymentType | None = None
    pay_at_least: int | None = None

    def terms(self) -> list[str]:
        terms = []
        if self.category and self.region:
            terms.append(_token(f"x{self.category}{self.region}"))
        elif self.category:
            terms.append(_token(f"c{self.category}"))
        elif self.region:
            terms.append(_token(f"r{self.region}"))
        if self.employment_type:
            terms.append(_token(f"t{self.employment_type.value}"))
        if self.pay_at_least:
            terms.append(f"pay{self.pay_at_least}")
        # Every indexed job is open; "open" is only there to match when nothing else is asked,
        # since its list is the longest of all.
        return terms or ["open"]


#: Counting stops here: past a thousand jobs a seeker needs a filter, not an exact number,
#: and counting every match of a one-character query is what made broad queries slow.
COUNT_CAP = 1000


@dataclass(frozen=True)
class Hits:
    keys: list[int]
    #: Number of matches, at most COUNT_CAP.
    total: int

    @property
    def capped(self) -> bool:
        return self.total >= COUNT_CAP


class Scope(enum.Enum):
    """Where the words must be: anywhere, in the title, anywhere but the title (all three
    with the facets), or any one of them outside a title (a cheap probe, no facets)."""

    ANYWHERE = "anywhere"
    TITLE = "title"
    NOT_TITLE = "not_title"
    ANY_OUTSIDE_TITLE = "any_outside_title"


class Fts5Index:
    """The station's index: SQLite FTS5 over the pre-made terms."""

    insert = (
        "INSERT INTO job_search (rowid, title, body, facets) "
        "VALUES (:rowid, :title, :body, :facets)"
    )

    def write(self, connection: Connection, rows: list[dict]) -> None:
        # Straight to sqlite3 (it takes these named markers): the rows are plain text and
        # numbers, and SQLAlchemy's per-row parameter handling cost more than the insert.
        connection.exec_driver_sql(self.insert, rows)

    def merge_after_writes(self, connection: Connection, merging: bool) -> None:
        # Crisis merges still keep the segments few while it is off (17 against 13 after
        # 100,000 jobs, measured: searches as fast); once on, the next writes merge the rest.
        connection.exec_driver_sql(
            "INSERT INTO job_search (job_search, rank) VALUES ('automerge', ?)",
            (4 if merging else 0,),
        )

    def where(self, facets: list[str], terms: list[Term], scope: Scope) -> tuple[str, dict]:
        words = [f'"{t.text}"' + ("*" if t.prefix else "") for t in terms]
        if scope is Scope.ANY_OUTSIDE_TITLE:
            return "job_search MATCH :m", {"m": "{body} : (" + " OR ".join(words) + ")"}
        expr = "{facets} : (" + " ".join(facets) + ")"
        if words:
            all_words = " ".join(words)
            expr += {
                Scope.ANYWHERE: f" AND {{title body}} : ({all_words})",
                Scope.TITLE: f" AND {{title}} : ({all_words})",
                Scope.NOT_TITLE: (
                    f" AND {{title body}} : ({all_words}) NOT {{title}} : ({all_words})"
                ),
            }[scope]
        return "job_search MATCH :m", {"m": expr}


class PostgresIndex:
    """The hub's index: the same terms as tsvectors ('simple': no stemming), GIN-indexed."""

    insert = (
        "INSERT INTO job_search (rowid, title, body, facets) VALUES (:rowid, "
        "to_tsvector('simple', :title), to_tsvector('simple', :body), "
        "to_tsvector('simple', :facets))"
    )

    def write(self, connection: Connection, rows: list[dict]) -> None:
        connection.execute(text(self.insert), rows)

    def merge_after_writes(self, connection: Connection, merging: bool) -> None:
        pass  # GIN keeps its own pending list: nothing to turn off

    def where(self, facets: list[str], terms: list[Term], scope: Scope) -> tuple[str, dict]:
        words = [f"'{t.text}'" + (":*" if t.prefix else "") for t in terms]
        if scope is Scope.ANY_OUTSIDE_TITLE:
            return "body @@ to_tsquery('simple', :q)", {"q": " | ".join(words)}
        conditions = ["facets @@ to_tsquery('simple', :f)"]
        if words:
            conditions += {
                Scope.ANYWHERE: ["(title || body) @@ to_tsquery('simple', :q)"],
                Scope.TITLE: ["title @@ to_tsquery('simple', :q)"],
                Scope.NOT_TITLE: [
                    "(title || body) @@ to_tsquery('simple', :q)",
                    "NOT title @@ to_tsquery('simple', :q)",
                ],
            }[scope]
        return " AND ".join(conditions), {"f": " & ".join(facets), "q": " & ".join(words)}


def bulk_loading(connection: Connection, loading: bool) -> None:
    """For a new station's snapshot, 100,000 jobs in pages of random order: while it loads,
    the index does not merge after every write (FTS5's automerge) and the job table's own
    indexes are set aside, then built once, in order, with the last page (measured: a
    seventh of the start, and half its system time). Each step is in the caller's
    transaction; a cut snapshot goes on without them until its last page."""
    index_for(connection).merge_after_writes(connection, merging=not loading)
    for table_index in table_of(Job).indexes:
        if loading:
            table_index.drop(connection, checkfirst=True)
        else:
            table_index.create(connection, checkfirst=True)


INDEXES: dict[str, Fts5Index | PostgresIndex] = {
    "sqlite": Fts5Index(),
    "postgresql": PostgresIndex(),
}


def index_for(connection: Connection) -> Fts5Index | PostgresIndex:
    return INDEXES[connection.dialect.name]


#: Jobs expired since the index was last written: not found, though still indexed. Looked up
#: per row read (the unique search_key index): `rowid NOT IN (expired keys)` built the whole
#: expired set first, some 30 ms at 100,000 jobs for any query with a match.
_NOT_EXPIRED = (
    "NOT EXISTS (SELECT 1 FROM job WHERE job.search_key = job_search.rowid "
    "AND job.expires_on < :today)"
)


@dataclass(frozen=True)
class _Lookup:
    """One question to the index: its condition, and rows published since a key."""

    connection: Connection
    where: str
    params: dict
    since_key: int
    today: date

    def count(self, cap: int) -> int:
        return self.connection.scalar(
            text(
                f"SELECT count(*) FROM (SELECT 1 FROM job_search "
                f"WHERE {self.where} AND rowid >= :since AND {_NOT_EXPIRED} LIMIT :cap) AS hits"
            ).bindparams(bindparam("today", type_=Date)),
            {**self.params, "since": self.since_key, "cap": cap, "today": self.today},
        )

    def keys(self, limit: int, offset: int) -> list[int]:
        return list(
            self.connection.scalars(
                text(
                    f"SELECT rowid FROM job_search WHERE {self.where} AND rowid >= :since "
                    f"AND {_NOT_EXPIRED} ORDER BY rowid DESC LIMIT :limit OFFSET :offset"
                ).bindparams(bindparam("today", type_=Date)),
                {
                    **self.params,
                    "since": self.since_key,
                    "limit": limit,
                    "offset": offset,
                    "today": self.today,
                },
            )
        )


def search(
    connection: Connection,
    query: str,
    facets: Facets,
    *,
    since: datetime | None = None,
    offset: int = 0,
    limit: int = 20,
    today: date | None = None,
) -> Hits:
    """Keys of matching open jobs: title matches first, then the rest, newest first in each."""
    index = index_for(connection)
    since_key = key_for(since, 0) if since else 0
    terms = query_terms(query)
    facet_terms_ = facets.terms()
    today = today or local_today()

    def lookup(scope: Scope, *, since: int = since_key) -> _Lookup:
        return _Lookup(connection, *index.where(facet_terms_, terms, scope), since, today)

    if not terms:
        everything = lookup(Scope.ANYWHERE)
        return Hits(everything.keys(limit, offset), everything.count(COUNT_CAP))

    in_title = lookup(Scope.TITLE)
    title_total = in_title.count(COUNT_CAP)
    keys = in_title.keys(limit, offset) if offset < title_total else []
    elsewhere_total = 0
    # Matches outside the title: only looked for when a word occurs outside titles at all
    # (pinyin never does), since the filtered NOT query is the dearest one here.
    if title_total < COUNT_CAP and lookup(Scope.ANY_OUTSIDE_TITLE, since=0).count(1):
        elsewhere = lookup(Scope.NOT_TITLE)
        elsewhere_total = elsewhere.count(COUNT_CAP - title_total)
        if elsewhere_total and len(keys) < limit:
            keys += elsewhere.keys(limit - len(keys), max(0, offset - title_total))
    return Hits(keys, title_total + elsewhere_total)


# --- keeping the index in step with the session -------------------------------------------

_REMOVED = "job_index_removed"


def _indexed(session: Session) -> bool:
    return session.get_bind().dialect.name in INDEXES


def _before_flush(session: Session, _context, _instances) -> None:
    if not _indexed(session):
        return
    moved = [
        job
        for job in session.dirty
        if isinstance(job, Job) and inspect(job).attrs.published_at.history.has_changes()
    ]
    removed = session.info.setdefault(_REMOVED, [])
    removed += [job.search_key for job in moved if job.search_key is not None]
    removed += [o.search_key for o in session.deleted if isinstance(o, Job) and o.search_key]
    fresh = [o for o in session.new if isinstance(o, Job)]
    for job in fresh:
        # The key is made from the id, which the column default would only fill in later.
        job.id = job.id or new_id()
    if fresh or moved:
        with session.no_autoflush:
            assign_search_keys(session.connection(), fresh + moved)


def _after_flush(session: Session, _context) -> None:
    if not _indexed(session):
        return
    removed = session.info.pop(_REMOVED, [])
    changed = [o for o in (*session.new, *session.dirty) if isinstance(o, Job)]
    removed += [o.search_key for o in session.dirty if isinstance(o, Job) and o.search_key]
    if changed or removed:
        with session.no_autoflush:
            reindex(session, changed, removed)


def outside_search_index(name: str | None, type_: str, _parents: dict) -> bool:
    """For Alembic: the FTS5 table and its shadow tables are made by hand, not autogenerated."""
    return not (type_ == "table" and name is not None and name.startswith("job_search"))


def install_index_hooks() -> None:
    """Every flush that adds, changes or deletes jobs keeps the index in the same transaction."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
