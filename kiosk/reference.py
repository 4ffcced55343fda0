"""Reference data every box needs: regions and job categories, from `kiosk/data/*.csv`.

They live in data files so a reviewer can correct a name without touching code.
"""

import csv
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kiosk.extensions import db
from kiosk.models import JobCategory, Region

DATA = Path(__file__).parent / "data"


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


def _upsert(model: type, rows: list[dict], key: str) -> None:
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = model.__table__
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
