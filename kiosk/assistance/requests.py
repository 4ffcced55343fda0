"""Door-to-door and proxy requests (上门服务, 代办): asked for at the kiosk, by phone or by
staff on someone's behalf; assigned to a counselor for a day; answered by a visit recorded
like any other (kiosk/records, with the same follow-ups); listed by village for a caravan."""

import enum
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.domain.forms import Checker, Problem
from kiosk.models import (
    HomeRequest,
    RequestChannel,
    RequestKind,
    RequestStatus,
    Seeker,
    ServiceRecord,
)
from kiosk.personal_data import Vault, has_foreign_digits, mask_mobile, parse_mobile
from kiosk.records.service import Visit, VisitSource, record_visit
from kiosk.registration.service import MOBILE_CONTEXT as SEEKER_MOBILE
from kiosk.registration.service import RegistrationProblem

MAX_WHAT = 200
#: A visit is planned within the coming two months.
PLAN_HORIZON = timedelta(days=62)


class RequestProblem(enum.StrEnum):
    planned_on = "planned_on"  # a day from today to two months ahead
    closed = "closed"  # visited or cancelled already


@dataclass(frozen=True)
class RequestForm:
    kind: str = ""
    channel: str = ""
    what: str = ""
    township: str = ""
    village: str = ""
    suits: str = ""
    asked_by: str = ""


def ask(
    session: Session,
    form: RequestForm,
    *,
    seeker: Seeker | None,
    station_code: str,
    today: date,
) -> HomeRequest:
    check = Checker()
    kind = check.choice("kind", form.kind, RequestKind, required=True)
    channel = check.choice("channel", form.channel, RequestChannel, required=True)
    what = check.text("what", form.what, MAX_WHAT, required=True)
    township = check.text("township", form.township, 60)
    village = check.text("village", form.village, 60, required=True)
    suits = check.text("suits", form.suits, 100)
    asked_by = check.text("asked_by", form.asked_by, 60, required=True)
    check.raise_if_refused()
    session.flush()  # the person's id, when they were registered in this transaction
    request = HomeRequest(
        origin=station_code,
        kind=kind,
        channel=channel,
        seeker_id=seeker.id if seeker else None,
        what=what,
        township=township,
        village=village,
        suits=suits,
        asked_by=asked_by,
        asked_on=today,
        status=RequestStatus.open,
    )
    session.add(request)
    return request


#: How the counselor reaches the person who asked (sealed; the list shows it masked).
CONTACT_CONTEXT = "assistance_request.contact"
MAX_NOTE = 100


class Need(enum.StrEnum):
    """What a person may ask for themselves, by touch (a note says the rest)."""

    unemployment_registration = "unemployment_registration"  # 失业登记
    difficulty_application = "difficulty_application"  # 就业困难人员认定申请
    job_recommendation = "job_recommendation"
    training = "training"
    social_insurance = "social_insurance"  # 社保业务代办
    other = "other"


class Suits(enum.StrEnum):
    weekday_morning = "weekday_morning"
    weekday_afternoon = "weekday_afternoon"
    weekend = "weekend"
    any_time = "any_time"


class Asker(enum.StrEnum):
    myself = "myself"
    relative = "relative"
    village_official = "village_official"  # 嘎查/村干部


@dataclass(frozen=True)
class OwnRequestForm:
    """A request the person makes at the kiosk or on their phone, every answer by touch but
    the village, the note and the mobile (on-screen keys on the kiosk)."""

    kind: str = ""
    needs: Sequence[str] = ()
    note: str = ""
    township: str = ""
    village: str = ""
    suits: Sequence[str] = ()
    asked_by: str = ""
    mobile: str = ""
    consent: str = ""


