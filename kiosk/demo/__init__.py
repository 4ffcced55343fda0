"""`kiosk seed-demo`: a realistic, deterministic bilingual data set for trying the product."""

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from stdnum.cn import uscc

from kiosk.domain.reference import (
    forget_reference_data,
    load_reference_data,
    load_service_list,
    read_csv,
)
from kiosk.extensions import db
from kiosk.i18n.mongolian import NNBSP
from kiosk.models import (
    BEIJING,
    Employer,
    EmploymentType,
    Job,
    JobStatus,
    PayUnit,
    Region,
    RegionLevel,
    Station,
    StationKind,
    local_today,
)

ORIGIN = "HUB"  # demo jobs, employers and stations are what a hub would publish
#: Station names are the county's name and the kind of outlet, in both languages.
_SERVICE_STATION = f"ᠠᠵᠢᠯ ᠡᠷᠬᠢᠯᠡᠯᠲᠡ{NNBSP}ᠶᠢᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡᠨ{NNBSP}ᠦ ᠪᠠᠶᠢᠷ"
STATION_KIND_NAMES = {
    StationKind.doorstep: ("家门口就业服务站", f"ᠡᠭᠦᠳᠡᠨ{NNBSP}ᠦ ᠡᠮᠦᠨᠡᠬᠢ {_SERVICE_STATION}"),
    StationKind.gig_post: ("零工驿站", f"ᠲᠦᠷ ᠠᠵᠢᠯ{NNBSP}ᠤᠨ ᠥᠷᠲᠡᠭᠡ"),
    StationKind.gig_market: ("零工市场", f"ᠲᠦᠷ ᠠᠵᠢᠯ{NNBSP}ᠤᠨ ᠵᠠᠬᠠ"),
    StationKind.caravan: ("就业服务大篷车", f"ᠠᠵᠢᠯ ᠡᠷᠬᠢᠯᠡᠯᠲᠡ{NNBSP}ᠶᠢᠨ ᠶᠠᠪᠤᠳᠠᠯ{NNBSP}ᠤᠨ ᠲᠡᠷᠭᠡ"),
    StationKind.online: ("网上就业服务站", f"ᠰᠦᠯᠵᠢᠶᠡᠨ{NNBSP}ᠦ {_SERVICE_STATION}"),
}
#: Demo jobs were posted over this many days before now.
DEMO_DAYS = 60
#: Street names in both scripts (Mongolian as on bilingual street signs; see glossary-mn.csv).
STREETS = (
    ("新华街", "ᠰᠢᠨ ᠬᠤᠸᠠ ᠭᠤᠳᠮᠵᠢ"),
    ("团结路", "ᠡᠪ ᠨᠡᠶᠢᠲᠡ ᠵᠠᠮ"),
    ("民族街", f"ᠦᠨᠳᠦᠰᠦᠲᠡᠨ{NNBSP}ᠦ ᠭᠤᠳᠮᠵᠢ"),
    ("建设路", "ᠪᠠᠶᠢᠭᠤᠯᠤᠯᠲᠠ ᠵᠠᠮ"),
    ("草原路", f"ᠲᠠᠯ᠎ᠠ{NNBSP}ᠶᠢᠨ ᠵᠠᠮ"),
    ("振兴路", "ᠰᠡᠷᠭᠦᠭᠡᠯᠲᠡ ᠵᠠᠮ"),
    ("光明街", "ᠭᠡᠷᠡᠯᠲᠡ ᠭᠤᠳᠮᠵᠢ"),
    ("胜利路", "ᠢᠯᠠᠯᠲᠠ ᠵᠠᠮ"),
)
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def seeded_id(rng: random.Random, at: datetime) -> uuid.UUID:
    """A UUIDv7 for `at` whose random part comes from the seeded generator."""
    value = (int(at.timestamp() * 1000) << 80) | rng.getrandbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return uuid.UUID(int=value)


