"""This station's service list as its manager edits it: names, letters, order, seats per slot."""

import enum
import re
from dataclasses import dataclass
from datetime import datetime

from pypinyin import lazy_pinyin
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kiosk.domain.forms import Checker, Problem
from kiosk.domain.rows import rows_changed
from kiosk.domain.text import has_mongolian_letters
from kiosk.models import ServiceItem, Slot

#: Letters a queue number may start with: I and O read as 1 and 0 on a ticket.
QUEUE_LETTERS = tuple(letter for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if letter not in "IO")
MIN_CAPACITY, MAX_CAPACITY = 1, 20
MAX_SORT = 9999
#: Column lengths of ServiceItem.
NAME_ZH_LENGTH, NAME_MN_LENGTH, CODE_LENGTH = 40, 120, 32

_MONGOLIAN_NAME = re.compile(r"[\u1800-\u18af\u202f\u200c\u200d 0-9()·,.-]+")
_CODE = re.compile(r"[a-z][a-z0-9_]*")


class ServiceProblem(enum.StrEnum):
    """A service's own problems beside the shared ones (kiosk/domain/forms.py)."""

    mongolian_script = "mongolian_script"
    letter = "letter"
    #: The detail is the service that already has the letter, to name it in the message.
    letter_taken = "letter_taken"
    number = "number"
    capacity = "capacity"
    code = "code"
    code_taken = "code_taken"
    stale = "stale"


@dataclass
class ServiceForm:
    """What the manager entered, as text from the form."""

    name_zh: str = ""
    name_mn: str = ""
    queue_letter: str = ""
    sort: str = ""
    slot_capacity: str = ""
    active: bool = True
    #: Only when adding: empty means "make one from the Chinese name".
    code: str = ""
    #: Only when editing: the version the form was filled from.
    version: str = ""

    @classmethod
    def of(cls, service: ServiceItem) -> "ServiceForm":
        return cls(
            name_zh=service.name_zh,
            name_mn=service.name_mn,
            queue_letter=service.queue_letter,
            sort=str(service.sort),
            slot_capacity=str(service.slot_capacity),
            active=service.active,
            code=service.code,
            version=str(service.version),
        )


@dataclass(frozen=True)
class CapacityChange:
    """What a new number of seats did to the future slots already made."""

    changed: int
    #: Future slots that keep their old capacity: more seats are booked than the new one.
    kept: int


def all_services(session: Session, station_code: str) -> list[ServiceItem]:
    """Every service of the station, inactive ones too (the kiosk shows only active ones)."""
    return list(
        session.scalars(
            select(ServiceItem)
            .where(ServiceItem.station_code == station_code)
            .order_by(ServiceItem.sort, ServiceItem.code)
        )
    )


def check_service(
    session: Session, station_code: str, form: ServiceForm, editing: ServiceItem | None
) -> dict:
    """The columns to write, or Refused with every field's problem at once."""
    check = Checker()
    name_zh = check.text("name_zh", form.name_zh, NAME_ZH_LENGTH, required=True)
    name_mn = check.text("name_mn", form.name_mn, NAME_MN_LENGTH, required=True)
    if check.ok("name_mn") and not (
        _MONGOLIAN_NAME.fullmatch(name_mn) and has_mongolian_letters(name_mn)
    ):
        check.refuse("name_mn", ServiceProblem.mongolian_script)

    letter = check.clean("queue_letter", form.queue_letter).upper()
    owner = None
    if not letter:
        check.refuse("queue_letter", Problem.required)
    elif letter not in QUEUE_LETTERS:
        check.refuse("queue_letter", ServiceProblem.letter)
    else:
        owner = session.scalars(
            select(ServiceItem).where(
                ServiceItem.station_code == station_code,
                ServiceItem.queue_letter == letter,
                ServiceItem.id != (editing.id if editing else None),
            )
        ).first()
        if owner is not None:
            check.refuse("queue_letter", ServiceProblem.letter_taken, owner)

    capacity = check.number(
        "slot_capacity",
        form.slot_capacity,
        MIN_CAPACITY,
        MAX_CAPACITY,
        out_of_range=ServiceProblem.capacity,
        not_a_number=ServiceProblem.capacity,
    )
    sort: int | None
    if editing is None and not form.sort.strip():
        sort = _next_sort(session, station_code)  # a new service goes to the end of the list
    else:
        sort = check.number(
            "sort",
            form.sort,
            0,
            MAX_SORT,
            out_of_range=ServiceProblem.number,
            not_a_number=ServiceProblem.number,
        )

    values = {
        "name_zh": name_zh,
        "name_mn": name_mn,
        "queue_letter": letter,
        "sort": sort,
        "slot_capacity": capacity,
        "active": form.active,
    }
    if editing is None:
        values["code"] = _code(session, station_code, form, check)
    elif form.version != str(editing.version):
        # Someone saved this service since the form was shown.
        check.refuse("form", ServiceProblem.stale)
    check.raise_if_refused()
    return values


