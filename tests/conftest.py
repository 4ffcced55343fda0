"""Fixtures: a real SQLite file built by the migrations, loaded with seeded demo data."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from kiosk import create_app
from kiosk.demo import seed_demo
from kiosk.extensions import db

DEMO_JOBS = 600


def make_app(database: Path, **overrides) -> Flask:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "WTF_CSRF_ENABLED": True,
        **overrides,
    }
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated and seeded database file, copied for each test that needs one."""
    path = tmp_path_factory.mktemp("demo") / "kiosk.sqlite"
    app = make_app(path)
    with app.app_context():
        seed_demo(DEMO_JOBS, seed=7)
        db.engine.dispose()
    return path


@pytest.fixture
def database(tmp_path: Path, demo_database: Path) -> Path:
    import sqlite3

    path = tmp_path / "kiosk.sqlite"
    with sqlite3.connect(demo_database) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return path


@pytest.fixture
def app(database: Path) -> Iterator[Flask]:
    app = make_app(database)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app_factory():
    """Make an app over a fresh database file of the test's choosing."""
    return make_app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def mongolian(client: FlaskClient) -> FlaskClient:
    client.get("/lang/mn_Mong_CN")
    return client