def credit_code(rng: random.Random, county: str) -> str:
    body = "91" + county + "".join(rng.choice(_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body + "0")


def mn_join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def street_address(county: "Region | Ref", street: tuple[str, str], number: int) -> dict[str, str]:
    """A street address in both scripts: "…新华街12号" and "… ᠰᠢᠨ ᠬᠤᠸᠠ ᠭᠤᠳᠮᠵᠢ 12 ᠳ᠋ᠤᠭᠠᠷ"."""
    street_zh, street_mn = street
    return {
        "address_zh": f"{county.name_zh}{street_zh}{number}号",
        "address_mn": mn_join(county.name_mn, street_mn, f"{number} ᠳ᠋ᠤᠭᠠᠷ"),
    }


#: The county of the demo's own station (the box the demo runs on): Saihan district, Hohhot.
HOME_COUNTY = "150105"


def make_stations(
    rng: random.Random, counties: list[Region], now: datetime, home_code: str
) -> list[Station]:
    """Stations across the region; the doorstep station of HOME_COUNTY is this box's own."""
    stations = []
    for index, county in enumerate(counties):
        kinds = [StationKind.doorstep]
        if index % 2 == 0:
            kinds.append(StationKind.gig_post)
        if index % 5 == 0:
            kinds.append(StationKind.caravan)
        if index % 9 == 0:
            kinds.append(StationKind.gig_market)
        for kind in kinds:
            name_zh, name_mn = STATION_KIND_NAMES[kind]
            # Drawn in the order the demo always drew them: the same seed, the same data.
            street = rng.choice(STREETS)
            station_id = seeded_id(rng, now)
            stations.append(
                Station(
                    id=station_id,
                    origin=ORIGIN,
                    code=home_code
                    if (county.code, kind) == (HOME_COUNTY, StationKind.doorstep)
                    else f"{county.code}-{kind.value}",
                    kind=kind,
                    name_zh=county.name_zh + name_zh,
                    name_mn=mn_join(county.name_mn, name_mn),
                    region_code=county.code,
                    **street_address(county, street, rng.randint(1, 200)),
                    phone=f"0471-{rng.randint(1000000, 9999999)}",
                    open_days="1234567" if kind == StationKind.caravan else "12345",
                    opens_at=time(8, 30),
                    closes_at=time(17, 30),
                )
            )
    online_zh, online_mn = STATION_KIND_NAMES[StationKind.online]
    stations.append(
        Station(
            id=seeded_id(rng, now),
            origin=ORIGIN,
            code="150000-online",
            kind=StationKind.online,
            name_zh="内蒙古" + online_zh,
            name_mn=mn_join("ᠥᠪᠥᠷ ᠮᠣᠩᠭᠣᠯ", online_mn),
            region_code=counties[0].code,
            open_days="1234567",
            opens_at=time(0, 0),
            closes_at=time(23, 59),
        )
    )
    return stations


def make_employers(
    rng: random.Random, counties: list[Region], now: datetime
) -> dict[str, list[Employer]]:
    """Employers by category, each placed in a county and named after it."""
    by_category: dict[str, list[Employer]] = {}
    seen: set[str] = set()
    for row in read_csv("employers.csv"):
        for county in rng.sample(counties, k=min(6, len(counties))):
            code = credit_code(rng, county.code)
            if code in seen:
                continue
            seen.add(code)
            by_category.setdefault(row["category"], []).append(
                Employer(
                    id=seeded_id(rng, now),
                    origin=ORIGIN,
                    credit_code=code,
                    name_zh=county.name_zh + row["name_zh"],
                    name_mn=mn_join(county.name_mn, row["name_mn"]),
                    region_code=county.code,
                )
            )
    return by_category


@dataclass(frozen=True)
class Ref:
    """What a demo job needs of a county, employer or station, detached from any session."""

    id: uuid.UUID | None
    code: str
    name_zh: str
    name_mn: str


def make_job(
    rng: random.Random,
    title: dict[str, str],
    employer: Ref,
    county: Ref,
    station: Ref,
    now: datetime,
) -> Job:
    unit = PayUnit(title["pay_unit"])
    low, high = int(title["pay_min"]), int(title["pay_max"])
    step = {PayUnit.month: 100, PayUnit.day: 10}.get(unit, 1)
    pay_min = rng.randrange(low, max(low + 1, (low + high) // 2), step)
    pay_max = rng.randrange(pay_min, high + 1, step) if high > pay_min else pay_min
    published = now - timedelta(seconds=rng.randrange(DEMO_DAYS * 86400))
    street = rng.choice(STREETS)
    job_id = seeded_id(rng, published)  # drawn before the house number, as always
    return Job(
        id=job_id,
        origin=ORIGIN,
        title_zh=title["title_zh"],
        title_mn=title["title_mn"],
        description_zh=title["duties_zh"],
        description_mn=title["duties_mn"],
        requirements_zh=title["requirements_zh"],
        requirements_mn=title["requirements_mn"],
        category_code=title["category"],
        region_code=county.code,
        **street_address(county, street, rng.randint(1, 300)),
        employer_id=employer.id,
        station_id=station.id,
        pay_min=pay_min,
        pay_max=pay_max,
        pay_unit=unit,
        employment_type=EmploymentType(rng.choice(title["types"].split("|"))),
        headcount=rng.choice((1, 1, 2, 3, 5, 10, 20)),
        published_at=published,
        expires_on=published.astimezone(BEIJING).date() + timedelta(days=rng.choice((30, 60, 90))),
    )


def seed_demo(
    job_count: int,
    seed: int = 2026,
    progress: Callable[[int, int], None] = lambda done, total: None,
    now: datetime | None = None,
    station_code: str = "DEMO",
) -> int:
    """Reference data, stations, employers and `job_count` jobs posted over the last
    DEMO_DAYS before `now`; the same seed and `now` give the same data. Commits in chunks.
    The station `station_code` (this box) gets the standard service list."""
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    load_reference_data()
    db.session.commit()
    forget_reference_data()
    counties = list(
        db.session.scalars(
            select(Region).where(Region.level == RegionLevel.county).order_by(Region.code)
        )
    )
    stations = make_stations(rng, counties, now, station_code)
    employers = make_employers(rng, counties, now)
    db.session.add_all(stations)
    db.session.add_all(e for group in employers.values() for e in group)
    db.session.flush()
    load_service_list(station_code, origin=ORIGIN)
    db.session.commit()

    # Plain values from here on: each chunk's commit detaches whatever the session held.
    stations_by_prefecture: dict[str, list[Ref]] = {}
    for station in stations:
        stations_by_prefecture.setdefault(station.region_code[:4] + "00", []).append(
            Ref(station.id, station.region_code, "", "")
        )
    employer_refs = {
        category: [Ref(e.id, e.region_code, "", "") for e in group]
        for category, group in employers.items()
    }
    places = {c.code: Ref(None, c.code, c.name_zh, c.name_mn) for c in counties}
    titles = [t for t in read_csv("job_titles.csv") if t["category"] in employer_refs]

    chunk = 2000
    for start in range(0, job_count, chunk):
        for _ in range(start, min(job_count, start + chunk)):
            title = rng.choice(titles)
            employer = rng.choice(employer_refs[title["category"]])
            # Most jobs are near the employer; some are elsewhere in the region.
            county = (
                places[employer.code] if rng.random() < 0.7 else rng.choice(list(places.values()))
            )
            outlet = rng.choice(stations_by_prefecture[county.code[:4] + "00"])
            db.session.add(make_job(rng, title, employer, county, outlet, now))
        db.session.commit()
        db.session.expunge_all()  # keep memory flat on large sets
        progress(min(job_count, start + chunk), job_count)
    return job_count


@click.command("seed-demo")
@click.option("--jobs", "job_count", default=2000, show_default=True, help="How many jobs.")
@click.option("--seed", default=2026, show_default=True, help="Random seed (same seed, same data).")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has jobs.")
@with_appcontext
def seed_demo_command(job_count: int, seed: int, if_empty: bool) -> None:
    """Fill the database with demo stations, employers and jobs in both languages."""
    if db.session.scalar(select(func.count()).select_from(Station)):
        if if_empty:
            click.echo("The database already has data: demo data not loaded.")
            return
        raise click.ClickException(
            "The database already has stations and jobs. Demo data goes into an empty database "
            "(or use --if-empty to skip quietly)."
        )
    with click.progressbar(length=job_count, label="Demo jobs") as bar:
        seed_demo(
            job_count,
            seed,
            progress=lambda done, total: bar.update(done - bar.pos),
            station_code=current_app.config["STATION_CODE"],
        )
    # Some demo jobs were posted long enough ago to have closed: say how many a seeker sees.
    today = local_today()
    open_now = db.session.scalar(
        select(func.count())
        .select_from(Job)
        .where(Job.status == JobStatus.open, Job.expires_on >= today)
    )
    click.echo(f"Loaded {job_count} demo jobs; {open_now} of them are open today.")
