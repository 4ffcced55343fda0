"""Fairs, caravan days and live streams: what the hub publishes, the booths it books, and
what a station collects at an event (sign-ups, scans, hiring intentions), offline.

Every scan carries the id its device gave it, and a hiring intention an id made from where
and who: an upload sent twice, or a batch pushed again, lands on the same rows, and a person
scanned at two gates is one visit because visits count distinct sign-up codes.
"""

import enum
import hashlib
import hmac
import re
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum.cn import uscc

from kiosk.domain.forms import Checker, FieldProblem, Problem, Refused
from kiosk.models import (
    BEIJING,
    Booth,
    Employer,
    Event,
    EventKind,
    EventScan,
    EventSignup,
    GigPost,
    HiringIntention,
    Job,
    JobStatus,
    Moderation,
    PostStatus,
    Region,
    ScanKind,
    ServiceRecord,
    SignupChannel,
)


class EventProblem(enum.StrEnum):
    ends_before_start = "ends_before_start"
    not_a_moment = "not_a_moment"
    job_not_reviewed = "job_not_reviewed"
    too_many = "too_many"
    # Booths
    not_a_fair = "not_a_fair"
    over = "over"
    booked_twice = "booked_twice"
    no_jobs = "no_jobs"
    barred = "barred"
    cancelled = "cancelled"
    # Verified employers: a credit code that passes its check, a post that passed review
    code_failed = "code_failed"
    no_reviewed_post = "no_reviewed_post"
    # Changes at the hub
    cancelled_already = "cancelled_already"
    in_the_past = "in_the_past"
    unchanged = "unchanged"
    # Codes
    other_event = "other_event"
    not_a_code = "not_a_code"
    not_this_booth = "not_this_booth"
    not_a_booth_code = "not_a_booth_code"
    not_open_yet = "not_open_yet"


#: Letters a person reads off a slip without confusing them (no 0/O, 1/I/L).
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CODE = re.compile(r"^([2-9A-HJKMNP-Z]{4})-([2-9A-HJKMNP-Z]{6})([2-9A-HJKMNP-Z]{3})$")
MAX_FEATURED = 12
MAX_SERVICES = 12


def _letters(count: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(count))


def beijing(moment: datetime) -> datetime:
    return moment.astimezone(BEIJING)


# -- publishing (hub) -------------------------------------------------------------------------


@dataclass
class EventForm:
    kind: str = ""
    title_zh: str = ""
    title_mn: str = ""
    place_zh: str = ""
    place_mn: str = ""
    region_code: str = ""
    starts_at: str = ""
    ends_at: str = ""
    services_zh: str = ""
    services_mn: str = ""
    channel_zh: str = ""
    channel_mn: str = ""
    featured_job_ids: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, event: Event) -> "EventForm":
        return cls(
            kind=event.kind.value, title_zh=event.title_zh, title_mn=event.title_mn,
            place_zh=event.place_zh, place_mn=event.place_mn, region_code=event.region_code,
            starts_at=f"{beijing(event.starts_at):%Y-%m-%d %H:%M}",
            ends_at=f"{beijing(event.ends_at):%Y-%m-%d %H:%M}",
            services_zh="\n".join(event.services_zh), services_mn="\n".join(event.services_mn),
            channel_zh=event.channel_zh, channel_mn=event.channel_mn,
            featured_job_ids=list(event.featured_job_ids),
        )  # fmt: skip

    @classmethod
    def from_form(cls, form) -> "EventForm":
        values = {name: form.get(name, "") for name in cls.__dataclass_fields__}
        values["featured_job_ids"] = form.getlist("featured_job_ids")
        return cls(**values)


_MOMENT = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[ T](\d{1,2}:\d{2})$")


