"""Asking the hub about a person at the county's outlets, and reading its answer.

The station hashes the number with the county's lookup key (kiosk/personal_data.py) and
sends only that hash: the number itself never leaves the desk, and the hub, which keeps an
audit of every look-up, never sees it either.
"""

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import Flask

from kiosk.domain.forms import Refused
from kiosk.personal_data import vault_for
from kiosk.registration.service import ID_CONTEXT, MOBILE_CONTEXT
from kiosk.seekers.find import LookupProblem, NumberKind, read_number
from kiosk.sync.station.fleet import ask_hub_about, keys_version
from kiosk.sync.station.rounds import HubClient, SyncFailed, SyncProblem

#: An interactive look-up waits this long for the hub, once (a worker's timeout is 30 s).
TIMEOUT = 8


class NoLink(enum.StrEnum):
    """Why the hub was not asked or did not answer (each has its own words)."""

    no_hub = "no_hub"  # no hub set for this station
    no_keys = "no_keys"  # the county's keys have not come yet
    unreachable = "unreachable"
    too_many = "too_many"  # the station's look-ups this hour are at the county's limit
    refused = "refused"


@dataclass(frozen=True)
class Outlet:
    code: str
    name_zh: str
    name_mn: str


@dataclass(frozen=True)
class Registration:
    outlet: Outlet
    registration_no: str
    name: str  # masked by the hub, as at the desk
    id_number: str
    mobile: str
    registered_at: datetime
    updated_at: datetime
    employment_status: str
    education: str
    residence_region_code: str


@dataclass(frozen=True)
class Visit:
    outlet: Outlet
    visited_on: date
    services: list[str]
    outcomes: list[str]
    follow_up_on: date | None
    follow_up_done: bool


@dataclass(frozen=True)
class Person:
    registrations: list[Registration]
    visits: list[Visit]

    @property
    def follow_ups(self) -> list[Visit]:
        return [visit for visit in self.visits if visit.follow_up_on]


class LookupFailed(Exception):
    def __init__(self, reason: NoLink, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason.value)
        self.reason = reason


def link_problem(app: Flask) -> NoLink | None:
    """Why this station cannot ask its hub now, before anything is typed."""
    if not app.config["HUB_URL"] or not app.config["HUB_SECRET"]:
        return NoLink.no_hub
    if not keys_version(app):
        return NoLink.no_keys
    return None


def look_up(app: Flask, typed: str, staff: str) -> list[Person]:
    """Everyone the hub knows under this ID or mobile number at the county's outlets."""
    kind, number = read_number(typed)
    if kind is NumberKind.registration:  # a receipt's number belongs to one outlet
        raise Refused.one("q", LookupProblem.not_a_number)
    problem = link_problem(app)
    if problem is not None:
        raise LookupFailed(problem)
    vault = vault_for(app)
    context = ID_CONTEXT if kind is NumberKind.id else MOBILE_CONTEXT
    key = vault.lookup_hash(number, context=context)
    config = app.config
    client = HubClient(
        config["HUB_URL"], config["STATION_CODE"], config["HUB_SECRET"], timeout=TIMEOUT, tries=1
    )
    try:
        answer = ask_hub_about(app, client, str(kind), key, staff)
    except SyncFailed as failure:
        reason = NoLink.refused
        if failure.problem is SyncProblem.unreachable:
            reason = NoLink.unreachable
        elif str(failure) == f"{SyncProblem.refused_request}: 429":
            reason = NoLink.too_many
        raise LookupFailed(reason, str(failure)) from None
    finally:
        client.http.close()
    try:
        return [_person(person) for person in answer["people"]]
    except (KeyError, TypeError, ValueError) as problem:
        raise LookupFailed(NoLink.refused, f"bad answer: {problem}"[:100]) from None


def _outlet(data: dict[str, Any]) -> Outlet:
    return Outlet(str(data["code"]), str(data["name_zh"]), str(data["name_mn"]))


def _person(data: dict[str, Any]) -> Person:
    registrations = [
        Registration(
            outlet=_outlet(r["outlet"]),
            registration_no=str(r["registration_no"]),
            name=str(r["name"]),
            id_number=str(r["id_number"]),
            mobile=str(r["mobile"]),
            registered_at=datetime.fromisoformat(r["registered_at"]),
            updated_at=datetime.fromisoformat(r["updated_at"]),
            employment_status=str(r["employment_status"]),
            education=str(r["education"]),
            residence_region_code=str(r["residence_region_code"]),
        )
        for r in data["registrations"]
    ]
    visits = [
        Visit(
            outlet=_outlet(v["outlet"]),
            visited_on=date.fromisoformat(v["visited_on"]),
            services=[str(s) for s in v["services"]],
            outcomes=[str(o) for o in v["outcomes"]],
            follow_up_on=date.fromisoformat(v["follow_up_on"]) if v["follow_up_on"] else None,
            follow_up_done=bool(v["follow_up_done"]),
        )
        for v in data["visits"]
    ]
    return Person(registrations, visits)
