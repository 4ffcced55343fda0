"""The county's outlet directory: each outlet's names in both scripts, kind, address, hours,
phone and what it offers. Kept in the outlet register (`Station`), which every station pulls;
published each quarter as a workbook (gig markets and posts; stations)."""

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.county import labels
from kiosk.domain.forms import Checker
from kiosk.i18n import localized
from kiosk.models import BEIJING, Region, Station, StationKind
from kiosk.spreadsheets import add_sheet
from kiosk.statistics.periods import Period

#: A phone as the public dials it: digits, with an area code's hyphen or spaces.
PHONE = re.compile(r"[0-9][0-9 -]{4,18}[0-9]")
DAYS = re.compile(r"[1-7]{1,7}")
#: Services listed per outlet, each at most this long (the wire carries words up to 64).
MAX_SERVICES = 20
MAX_SERVICE = 40
GIG_KINDS = (StationKind.gig_market, StationKind.gig_post)


class DirectoryProblem(enum.StrEnum):
    phone = "phone"
    days = "days"
    hours = "hours"
    too_many_services = "too_many_services"
    service_too_long = "service_too_long"


def is_open(station: Station, now: datetime) -> bool:
    """Open at this moment, by its days and hours in Beijing time."""
    local = now.astimezone(BEIJING)
    if str(local.isoweekday()) not in station.open_days:
        return False
    return station.opens_at <= local.time().replace(tzinfo=None) < station.closes_at


def services_of(station: Station) -> list[str]:
    """What it offers, in the page's language (Chinese where no Mongolian list was given)."""
    from kiosk.i18n import is_mongolian

    if is_mongolian() and station.services_mn:
        return list(station.services_mn)
    return list(station.services_zh)


@dataclass(frozen=True)
class Entry:
    station: Station
    open_now: bool
    banner: str


@dataclass(frozen=True)
class Banner:
    code: str
    name: str
    entries: list[Entry] = field(default_factory=list)


def directory_entries(
    session: Session, now: datetime, *, first_banner: str = "", leave_out: str = ""
) -> list[Banner]:
    """The register by banner (the given banner first, then by code), outlets by name;
    `leave_out` is this box's own station."""
    regions: Mapping[str, Region] = {r.code: r for r in session.scalars(select(Region))}
    stations = session.scalars(select(Station).order_by(Station.region_code, Station.code)).all()
    banners: dict[str, Banner] = {}
    for station in stations:
        if station.code == leave_out:
            continue
        region = regions.get(station.region_code)
        banner = banners.setdefault(
            station.region_code,
            Banner(
                station.region_code, localized(region, "name") if region else station.region_code
            ),
        )
        banner.entries.append(Entry(station, is_open(station, now), banner.name))
    return sorted(banners.values(), key=lambda b: (b.code != first_banner, b.code))


@dataclass(frozen=True)
class DirectoryForm:
    name_zh: str = ""
    name_mn: str = ""
    kind: str = ""
    address_zh: str = ""
    address_mn: str = ""
    phone: str = ""
    open_days: str = ""
    opens_at: str = ""
    closes_at: str = ""
    services_zh: str = ""
    services_mn: str = ""

    @classmethod
    def of(cls, station: Station) -> "DirectoryForm":
        return cls(
            name_zh=station.name_zh, name_mn=station.name_mn, kind=station.kind.value,
            address_zh=station.address_zh, address_mn=station.address_mn, phone=station.phone,
            open_days=station.open_days, opens_at=station.opens_at.strftime("%H:%M"),
            closes_at=station.closes_at.strftime("%H:%M"),
            services_zh="\n".join(station.services_zh), services_mn="\n".join(station.services_mn),
        )  # fmt: skip

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> "DirectoryForm":
        return cls(**{name: form.get(name, "") for name in cls.__dataclass_fields__})


def _service_list(check: Checker, name: str, raw: str) -> list[str]:
    lines = [line.strip() for line in re.split(r"[\n、;；]", raw) if line.strip()]
    items = [check.text(name, line, 200) for line in dict.fromkeys(lines)]
    if len(items) > MAX_SERVICES:
        check.refuse(name, DirectoryProblem.too_many_services, MAX_SERVICES)
    elif any(len(item) > MAX_SERVICE for item in items):
        check.refuse(name, DirectoryProblem.service_too_long, MAX_SERVICE)
    return items


