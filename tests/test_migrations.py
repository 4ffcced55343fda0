"""The same migrations build a station's SQLite and a hub's PostgreSQL, matching the models."""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select

from kiosk import create_app
from kiosk.demo import seed_demo
from kiosk.extensions import db
from kiosk.jobs.queries import JobQuery, find_jobs
from kiosk.jobs.search import outside_search_index
from kiosk.models import Base, Job


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": outside_search_index, "compare_type": True}
        )
        return compare_metadata(context, Base.metadata)


def test_sqlite_migrations_match_the_models_and_go_down_and_up(app):
    assert schema_differences() == []
    downgrade(revision="base")
    assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
    upgrade()
    assert schema_differences() == []


SEARCHES = [
    {"q": "siji"},
    {"q": "焊"},
    {"q": "叉车司机"},
    {"q": "sj", "type": "full_time"},
    {"q": "工 包头"},  # partly in the title, partly in the place
    {"category": "driver"},
    {"region": "150100", "days": "30"},
    {"q": "ᠵᠢᠯ"},
    {},
]


def found_ids(app, now: datetime) -> list[list[uuid.UUID]]:
    with app.app_context():
        seed_demo(300, seed=3, now=now)
        results = [
            [job.id for job in find_jobs(JobQuery.from_args(args), 50).jobs] for args in SEARCHES
        ]
        db.session.remove()
        db.engine.dispose()
    return results


def test_postgresql_hub_is_built_by_the_same_migrations(postgres_url):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "ROLE": "hub",
            "SQLALCHEMY_DATABASE_URI": postgres_url,
        }
    )
    with app.app_context():
        upgrade()
        assert schema_differences() == []
        seed_demo(40, seed=3)
        assert db.session.scalar(select(func.count()).select_from(Job)) == 40
        client = app.test_client()
        assert client.get("/healthz").get_json()["role"] == "hub"
        assert client.get("/jobs?q=siji").status_code == 200
        db.session.remove()  # the migration's DROPs would wait on our open transaction
        downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        db.session.remove()
        db.engine.dispose()


def test_hub_search_finds_what_a_station_finds(postgres_url, tmp_path, app_factory):
    station = app_factory(tmp_path / "station.sqlite")
    hub = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": postgres_url}
    )
    with hub.app_context():
        upgrade()
    now = datetime.now(UTC)
    on_station, on_hub = found_ids(station, now), found_ids(hub, now)
    assert all(on_station), "every search should find something in the demo data"
    assert on_hub == on_station