def _moment(check: Checker, name: str, raw: str) -> datetime | None:
    """ "2026-12-20 09:00", Beijing time, as an aware UTC moment."""
    raw = check.text(name, raw, 20, required=True).replace("：", ":")
    if not check.ok(name):
        return None
    match = _MOMENT.match(raw)
    try:
        if match is None:
            raise ValueError
        day, clock = date.fromisoformat(_padded(match[1])), match[2].zfill(5)
        hour, minute = int(clock[:2]), int(clock[3:])
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)
    except ValueError:
        check.refuse(name, EventProblem.not_a_moment)
        return None


def _padded(day: str) -> str:
    year, month, mday = day.split("-")
    return f"{year}-{int(month):02d}-{int(mday):02d}"


def _lines(check: Checker, name: str, raw: str, limit: int) -> list[str]:
    lines = [line.strip() for line in re.split(r"[\n、;；]", raw) if line.strip()]
    items = [check.text(name, line, limit) for line in dict.fromkeys(lines)]
    if len(items) > MAX_SERVICES:
        check.refuse(name, EventProblem.too_many, MAX_SERVICES)
    return items


def reviewed_jobs(session: Session, ids: Iterable[str], today: date) -> dict[str, Job]:
    """Those of these jobs a seeker may be shown: open, not hidden or closed by the hub."""
    wanted = []
    for raw in ids:
        try:
            wanted.append(uuid.UUID(str(raw)))
        except ValueError:
            continue
    jobs = session.scalars(select(Job).where(Job.id.in_(wanted))).unique().all() if wanted else []
    return {str(job.id): job for job in jobs if job.is_open(today)}


def _times(check: Checker, starts_raw: str, ends_raw: str) -> tuple[datetime | None, ...]:
    starts, ends = _moment(check, "starts_at", starts_raw), _moment(check, "ends_at", ends_raw)
    if starts and ends and ends <= starts:
        check.refuse("ends_at", EventProblem.ends_before_start)
    return starts, ends


def _moved(event: Event, starts: datetime, ends: datetime) -> None:
    # The start people were told before this change (None for a new event); a later end
    # alone is no move.
    if starts != event.starts_at:
        event.moved_from = event.starts_at
    event.starts_at, event.ends_at = starts, ends


def save_event(
    session: Session, form: EventForm, origin: str, today: date, event: Event | None = None
) -> Event:
    """Check every field, then publish (or change) the event; the caller commits. Nothing is
    written on a refusal."""
    check = Checker()
    kind = check.choice("kind", form.kind, EventKind, required=True)
    title_zh = check.text("title_zh", form.title_zh, 60, required=True)
    title_mn = check.text("title_mn", form.title_mn, 160)
    place_zh = check.text("place_zh", form.place_zh, 200)
    place_mn = check.text("place_mn", form.place_mn, 400)
    region = check.text("region_code", form.region_code, 12, required=True)
    if check.ok("region_code") and session.get(Region, region) is None:
        check.refuse("region_code", Problem.unknown_choice)
    starts, ends = _times(check, form.starts_at, form.ends_at)
    services_zh = _lines(check, "services_zh", form.services_zh, 40)
    services_mn = _lines(check, "services_mn", form.services_mn, 80)
    channel_zh = check.text("channel_zh", form.channel_zh, 100)
    channel_mn = check.text("channel_mn", form.channel_mn, 200)
    featured = list(dict.fromkeys(form.featured_job_ids))
    shown = reviewed_jobs(session, featured, today)
    if any(job_id not in shown for job_id in featured):
        check.refuse("featured_job_ids", EventProblem.job_not_reviewed)
    elif len(featured) > MAX_FEATURED:
        check.refuse("featured_job_ids", EventProblem.too_many, MAX_FEATURED)
    elif kind is EventKind.stream:
        for job_id in featured:
            employer = shown[job_id].employer
            if (why := unverified(session, employer, today)) is not None:
                check.refuse("featured_job_ids", why, employer.name_zh)
    check.raise_if_refused()
    assert kind is not None and starts is not None and ends is not None
    if event is None:
        event = Event(origin=origin, code=_free_code(session), code_key=secrets.token_hex(16))
        session.add(event)
    event.kind, event.title_zh, event.title_mn = kind, title_zh, title_mn
    event.place_zh, event.place_mn, event.region_code = place_zh, place_mn, region
    _moved(event, starts, ends)
    event.services_zh, event.services_mn = services_zh, services_mn
    event.channel_zh, event.channel_mn = channel_zh, channel_mn
    event.featured_job_ids = featured if kind is EventKind.stream else []
    return event


