"""Fixtures: a real SQLite file built by the migrations, loaded with seeded demo data, and
the station served by gunicorn with the project's own settings on a real socket."""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from raw_printer import RawPrinter
from station_app import make_app

from kiosk.config import ROOT
from kiosk.demo import seed_demo
from kiosk.extensions import db

DEMO_JOBS = 600
POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn_station(database: Path, log_path: Path, **settings: str) -> Iterator[str]:
    """`gunicorn --config gunicorn.conf.py` over this database; `settings` become KIOSK_*."""
    port = free_port()
    env = {
        **os.environ,
        "KIOSK_DATABASE_URL": f"sqlite:///{database}",
        "KIOSK_SECRET_KEY": "test",
        "KIOSK_BIND": f"127.0.0.1:{port}",
        "KIOSK_WORKERS": "2",
        **{f"KIOSK_{key}": value for key, value in settings.items()},
    }
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [*command, "kiosk:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(f"{url}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        assert "Traceback" not in log_path.read_text(errors="replace"), log_path.read_text()[-3000:]


@pytest.fixture
def served(request: pytest.FixtureRequest, database: Path, tmp_path: Path) -> Iterator[str]:
    """The station over the test's database; `@pytest.mark.settings(NAME="value")` sets config.
    A test that also asks for `printer` gets the station printing to it."""
    marker = request.node.get_closest_marker("settings")
    settings = dict(marker.kwargs) if marker else {}
    if "printer" in request.fixturenames:
        settings["PRINTER"] = request.getfixturevalue("printer").url
    with gunicorn_station(database, tmp_path / "gunicorn.log", **settings) as url:
        yield url


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new PostgreSQL database, dropped afterwards; skips the test where there is none."""
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as error:
        pytest.skip(f"no PostgreSQL at 127.0.0.1:5432 ({error.orig.__class__.__name__})")
    name = f"kiosk_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test, dropped afterwards."""
    with fresh_postgres_database() as url:
        yield url