def ask_in_person(
    session: Session,
    vault: Vault,
    form: OwnRequestForm,
    *,
    words: Mapping[enum.Enum, object],
    channel: RequestChannel,
    station_code: str,
    today: date,
) -> HomeRequest:
    """Check and add a request asked for by the person (the caller commits). `words` gives
    each Need, Suits and Asker in the person's language: the counselor reads what they chose.
    Only the mobile is personal: sealed, kept masked for the list, and matched to a
    registered person by its hash (nothing about them is shown to the one asking)."""
    check = Checker()
    kind = check.choice("kind", form.kind, RequestKind, required=True)
    needs = check.choices("needs", form.needs, set(Need.__members__))
    if check.ok("needs") and not needs:
        check.refuse("needs", Problem.required)
    note = check.text("note", form.note, MAX_NOTE)
    township = check.text("township", form.township, 60)
    village = check.text("village", form.village, 60, required=True)
    suits = check.choices("suits", form.suits, set(Suits.__members__))
    asker = check.choice("asked_by", form.asked_by, Asker, required=True)
    typed = check.text("mobile", form.mobile, 20, required=True)
    mobile = parse_mobile(typed)
    if check.ok("mobile") and mobile is None:
        foreign = has_foreign_digits(typed)
        check.refuse(
            "mobile", RegistrationProblem.digits if foreign else RegistrationProblem.mobile
        )
    if form.consent != "yes":
        check.refuse("consent", RegistrationProblem.consent)
    check.raise_if_refused()
    assert kind is not None and asker is not None and mobile is not None
    what = "、".join(str(words[Need(n)]) for n in needs)
    if note:
        what = f"{what}：{note}"
    seeker = session.scalars(
        select(Seeker).where(Seeker.mobile_hash == vault.lookup_hash(mobile, context=SEEKER_MOBILE))
    ).first()
    request = HomeRequest(
        origin=station_code,
        kind=kind,
        channel=channel,
        seeker_id=seeker.id if seeker else None,
        what=what[:MAX_WHAT],
        township=township,
        village=village,
        suits="、".join(str(words[Suits(n)]) for n in suits)[:100],
        asked_by=str(words[asker])[:60],
        asked_on=today,
        status=RequestStatus.open,
        contact_sealed=vault.seal(mobile, context=CONTACT_CONTEXT),
        contact_masked=mask_mobile(mobile),
    )
    session.add(request)
    return request


def contact_of(vault: Vault, request: HomeRequest) -> str | None:
    """The mobile of the person who asked, for the counselor who visits (never on a list)."""
    if request.contact_sealed is None:
        return None
    return vault.open(request.contact_sealed, context=CONTACT_CONTEXT)


def assign(
    session: Session, request: HomeRequest, counselor: str, planned_on: str, today: date
) -> None:
    check = Checker()
    if request.status not in (RequestStatus.open, RequestStatus.assigned):
        check.refuse("planned_on", RequestProblem.closed)
    day = check.date("planned_on", planned_on)
    if day is not None and not today <= day <= today + PLAN_HORIZON:
        check.refuse("planned_on", RequestProblem.planned_on)
    check.raise_if_refused()
    request.assigned_to, request.planned_on = counselor, day
    request.status = RequestStatus.assigned


def record_home_visit(
    session: Session,
    vault: Vault,
    request: HomeRequest,
    visit: Visit,
    *,
    station_code: str,
    served_by: str,
    today: date,
) -> ServiceRecord:
    """The visit that answers a request, recorded as any visit is (the caller commits)."""
    if request.status in (RequestStatus.visited, RequestStatus.cancelled):
        check = Checker()
        check.refuse("services", RequestProblem.closed)
        check.raise_if_refused()
    record = record_visit(
        session, vault, visit, VisitSource(seeker=request.seeker),
        station_code=station_code, served_by=served_by, today=today,
    )  # fmt: skip
    session.flush()
    request.service_record_id, request.status = record.id, RequestStatus.visited
    request.assigned_to = request.assigned_to or served_by
    return record


def requests_by_village(session: Session, day: date) -> dict[str, list[HomeRequest]]:
    """Requests still to visit that a caravan could answer on `day`: planned for it, or not
    planned yet; by village (township first), the longest waiting first."""
    found = session.scalars(
        select(HomeRequest)
        .where(HomeRequest.status.in_((RequestStatus.open, RequestStatus.assigned)))
        .where(or_(HomeRequest.planned_on.is_(None), HomeRequest.planned_on == day))
        .order_by(HomeRequest.township, HomeRequest.village, HomeRequest.asked_on)
    )
    villages: dict[str, list[HomeRequest]] = defaultdict(list)
    for request in found:
        place = f"{request.township} {request.village}".strip()
        villages[place].append(request)
    return dict(villages)
