"""One person across a county's outlets, as the hub sees them.

**The merge rule.** Each outlet's registration of a person stays that outlet's record (the
station that took it owns its fields, as for every record a station sends). The *person* is
every registration in the county under the same keyed hash of the ID number — the county's
lookup key makes that hash the same at every outlet. Nothing is copied or overwritten: the
newest registration comes first (its facts are the person's latest), the older ones follow
with where and when they were taken, and the visits and follow-ups of all of them are one
list, newest first. A mobile number finds every person registered with it (a family may
share one), each gathered by their ID's hash.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.models import PersonLookup, Seeker, ServiceRecord, Station
from kiosk.personal_data import mask_name
from kiosk.sync.hub.county_keys import stations_of

#: More than this many people under one mobile number are not listed (a shop's number).
MAX_PEOPLE = 10


def person_across_outlets(session: Session, county: str, by: str, key: str) -> list[dict[str, Any]]:
    """Everyone the keyed hash finds among the county's outlets, each with every outlet's
    registration of them, their visits and follow-ups; masked as at the desk."""
    outlets = stations_of(session, county)
    if by == "id":
        person_keys = [key]
    else:
        person_keys = list(
            session.scalars(
                select(Seeker.id_number_hash)
                .where(Seeker.mobile_hash == key, Seeker.origin.in_(outlets))
                .distinct()
                .limit(MAX_PEOPLE)
            )
        )
    registrations = session.scalars(
        select(Seeker)
        .where(Seeker.id_number_hash.in_(person_keys), Seeker.origin.in_(outlets))
        .order_by(Seeker.updated_at.desc())
    ).all()
    names = {
        station.code: {"zh": station.name_zh, "mn": station.name_mn}
        for station in session.scalars(select(Station).where(Station.code.in_(outlets)))
    }
    visits_by_seeker: dict[Any, list[ServiceRecord]] = {}
    for record in session.scalars(
        select(ServiceRecord)
        .where(ServiceRecord.seeker_id.in_([seeker.id for seeker in registrations]))
        .order_by(ServiceRecord.visited_on.desc(), ServiceRecord.created_at.desc())
    ):
        visits_by_seeker.setdefault(record.seeker_id, []).append(record)
    people: dict[str, dict[str, Any]] = {}
    for seeker in registrations:
        person = people.setdefault(
            seeker.id_number_hash, {"person_key": seeker.id_number_hash, "registrations": [],
                                    "visits": []},
        )  # fmt: skip
        person["registrations"].append(_registration(seeker, names))
        person["visits"].extend(_visit(r, names) for r in visits_by_seeker.get(seeker.id, []))
    for person in people.values():
        person["visits"].sort(key=lambda visit: visit["visited_on"], reverse=True)
    return list(people.values())


def _outlet(code: str, names: dict[str, dict[str, str]]) -> dict[str, str]:
    name = names.get(code, {})
    return {"code": code, "name_zh": name.get("zh", ""), "name_mn": name.get("mn", "")}


def _registration(seeker: Seeker, names: dict[str, dict[str, str]]) -> dict[str, Any]:
    return {
        "outlet": _outlet(seeker.origin, names),
        "registration_no": seeker.registration_no,
        "name": mask_name(seeker.name_zh),
        "id_number": seeker.id_number_masked,
        "mobile": seeker.mobile_masked,
        "registered_at": seeker.created_at.isoformat(),
        "updated_at": seeker.updated_at.isoformat(),
        "employment_status": str(seeker.employment_status),
        "education": str(seeker.education),
        "residence_region_code": seeker.residence_region_code,
    }


def _visit(record: ServiceRecord, names: dict[str, dict[str, str]]) -> dict[str, Any]:
    return {
        "outlet": _outlet(record.origin, names),
        "visited_on": record.visited_on.isoformat(),
        "services": list(record.services),
        "outcomes": list(record.outcomes),
        "follow_up_on": record.follow_up_on.isoformat() if record.follow_up_on else None,
        "follow_up_done": record.follow_up_done_at is not None,
    }


def audit_lookup(
    session: Session, station_code: str, staff: str, by: str, key: str, people: list[dict],
    *, refused: bool = False,
) -> None:  # fmt: skip
    """One audit row per person found (their person key), or one for the key looked for
    (also when the look-up was refused for the station's rate)."""
    found = [(person["person_key"], len(person["registrations"])) for person in people]
    for person_key, count in found or [(key, 0)]:
        session.add(
            PersonLookup(
                station_code=station_code, staff_username=staff, by=by,
                person_key=person_key, found=count, refused=refused,
            )
        )  # fmt: skip


def lookups_within(session: Session, station_code: str, since: datetime) -> int:
    """The station's audited look-ups since then (a person found is one; refused ones count
    too, so a station that keeps asking stays refused until it slows down)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(PersonLookup)
            .where(PersonLookup.station_code == station_code, PersonLookup.at >= since)
        )
        or 0
    )
