"""Reference data every box needs: regions, job categories and the standard service list,
from `kiosk/data/*.csv`, and the per-app cache every screen reads them from.

They live in data files so a reviewer can correct a name without touching code.
"""

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import JobCategory, Region, RegionLevel, ServiceItem
from kiosk.models.base import table_of, upsert_insert

DATA = Path(__file__).resolve().parent.parent / "data"
_CACHE_KEY = "kiosk.reference_data"


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_reference_data() -> None:
    """Insert or update regions and categories from the data files (the caller commits)."""
    regions = [
        {
            "code": row["code"],
            "parent_code": row["parent"] or None,
            "level": row["level"],
            "name_zh": row["name_zh"],
            "name_mn": row["name_mn"],
        }
        for row in read_csv("regions.csv")
    ]
    regions.sort(key=lambda r: r["parent_code"] is not None)  # prefectures before counties
    categories = [
        {**row, "major_group": int(row["major_group"]), "sort": int(row["sort"])}
        for row in read_csv("categories.csv")
    ]
    _upsert(Region, regions, "code")
    _upsert(JobCategory, categories, "code")


def load_service_list(station_code: str, origin: str) -> int:
    """Give a station the standard service list (服务事项清单) of the policy texts, once.

    A station that already has services keeps them: its manager may have changed them.
    Returns how many were added (the caller commits).
    """
    if db.session.scalar(select(ServiceItem.id).where(ServiceItem.station_code == station_code)):
        return 0
    rows = read_csv("services.csv")
    db.session.add_all(
        ServiceItem(
            origin=origin,
            station_code=station_code,
            **{**row, "sort": int(row["sort"]), "slot_capacity": int(row["slot_capacity"])},
        )
        for row in rows
    )
    return len(rows)


def _upsert(model: type, rows: list[dict], key: str) -> None:
    insert = upsert_insert(db.session)
    table = table_of(model)
    for row in rows:
        stmt = insert(table).values(**row)
        stmt = stmt.on_conflict_do_update(
            index_elements=[key], set_={k: v for k, v in row.items() if k != key}
        )
        db.session.execute(stmt)


@click.command("load-reference")
@with_appcontext
def load_reference_command() -> None:
    """Load or refresh regions and job categories from the data files."""
    load_reference_data()
    db.session.commit()
    click.echo("Regions and job categories are up to date.")


@dataclass(frozen=True)
class ReferenceData:
    categories: tuple[JobCategory, ...]
    regions: Mapping[str, Region]
    prefectures: tuple[Region, ...]
    counties: Mapping[str, tuple[Region, ...]]


def _reference_data() -> ReferenceData:
    """Categories and regions change only with an upgrade: load them once per app."""
    loaded = current_app.extensions.get(_CACHE_KEY)
    if loaded is None:
        loaded = current_app.extensions[_CACHE_KEY] = _load_reference_data()
    return loaded


def _load_reference_data() -> ReferenceData:
    session = db.session
    cats = tuple(session.scalars(select(JobCategory).order_by(JobCategory.sort)))
    regions = list(session.scalars(select(Region).order_by(Region.code)))
    for record in (*cats, *regions):
        session.expunge(record)
    counties: dict[str, list[Region]] = {}
    for region in regions:
        if region.level == RegionLevel.county:
            counties.setdefault(region.parent_code or "", []).append(region)
    return ReferenceData(
        categories=cats,
        regions={r.code: r for r in regions},
        prefectures=tuple(r for r in regions if r.level == RegionLevel.prefecture),
        counties={code: tuple(rs) for code, rs in counties.items()},
    )


def forget_reference_data() -> None:
    current_app.extensions.pop(_CACHE_KEY, None)


def categories() -> tuple[JobCategory, ...]:
    return _reference_data().categories


def category(code: str) -> JobCategory | None:
    return next((c for c in categories() if c.code == code), None)


def region(code: str) -> Region | None:
    return _reference_data().regions.get(code)


def regions() -> Mapping[str, Region]:
    return _reference_data().regions


def prefectures() -> tuple[Region, ...]:
    return _reference_data().prefectures


def counties(prefecture_code: str) -> tuple[Region, ...]:
    return _reference_data().counties.get(prefecture_code, ())
