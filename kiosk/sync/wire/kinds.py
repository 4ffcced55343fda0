"""Which records travel, in which direction, and how a row is written on the wire.

A record travels as a flat JSON object of its columns: ids, dates and times as ISO text,
sealed bytes as base64, enums as their value. Decoding checks every field against its column
(type, length, required, the text rule of kiosk/domain/text.py), so a malformed record is
refused with a reason before it reaches the database.
"""

import base64
import binascii
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property, partial
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Enum,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Time,
    select,
)
from sqlalchemy import Uuid as UuidType
from sqlalchemy.orm import Session

from kiosk.domain.text import TextFault
from kiosk.domain.text import fault as text_fault
from kiosk.models import (
    Appointment,
    AssistanceProfile,
    AssistanceTask,
    Booth,
    Determination,
    DeterminationStep,
    Employer,
    Event,
    EventScan,
    EventSignup,
    GigPost,
    GigReferral,
    GigTake,
    HiringIntention,
    HomeRequest,
    Job,
    Policy,
    Seeker,
    ServiceItem,
    ServicePlan,
    ServiceRecord,
    Slot,
    Station,
    StationFigure,
    Ticket,
)
from kiosk.models.base import UTCDateTime, table_of


class RecordProblem(ValueError):
    """Why a record on the wire cannot be taken (said plainly: a person reads it)."""


@dataclass(frozen=True)
class Kind:
    name: str
    model: type
    #: Columns that belong to this box alone and never travel.
    local_columns: frozenset[str] = frozenset()

    @property
    def table(self) -> Table:
        return table_of(self.model)

    def columns(self) -> list[Column]:
        return self._columns

    @cached_property
    def _columns(self) -> list[Column]:
        return [c for c in self.table.columns if c.name not in self.local_columns]

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(c.name for c in self._columns)

    @cached_property
    def writers(self) -> list[tuple[str, Callable[[Any], Any]]]:
        """Each column's name with the function that writes its value for the wire."""
        return [(c.name, _writer_for(c.type)) for c in self._columns]

    @cached_property
    def readers(self) -> list[tuple[str, str, bool, Callable[[Any], Any]]]:
        """Each column's name, key and whether it may be empty, with the function that reads
        its wire value: chosen once (a new station reads millions)."""
        return [(c.name, c.key, bool(c.nullable), _reader_for(c.type)) for c in self._columns]


#: A job's moderation belongs to the hub: it travels down with the job, never up.
MODERATION_COLUMNS = frozenset(
    {"moderation", "moderation_reason", "moderation_version", "moderated_at"}
)
#: Records a station collects and pushes, parents before the records that refer to them.
PUSHED = (
    Kind("service_item", ServiceItem),
    Kind("seeker", Seeker),
    Kind("slot", Slot, frozenset({"booked"})),  # an appointment's time, not its seat count
    Kind("appointment", Appointment),
    Kind("ticket", Ticket),
    Kind("service_record", ServiceRecord),
    Kind("assistance_profile", AssistanceProfile),
    Kind("assistance_determination", Determination),
    Kind("assistance_determination_step", DeterminationStep),
    Kind("assistance_plan", ServicePlan),
    Kind("assistance_task", AssistanceTask),
    Kind("assistance_request", HomeRequest),
    Kind("employer", Employer),
    Kind("job", Job, frozenset({"search_key"}) | MODERATION_COLUMNS),
    # A gig post and the places taken in it (kiosk/gigs/): the licence photo is a table of
    # its own (GigLicence), not a kind, so it never leaves the station that reviews the post.
    Kind("gig_post", GigPost, MODERATION_COLUMNS),
    Kind("gig_take", GigTake),
    # A worker's "not paid" (kiosk/gigs/outcomes.py): the county's labour inspection acts on it.
    Kind("gig_referral", GigReferral),
    # What a fair or a live stream collects (kiosk/events/): each on the id it was born with.
    Kind("event_signup", EventSignup),
    Kind("event_scan", EventScan),
    Kind("hiring_intention", HiringIntention),
)
#: What a station publishes for the county: pushed up, then published by the hub to every
#: station (the owner station's fields; the hub's moderation beside them).
SHARED = frozenset({"employer", "job", "gig_post"})
#: Shared kinds the hub publishes only once their station approved them (kiosk/sync/hub/
#: changes.py): until then, and after they are withdrawn, other stations hear only a tombstone.
APPROVED_ONLY = frozenset({"gig_post"})
#: Records the hub publishes and stations pull, parents first.
PULLED = (
    Kind("station", Station),
    Kind("employer", Employer),
    Kind("job", Job, frozenset({"search_key"})),
    # Another station's approved gig posts, for the board (taken only at the owner station).
    Kind("gig_post", GigPost),
    Kind("service_item", ServiceItem),
    # The county's figures for one station, beside the county's (kiosk/county/feedback.py).
    Kind("station_figure", StationFigure),
    # The county's fairs, caravan days and live streams, and the booths booked at its fairs.
    Kind("event", Event),
    Kind("booth", Booth),
    # The county's policy library, the same for every station (kiosk/policies).
    Kind("policy", Policy),
)
PUSHED_BY_NAME = {kind.name: kind for kind in PUSHED}
PULLED_BY_NAME = {kind.name: kind for kind in PULLED}
PUSHED_BY_MODEL = {kind.model: kind for kind in PUSHED}
PULLED_BY_MODEL = {kind.model: kind for kind in PULLED}


