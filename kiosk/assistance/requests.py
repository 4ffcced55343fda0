"""Door-to-door and proxy requests (上门服务, 代办): asked for at the kiosk, by phone or by
staff on someone's behalf; assigned to a counselor for a day; answered by a visit recorded
like any other (kiosk/records, with the same follow-ups); listed by village for a caravan."""

import enum
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.domain.forms import Checker
from kiosk.models import (
    HomeRequest,
    RequestChannel,
    RequestKind,
    RequestStatus,
    Seeker,
    ServiceRecord,
)
from kiosk.personal_data import Vault
from kiosk.records.service import Visit, VisitSource, record_visit

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