def cancel_event(event: Event, now: datetime) -> None:
    """Cancel it: every station shows it cancelled with its next pull, and takes no more
    sign-ups or booths. The caller commits."""
    if event.cancelled:
        raise Refused.one("event", EventProblem.cancelled_already)
    if event.ends_at <= now:
        raise Refused.one("event", EventProblem.over)
    event.cancelled = True


def move_event(event: Event, starts_raw: str, ends_raw: str, now: datetime) -> None:
    """Move it to a new time (Beijing, as the form writes it); refused when it ends before it
    starts, starts in the past, or nothing changes. The caller commits."""
    check = Checker()
    starts, ends = _times(check, starts_raw, ends_raw)
    if event.cancelled:
        check.refuse("event", EventProblem.cancelled)
    elif event.ends_at <= now:
        check.refuse("event", EventProblem.over)
    if starts and check.ok("starts_at") and starts <= now:
        check.refuse("starts_at", EventProblem.in_the_past)
    if check.ok("starts_at") and (starts, ends) == (event.starts_at, event.ends_at):
        check.refuse("starts_at", EventProblem.unchanged)
    check.raise_if_refused()
    assert starts is not None and ends is not None
    _moved(event, starts, ends)


def _free_code(session: Session) -> str:
    while True:
        code = _letters(4)
        if session.scalar(select(Event.id).where(Event.code == code)) is None:
            return code


def events_on(
    session: Session, now: datetime, first_region: str = "", cancelled: bool = False
) -> list[Event]:
    """What is on or coming, soonest first, this station's banner before the rest; with
    `cancelled`, the cancelled ones too (people who signed up read that they are)."""
    query = select(Event).where(Event.ends_at > now).order_by(Event.starts_at)
    if not cancelled:
        query = query.where(Event.cancelled.is_(False))
    events = session.scalars(query).all()
    return sorted(events, key=lambda e: e.region_code != first_region)


def event_by_code(session: Session, code: str) -> Event | None:
    return session.scalars(select(Event).where(Event.code == code.upper())).first()


# -- booths (hub) -----------------------------------------------------------------------------


def unverified(session: Session, employer: Employer, today: date) -> EventProblem | None:
    """Why this employer is not verified, or None when it is: its unified social credit code
    passes the GB 32100 check, and it has a post that passed review (an open job the hub has
    not hidden or closed, or a current gig post its station approved)."""
    return unverified_of(session, [employer], today).get(employer.id)


def unverified_of(
    session: Session, employers: Sequence[Employer], today: date
) -> dict[uuid.UUID, EventProblem]:
    """`unverified` for many employers at once (the booking form lists them all)."""
    why = {e.id: EventProblem.code_failed for e in employers if not uscc.is_valid(e.credit_code)}
    rest = {e.id: e.credit_code for e in employers if e.id not in why}
    if not rest:
        return why
    with_job = set(
        session.scalars(
            select(Job.employer_id).distinct().where(
                Job.employer_id.in_(rest), Job.status == JobStatus.open,
                Job.moderation == Moderation.none, Job.expires_on >= today,
            )
        )
    )  # fmt: skip
    codes = {code for id_, code in rest.items() if id_ not in with_job}
    with_gig = set(
        session.scalars(
            select(GigPost.credit_code).distinct().where(
                GigPost.credit_code.in_(codes), GigPost.status == PostStatus.approved,
                GigPost.end_date >= today,
            )
        )
    ) if codes else set()  # fmt: skip
    for id_, code in rest.items():
        if id_ not in with_job and code not in with_gig:
            why[id_] = EventProblem.no_reviewed_post
    return why