def update_directory_entry(station: Station, form: DirectoryForm) -> None:
    """Check every field, then change the entry (the caller commits); nothing on a refusal."""
    check = Checker()
    name_zh = check.text("name_zh", form.name_zh, 100, required=True)
    name_mn = check.text("name_mn", form.name_mn, 200)
    kind = check.choice("kind", form.kind, StationKind, required=True)
    address_zh = check.text("address_zh", form.address_zh, 200)
    address_mn = check.text("address_mn", form.address_mn, 400)
    phone = check.text("phone", form.phone.replace("－", "-"), 20)
    check.pattern("phone", phone, PHONE, DirectoryProblem.phone)
    days = "".join(sorted(set(check.text("open_days", form.open_days, 7, required=True))))
    check.pattern("open_days", days, DAYS, DirectoryProblem.days)
    opens = check.clock("opens_at", form.opens_at)
    closes = check.clock("closes_at", form.closes_at)
    if opens and closes and opens >= closes:
        check.refuse("closes_at", DirectoryProblem.hours)
    services_zh = _service_list(check, "services_zh", form.services_zh)
    services_mn = _service_list(check, "services_mn", form.services_mn)
    check.raise_if_refused()
    assert kind is not None and isinstance(opens, time) and isinstance(closes, time)
    station.name_zh, station.name_mn, station.kind = name_zh, name_mn, kind
    station.address_zh, station.address_mn, station.phone = address_zh, address_mn, phone
    station.open_days, station.opens_at, station.closes_at = days, opens, closes
    station.services_zh, station.services_mn = services_zh, services_mn


def day_runs(open_days: str) -> list[tuple[int, int]]:
    """ "123457" → [(1, 5), (7, 7)]: the opening days as runs of consecutive weekdays."""
    runs: list[tuple[int, int]] = []
    for day in sorted({int(d) for d in open_days if d in "1234567"}):
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def hours_text(station: Station) -> str:
    """ "周一–周五 08:30–17:30": runs of days named by their first and last."""
    names = labels.weekday_names()
    days = "、".join(
        names[first - 1] if first == last else f"{names[first - 1]}–{names[last - 1]}"
        for first, last in day_runs(station.open_days)
    )
    return f"{days} {station.opens_at:%H:%M}–{station.closes_at:%H:%M}"


def directory_workbook(session: Session, quarter: Period, generated_at: datetime) -> Workbook:
    """The quarterly directory: gig markets and posts on one sheet, stations on another."""
    workbook = Workbook()
    if workbook.active is not None:
        workbook.remove(workbook.active)
    add_sheet(
        workbook, _("Summary"), (_("Item"), _("Value")),
        [(_("Directory of"), labels.period_title(quarter)),
         (_("Generated"), labels.generated(generated_at))],
    )  # fmt: skip
    header = (
        _("Code"), _("Name (Chinese)"), _("Name (Mongolian)"), _("Kind"), _("Banner or county"),
        _("Address (Chinese)"), _("Address (Mongolian)"), _("Phone"), _("Hours"),
        _("Services (Chinese)"), _("Services (Mongolian)"),
    )  # fmt: skip
    banners = directory_entries(session, generated_at)
    for title, wanted in ((_("Gig markets and posts"), True), (_("Stations"), False)):
        rows = [
            (
                e.station.code,
                e.station.name_zh,
                e.station.name_mn,
                str(labels.STATION_KINDS[e.station.kind]),
                banner.name,
                e.station.address_zh,
                e.station.address_mn,
                e.station.phone,
                hours_text(e.station),
                "、".join(e.station.services_zh),
                " / ".join(e.station.services_mn),
            )
            for banner in banners
            for e in banner.entries
            if (e.station.kind in GIG_KINDS) == wanted
        ]
        add_sheet(workbook, title, header, rows)
    return workbook