def _next_sort(session: Session, station_code: str) -> int:
    last = session.scalar(
        select(func.max(ServiceItem.sort)).where(ServiceItem.station_code == station_code)
    )
    return min((last or 0) + 10, MAX_SORT)


def _code_taken(session: Session, station_code: str, code: str) -> bool:
    return bool(
        session.scalar(
            select(ServiceItem.id).where(
                ServiceItem.station_code == station_code, ServiceItem.code == code
            )
        )
    )


def code_from_name(name_zh: str) -> str:
    """A code from the Chinese name's pinyin: 法律援助 → falvyuanzhu."""
    spelled = "".join(lazy_pinyin(name_zh, v_to_u=False)).lower()
    code = re.sub(r"[^a-z0-9]+", "_", spelled).strip("_")
    if not code or not code[0].isalpha():
        code = f"service_{code}".rstrip("_")
    return code[: CODE_LENGTH - 3]


def _code(session: Session, station_code: str, form: ServiceForm, check: Checker) -> str:
    chosen = form.code.strip().lower()
    if chosen:
        if len(chosen) > CODE_LENGTH or not _CODE.fullmatch(chosen):
            check.refuse("code", ServiceProblem.code)
        elif _code_taken(session, station_code, chosen):
            check.refuse("code", ServiceProblem.code_taken)
        return chosen
    base = code_from_name(form.name_zh.strip())
    code, number = base, 1
    while _code_taken(session, station_code, code):
        number += 1
        code = f"{base}_{number}"
    return code


def apply_capacity(
    session: Session, service: ServiceItem, capacity: int, now: datetime
) -> CapacityChange:
    """Future slots already made take the new number of seats where their bookings fit.

    One UPDATE: a slot booked beyond the new number keeps its own (nobody loses a booking),
    and slots that have begun stay as they were.
    """
    future = (Slot.service_id == service.id, Slot.starts_at > now)
    changed = rows_changed(
        session,
        update(Slot)
        .where(*future, Slot.capacity != capacity, Slot.booked <= capacity)
        .values(capacity=capacity),
    )
    kept = session.scalar(
        select(func.count()).select_from(Slot).where(*future, Slot.booked > capacity)
    )
    return CapacityChange(changed=changed, kept=kept or 0)


def update_service(
    session: Session, service: ServiceItem, form: ServiceForm, now: datetime
) -> CapacityChange | None:
    """Write the manager's changes (the caller commits); the capacity change if there was one."""
    values = check_service(session, service.station_code, form, service)
    capacity_changed = values["slot_capacity"] != service.slot_capacity
    for name, value in values.items():
        setattr(service, name, value)
    if not capacity_changed:
        return None
    return apply_capacity(session, service, values["slot_capacity"], now)


def add_service(session: Session, station_code: str, form: ServiceForm, origin: str) -> ServiceItem:
    values = check_service(session, station_code, form, None)
    service = ServiceItem(origin=origin, station_code=station_code, **values)
    session.add(service)
    return service


def changed_fields(before: ServiceForm, after: ServiceItem) -> list[str]:
    """Names of the columns an edit changed, for the audit entry (no values: just what)."""
    now = ServiceForm.of(after)
    fields = ("name_zh", "name_mn", "queue_letter", "sort", "slot_capacity", "active")
    return [name for name in fields if getattr(before, name) != getattr(now, name)]