@dataclass(frozen=True)
class NoShowRule:
    """The county's: `limit` no-shows and no booth for `bar_days` after the last one."""

    limit: int = 3
    bar_days: int = 365


def no_shows(session: Session, employer_id: uuid.UUID, now: datetime) -> list[datetime]:
    """When each fair ended that this employer booked a booth at and never checked in to."""
    checked_in = select(EventScan.booth_id).where(EventScan.kind == ScanKind.employer)
    return list(
        session.scalars(
            select(Event.ends_at)
            .join(Booth, Booth.event_id == Event.id)
            .where(
                Booth.employer_id == employer_id,
                Event.ends_at <= now,
                Event.cancelled.is_(False),
                Booth.id.not_in(checked_in.where(EventScan.booth_id.is_not(None))),
            )
            .order_by(Event.ends_at)
        )
    )


def barred_until(
    session: Session, employer_id: uuid.UUID, now: datetime, rule: NoShowRule
) -> datetime | None:
    """The end of this employer's bar, when the rule bars it now."""
    recent = [
        end
        for end in no_shows(session, employer_id, now)
        if end > now - timedelta(days=rule.bar_days)
    ]
    if len(recent) < rule.limit:
        return None
    return recent[-1] + timedelta(days=rule.bar_days)


def book_booth(
    session: Session,
    event: Event,
    employer_id: str,
    job_ids: Sequence[str],
    booked_by: str,
    now: datetime,
    rule: NoShowRule,
) -> Booth:
    """A booth for an employer with its reviewed posts; the caller commits. Refused, with
    nothing written: not a fair, over, the employer booked already or barred, no open post."""
    if event.kind is not EventKind.fair:
        raise Refused.one("event", EventProblem.not_a_fair)
    if event.cancelled:
        raise Refused.one("event", EventProblem.cancelled)
    if event.ends_at <= now:
        raise Refused.one("event", EventProblem.over)
    try:
        employer = session.get(Employer, uuid.UUID(employer_id))
    except ValueError:
        employer = None
    if employer is None:
        raise Refused.one("employer_id", EventProblem.not_a_code)
    if number := session.scalar(
        select(Booth.number).where(Booth.event_id == event.id, Booth.employer_id == employer.id)
    ):
        raise Refused({"employer_id": FieldProblem(EventProblem.booked_twice, number)})
    if (until := barred_until(session, employer.id, now, rule)) is not None:
        raise Refused({"employer_id": FieldProblem(EventProblem.barred, beijing(until).date())})
    today = beijing(now).date()
    if (why := unverified(session, employer, today)) is not None:
        raise Refused({"employer_id": FieldProblem(why, employer.name_zh)})
    jobs = reviewed_jobs(session, job_ids, today)
    chosen = [job_id for job_id in dict.fromkeys(job_ids) if job_id in jobs]
    if (
        not chosen
        or len(chosen) != len(set(job_ids))
        or any(jobs[job_id].employer_id != employer.id for job_id in chosen)
    ):
        raise Refused.one("job_ids", EventProblem.no_jobs)
    number = (
        session.scalar(select(func.max(Booth.number)).where(Booth.event_id == event.id)) or 0
    ) + 1
    booth = Booth(
        origin=event.origin, event_id=event.id, employer_id=employer.id, number=number,
        job_ids=chosen, booked_by=booked_by,
    )  # fmt: skip
    session.add(booth)
    return booth


def booths_of(session: Session, event: Event) -> list[Booth]:
    return list(
        session.scalars(select(Booth).where(Booth.event_id == event.id).order_by(Booth.number))
    )


# -- codes ------------------------------------------------------------------------------------


def _check_letters(event: Event, body: str) -> str:
    digest = hmac.new(event.code_key.encode(), f"{event.code}-{body}".encode(), hashlib.sha256)
    value = int.from_bytes(digest.digest()[:4])
    return "".join(_ALPHABET[(value >> (5 * n)) % len(_ALPHABET)] for n in range(3))


