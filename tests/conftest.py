"""Fixtures: a real SQLite file built by the migrations, loaded with seeded demo data, and
the station served by gunicorn with the project's own settings on a real socket.

What the migrations build is built once per run and copied (tests/station_app.py:
`make_app` over a new SQLite file or an empty PostgreSQL database, `make_station`, and the
demo database here): the run's processes (`pytest -n`, pytest-xdist) share one folder of such
templates, which the first process to need one builds while the others wait for it."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import station_app
from card_service import CardService
from flask import Flask
from flask.testing import FlaskClient
from raw_printer import RawPrinter
from station_app import (
    built_once,
    copy_database,
    drop_postgres_template,
    fresh_postgres_database,
    gunicorn_station,
    make_app,
    remove_database,
)

from kiosk.demo import seed_demo
from kiosk.extensions import db

DEMO_JOBS = 600

#: The run's templates folder, handed from pytest's main process to its xdist workers.
_TEMPLATES_VARIABLE = "PYTEST_KIOSK_TEMPLATES"


def pytest_configure(config: pytest.Config) -> None:
    if _TEMPLATES_VARIABLE not in os.environ:  # the main process: the folder is its own
        os.environ[_TEMPLATES_VARIABLE] = tempfile.mkdtemp(prefix="kiosk-templates-")
        config.stash[_owned_templates] = Path(os.environ[_TEMPLATES_VARIABLE])
    station_app.TEMPLATES = Path(os.environ[_TEMPLATES_VARIABLE])


_owned_templates = pytest.StashKey[Path]()


def pytest_unconfigure(config: pytest.Config) -> None:
    if (templates := config.stash.get(_owned_templates, None)) is not None:
        drop_postgres_template(templates)
        shutil.rmtree(templates, ignore_errors=True)
        del os.environ[_TEMPLATES_VARIABLE]


@pytest.fixture(scope="session")
def demo_database() -> Path:
    """One migrated and seeded database file (once per run), copied for each test that needs
    one; nothing writes to it."""
    path = station_app.templates_folder() / "demo.sqlite"
    with built_once(path) as missing:
        if missing:
            building = path.with_name("building-demo.sqlite")
            remove_database(building)
            app = make_app(building)
            with app.app_context():
                seed_demo(DEMO_JOBS, seed=7)
                db.session.remove()
                db.engine.dispose()
            copy_database(building, path)
            remove_database(building)
    return path


@pytest.fixture
def database(tmp_path: Path, demo_database: Path) -> Path:
    path = tmp_path / "kiosk.sqlite"
    copy_database(demo_database, path)
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