def push_rank(kind: str) -> int:
    return list(PUSHED_BY_NAME).index(kind)


def pull_rank(kind: str) -> int:
    return list(PULLED_BY_NAME).index(kind)


def load_encoded(
    session: Session, kinds: Mapping[str, Kind], ids_by_kind: Mapping[str, list[uuid.UUID]]
) -> dict[tuple[str, uuid.UUID], dict[str, Any]]:
    """The current rows of these records, encoded for the wire, by (kind, id); a record
    that is gone has no entry."""
    found = {}
    for name, ids in ids_by_kind.items():
        kind = kinds[name]
        rows = session.execute(select(kind.table).where(kind.table.c.id.in_(ids))).mappings()
        for row in rows:
            found[(name, row["id"])] = {key: write(row[key]) for key, write in kind.writers}
    return found


def _writer_for(type_: Any) -> Callable[[Any], Any]:
    if isinstance(type_, UuidType):
        return _or_none(str)
    if isinstance(type_, UTCDateTime | Date | Time):
        return _or_none(lambda value: value.isoformat())
    if isinstance(type_, LargeBinary):
        return _or_none(lambda value: base64.b64encode(value).decode())
    return lambda value: value  # text, numbers, lists and enum values are JSON already


def _or_none(write: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else write(value)


def decode(kind: Kind, data: Any) -> dict[str, Any]:
    """The row's values, checked against the table, or RecordProblem."""
    if not isinstance(data, dict):
        raise RecordProblem("not a record")
    if not data.keys() <= kind.names:
        unknown = data.keys() - kind.names
        raise RecordProblem(f"unknown fields: {', '.join(sorted(unknown))[:100]}")
    values: dict[str, Any] = {}
    for name, key, nullable, read in kind.readers:
        raw = data.get(name)
        if raw is None:
            if not nullable:
                raise RecordProblem(f"{name} is missing")
            values[key] = None
            continue
        try:
            values[key] = read(raw)
        except (ValueError, TypeError, binascii.Error) as error:
            raise RecordProblem(f"{name}: {error}"[:200]) from None
    return values


def _reader_for(type_: Any) -> Callable[[Any], Any]:
    if isinstance(type_, UuidType):
        return lambda raw: uuid.UUID(_text(raw))
    if isinstance(type_, UTCDateTime):
        return _aware_datetime
    if isinstance(type_, Date):
        return lambda raw: date.fromisoformat(_text(raw))
    if isinstance(type_, Time):
        return lambda raw: time.fromisoformat(_text(raw))
    if isinstance(type_, LargeBinary):
        return lambda raw: base64.b64decode(_text(raw), validate=True)
    if isinstance(type_, Boolean):
        return _boolean
    if isinstance(type_, Integer):
        return _whole_number
    if isinstance(type_, JSON):
        return _list_of_words
    if isinstance(type_, Enum):
        return partial(_choice, type_)
    if isinstance(type_, String | Text):
        length = type_.length
        return lambda raw: _check_text(_text(raw), length)
    raise TypeError(f"sync cannot carry a {type_!r} column")


def _aware_datetime(raw: Any) -> datetime:
    value = datetime.fromisoformat(_text(raw))
    if value.tzinfo is None:
        raise ValueError("a time without its zone")
    return value


def _boolean(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise ValueError("not true or false")
    return raw


def _whole_number(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or abs(raw) >= 2**63:
        raise ValueError("not a whole number")
    return raw


def _list_of_words(raw: Any) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ValueError("not a list of words")
    for value in raw:
        _check_text(value, 64)
    return raw


def _choice(type_: Enum, raw: Any) -> Any:
    if raw not in type_.enums:
        raise ValueError("not one of the allowed values")
    return type_.enum_class(raw) if type_.enum_class else raw


def _text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise ValueError("not text")
    return raw


_FAULTS = {
    TextFault.control_characters: "control characters",
    TextFault.bidi_controls: "characters that turn the writing direction",
    TextFault.private_use: "private-use characters (an old Mongolian encoding?)",
}


def _check_text(value: str, length: int | None) -> str:
    if length is not None and len(value) > length:
        raise ValueError(f"longer than {length} characters")
    # The forms' text rule: what a station's forms accept, the hub accepts. Line breaks
    # and tabs pass here, where the wire does not know which fields are multi-line.
    if (fault := text_fault(value, multiline=True)) is not None:
        raise ValueError(_FAULTS[fault])
    return value