def new_code(event: Event) -> str:
    """A sign-up code: the event's code, six random letters, three that prove it is ours."""
    body = _letters(6)
    return f"{event.code}-{body}{_check_letters(event, body)}"


def read_code(event: Event, raw: str) -> str:
    """The code as scanned or typed, checked against this event with no link to anywhere;
    Refused when it is another event's, or not a code this county made."""
    code = re.sub(r"\s+", "", raw).upper()
    match = _CODE.match(code)
    if match is None:
        raise Refused.one("code", EventProblem.not_a_code)
    if match[1] != event.code:
        raise Refused.one("code", EventProblem.other_event)
    if not hmac.compare_digest(match[3], _check_letters(event, match[2])):
        raise Refused.one("code", EventProblem.not_a_code)
    return code


def _open_for(event: Event, now: datetime) -> None:
    if event.cancelled:
        raise Refused.one("event", EventProblem.cancelled)
    if event.ends_at <= now:
        raise Refused.one("event", EventProblem.over)


# -- an employer's own check-in at its booth (station, offline) --------------------------------

_BOOTH_CODE = re.compile(r"^([2-9A-HJKMNP-Z]{4})-(\d{1,3})-([2-9A-HJKMNP-Z]{6})$")
#: An employer may check in from this long before the fair starts (setting up the booth).
CHECK_IN_EARLY = timedelta(hours=2)


def _booth_letters(event: Event, booth: Booth) -> str:
    digest = hmac.new(
        event.code_key.encode(), f"booth-{event.code}-{booth.number}-{booth.id}".encode(),
        hashlib.sha256,
    ).digest()  # fmt: skip
    value = int.from_bytes(digest[:8])
    return "".join(_ALPHABET[(value >> (5 * n)) % len(_ALPHABET)] for n in range(6))


def booth_code(event: Event, booth: Booth) -> str:
    """What the booth's QR card carries: the fair, the booth, six letters that prove both
    (made from the event's key, so a station with no link checks it)."""
    return f"{event.code}-{booth.number}-{_booth_letters(event, booth)}"


def read_booth_code(session: Session, event: Event, raw: str) -> Booth:
    """The booth this code is for; Refused when it is another event's or made up."""
    code = re.sub(r"\s+", "", raw).upper()
    if (match := _BOOTH_CODE.match(code)) is None:
        raise Refused.one("booth_code", EventProblem.not_a_booth_code)
    if match[1] != event.code:
        raise Refused.one("booth_code", EventProblem.other_event)
    booth = session.scalars(
        select(Booth).where(Booth.event_id == event.id, Booth.number == int(match[2]))
    ).first()
    if booth is None or not hmac.compare_digest(match[3], _booth_letters(event, booth)):
        raise Refused.one("booth_code", EventProblem.not_a_booth_code)
    return booth


def check_in_id(booth: Booth) -> uuid.UUID:
    """One check-in per booth, whichever phone sends it and however often."""
    return uuid.uuid5(booth.id, "employer-check-in")


def check_in(
    session: Session, event: Event, booth: Booth, origin: str, now: datetime
) -> tuple[EventScan, bool]:
    """The employer's own check-in at its booth, and whether it is new: from two hours
    before the fair until it ends; the booth then counts as attended (no no-show)."""
    _open_for(event, now)
    if now < event.starts_at - CHECK_IN_EARLY:
        raise Refused({"booth_code": FieldProblem(EventProblem.not_open_yet, event.starts_at)})
    if (found := session.get(EventScan, check_in_id(booth))) is not None:
        return found, False
    scan = EventScan(
        id=check_in_id(booth), origin=origin, event_id=event.id, kind=ScanKind.employer,
        code="", booth_id=booth.id, device="employer's phone", scanned_at=now,
    )  # fmt: skip
    session.add(scan)
    return scan, True


