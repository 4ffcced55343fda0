"""Fixtures: a real SQLite file built by the migrations, loaded with seeded demo data, and
the station served by gunicorn with the project's own settings on a real socket."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from card_service import CardService
from flask import Flask
from flask.testing import FlaskClient
from raw_printer import RawPrinter
from station_app import fresh_postgres_database, gunicorn_station, make_app

from kiosk.demo import seed_demo
from kiosk.extensions import db

DEMO_JOBS = 600


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
def printer() -> Iterator[RawPrinter]:
    """A network receipt printer on a real socket."""
    device = RawPrinter()
    yield device
    device.close()


@pytest.fixture
def station(database: Path, printer: RawPrinter) -> Iterator[Flask]:
    """The app with its receipt printer at `printer`."""
    app = make_app(database, PRINTER=printer.url)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


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


@pytest.fixture
def served(request: pytest.FixtureRequest, database: Path, tmp_path: Path) -> Iterator[str]:
    """The station over the test's database; `@pytest.mark.settings(NAME="value")` sets config.
    A test that also asks for `printer` gets the station printing to it, for `card_service`
    reading ID cards from it."""
    marker = request.node.get_closest_marker("settings")
    settings = dict(marker.kwargs) if marker else {}
    if "printer" in request.fixturenames:
        settings["PRINTER"] = request.getfixturevalue("printer").url
    if "card_service" in request.fixturenames:
        settings["CARD_READER_URL"] = request.getfixturevalue("card_service").url
    with gunicorn_station(database, tmp_path / "gunicorn.log", **settings) as url:
        yield url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test, dropped afterwards."""
    with fresh_postgres_database() as url:
        yield url


@pytest.fixture
def card_service() -> Iterator[CardService]:
    """A simulated ID card reader service on a real socket (tests/card_service.py)."""
    service = CardService()
    yield service
    service.close()