def sign_up(
    session: Session,
    event: Event,
    channel: SignupChannel,
    origin: str,
    now: datetime,
    seeker_id: uuid.UUID | None = None,
) -> EventSignup:
    """A sign-up code for a person (nothing that names them; a registered seeker's id only
    when the desk signs them up, for the follow-up's hire to be matched)."""
    _open_for(event, now)
    signup = EventSignup(
        origin=origin, event_id=event.id, code=new_code(event), channel=channel, seeker_id=seeker_id
    )
    session.add(signup)
    return signup


# -- scans (station, offline) -----------------------------------------------------------------


@dataclass(frozen=True)
class ScanIn:
    """A scan as a device sends it: its own id, what was scanned, where and when."""

    id: uuid.UUID
    kind: ScanKind
    code: str
    booth_id: uuid.UUID | None
    device: str
    scanned_at: datetime

    @classmethod
    def read(cls, raw: Mapping) -> "ScanIn":
        """A scan from an upload's JSON; ValueError (said plainly) when it is not one."""
        if not isinstance(raw, Mapping):
            raise ValueError("not a scan")
        try:
            moment = datetime.fromisoformat(str(raw.get("scanned_at", "")))
            if moment.tzinfo is None:
                raise ValueError("a time without its zone")
            booth = raw.get("booth_id")
            return cls(
                id=uuid.UUID(str(raw.get("id", ""))), kind=ScanKind(raw.get("kind", "gate")),
                code=str(raw.get("code", ""))[:40],
                booth_id=uuid.UUID(str(booth)) if booth else None,
                device=str(raw.get("device", ""))[:40], scanned_at=moment,
            )  # fmt: skip
        except (TypeError, ValueError) as error:
            raise ValueError(f"not a scan: {error}"[:120]) from None


@dataclass
class ScanAnswer:
    taken: int = 0
    #: Scans whose id was here already: an upload sent again (counted once, nothing changed).
    already: int = 0
    #: (scan id, why) for each scan refused: the log of failed scans.
    refused: list[tuple[str, EventProblem]] = field(default_factory=list)


def record_scans(
    session: Session, event: Event, scans: Sequence[ScanIn], origin: str
) -> ScanAnswer:
    """Keep each scan once, on its own id; refuse another event's code, a made-up code, a
    booth not at this event. The caller commits."""
    answer = ScanAnswer()
    booths = {booth.id for booth in booths_of(session, event)}
    ids = [scan.id for scan in scans]
    known: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):
        known.update(
            session.scalars(select(EventScan.id).where(EventScan.id.in_(ids[start : start + 500])))
        )
    for scan in scans:
        if scan.id in known:
            answer.already += 1
            continue
        try:
            code = "" if scan.kind is ScanKind.employer else read_code(event, scan.code)
            if scan.kind is not ScanKind.gate and scan.booth_id not in booths:
                raise Refused.one("booth", EventProblem.not_this_booth)
        except Refused as refused:
            answer.refused.append((str(scan.id), typed_problem(refused)))
            continue
        known.add(scan.id)
        session.add(
            EventScan(
                id=scan.id, origin=origin, event_id=event.id, kind=scan.kind, code=code,
                booth_id=None if scan.kind is ScanKind.gate else scan.booth_id,
                device=scan.device, scanned_at=scan.scanned_at,
            )
        )  # fmt: skip
        answer.taken += 1
    return answer


def typed_problem(refused: Refused) -> EventProblem:
    problem = refused.problem
    assert isinstance(problem, EventProblem)
    return problem


def intention_id(event: Event, booth_id: uuid.UUID | None, code: str) -> uuid.UUID:
    """One intention per booth (or stream) and person, whichever device records it."""
    return uuid.uuid5(event.id, f"{booth_id or ''}:{code}")


def record_intention(
    session: Session,
    event: Event,
    raw_code: str,
    origin: str,
    now: datetime,
    booth: Booth | None = None,
    job_id: str = "",
) -> tuple[HiringIntention, bool]:
    """The intention agreed at a booth (or on a stream's featured job), and whether it is
    new: recorded again, it is the same one."""
    code = read_code(event, raw_code)
    if booth is not None and booth.event_id != event.id:
        raise Refused.one("booth", EventProblem.not_this_booth)
    offered = booth.job_ids if booth is not None else event.featured_job_ids
    job = None
    if job_id:
        if job_id not in offered:
            raise Refused.one("job_id", EventProblem.job_not_reviewed)
        job = uuid.UUID(job_id)
    key = intention_id(event, booth.id if booth else None, code)
    if (found := session.get(HiringIntention, key)) is not None:
        return found, False
    intention = HiringIntention(
        id=key, origin=origin, event_id=event.id, booth_id=booth.id if booth else None, code=code,
        job_id=job, recorded_at=now,
    )  # fmt: skip
    session.add(intention)
    return intention, True


# -- the outcome report -----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a bureau reports for a fair (or a live stream, counted the same way)."""

    employers_booked: int
    employers_attending: int
    jobs_offered: int
    positions_offered: int
    signups: int
    scans: int
    visits: int
    booth_visits: int
    intentions: int
    hires_confirmed: int


def outcome(session: Session, event: Event, today: date) -> Outcome:
    booths = booths_of(session, event)
    attending = set(
        session.scalars(
            select(EventScan.booth_id).where(
                EventScan.event_id == event.id, EventScan.kind == ScanKind.employer
            )
        )
    )
    offered = {
        job_id for booth in booths if booth.id in attending for job_id in booth.job_ids
    } | set(event.featured_job_ids)
    jobs = (
        session.scalars(select(Job).where(Job.id.in_([uuid.UUID(j) for j in offered])))
        .unique()
        .all()
    )

    def count(kind: ScanKind, *columns) -> int:
        return (
            session.scalar(
                select(func.count()).select_from(
                    select(*columns)
                    .where(EventScan.event_id == event.id, EventScan.kind == kind)
                    .distinct()
                    .subquery()
                )
            )
            or 0
        )

    return Outcome(
        employers_booked=len(booths),
        employers_attending=len({b.employer_id for b in booths if b.id in attending}),
        jobs_offered=len(jobs),
        positions_offered=sum(job.headcount for job in jobs),
        signups=session.scalar(select(func.count()).where(EventSignup.event_id == event.id)) or 0,
        scans=session.scalar(select(func.count()).where(EventScan.event_id == event.id)) or 0,
        visits=count(ScanKind.gate, EventScan.code),
        booth_visits=count(ScanKind.booth, EventScan.booth_id, EventScan.code),
        intentions=session.scalar(select(func.count()).where(HiringIntention.event_id == event.id))
        or 0,
        hires_confirmed=hires_confirmed(session, event),
    )


def hires_confirmed(session: Session, event: Event) -> int:
    """Intentions a later visit or follow-up confirmed: the person (signed up at the desk, so
    known) recorded hired into one of the jobs the booth or the stream offered."""
    rows = session.execute(
        select(HiringIntention.booth_id, HiringIntention.job_id, EventSignup.seeker_id)
        .join(EventSignup, EventSignup.code == HiringIntention.code)
        .where(HiringIntention.event_id == event.id, EventSignup.seeker_id.is_not(None))
    ).all()
    if not rows:
        return 0
    booths = {booth.id: booth for booth in booths_of(session, event)}
    start = beijing(event.starts_at).date()
    hired = session.execute(
        select(ServiceRecord.seeker_id, ServiceRecord.hired_job_id).where(
            ServiceRecord.seeker_id.in_([row.seeker_id for row in rows]),
            ServiceRecord.hired_job_id.is_not(None),
            ServiceRecord.visited_on >= start,
        )
    ).all()
    by_person: dict[uuid.UUID | None, set[str]] = {}
    for seeker_id, job_id in hired:
        by_person.setdefault(seeker_id, set()).add(str(job_id))
    confirmed = 0
    for booth_id, job_id, seeker_id in rows:
        offered = (
            {str(job_id)}
            if job_id
            else set(booths[booth_id].job_ids if booth_id in booths else event.featured_job_ids)
        )
        confirmed += bool(offered & by_person.get(seeker_id, set()))
    return confirmed
