"""The app over a test's database file, migrated: for fixtures and for tests that need
an app of their own (a module with a name of its own, so any test can import it)."""

import atexit
import fcntl
import hashlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from kiosk import create_app
from kiosk.config import ROOT
from kiosk.domain.reference import load_reference_data
from kiosk.extensions import db


def make_app(database: Path, **overrides) -> Flask:
    """The app over `database`, migrated to the head. A database that is not there yet (a new
    SQLite file, or an empty PostgreSQL database of `fresh_postgres_database`) starts as a copy
    of one the migrations built once for the whole run: migrating costs seconds, a copy none."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,  # tests/test_rate_limits.py turns it on
        **overrides,
    }
    url = config["SQLALCHEMY_DATABASE_URI"]
    if url == f"sqlite:///{database}" and not database.exists():
        copy_database(sqlite_template(), database)
    elif url.startswith("postgresql"):
        _clone_when_empty(url)
    app = create_app(config, instance_path=str(database.parent / "instance"))
    with app.app_context():
        upgrade()  # at the head already when copied: a check that costs nothing
    return app


def copy_database(source: Path, target: Path) -> None:
    """Copy a SQLite database page by page (what a writer left in its WAL file included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source_db, target_db = sqlite3.connect(source), sqlite3.connect(target)
    try:
        source_db.backup(target_db)
    finally:
        source_db.close()
        target_db.close()


def remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        leftover.unlink(missing_ok=True)


#: The folder of the databases the migrations built once per run: tests/conftest.py points it
#: at one that pytest-xdist's workers share (one of them builds, the others wait and copy);
#: elsewhere (bench/) a folder of this process's own.
TEMPLATES: Path | None = None


def templates_folder() -> Path:
    global TEMPLATES
    if TEMPLATES is None:
        TEMPLATES = Path(tempfile.mkdtemp(prefix="kiosk-templates-"))
        atexit.register(shutil.rmtree, TEMPLATES, True)
        atexit.register(drop_postgres_template, TEMPLATES)
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    return TEMPLATES


@contextmanager
def built_once(path: Path) -> Iterator[bool]:
    """Hold the run's lock for `path`; True when it still has to be built (then atomically)."""
    with (path.parent / f"{path.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield not path.exists()


def sqlite_template(reference: bool = False) -> Path:
    """A station's SQLite file as the migrations build it (with the reference data loaded
    when `reference`), made on first use in the run."""
    path = templates_folder() / ("reference.sqlite" if reference else "migrated.sqlite")
    with built_once(path) as missing:
        if missing:
            building = path.with_name(f"building-{path.name}")
            remove_database(building)  # what a build that failed half-way left
            if reference:
                copy_database(sqlite_template(), building)
            app = create_app(
                {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{building}"},
                instance_path=str(building.parent / "instance"),
            )  # fmt: skip
            with app.app_context():
                upgrade()
                if reference:
                    load_reference_data()
                    db.session.commit()
                db.session.remove()
                db.engine.dispose()
            copy_database(building, path)
            remove_database(building)
    return path


POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
#: The names of the databases tests make (and drop); only these are ever replaced by a copy.
TEST_DATABASE_PREFIX = "kiosk_test_"


def _postgres_template_name(templates: Path) -> str:
    return "kiosk_template_" + hashlib.sha1(str(templates).encode()).hexdigest()[:12]


def drop_postgres_template(templates: Path) -> None:
    """Drop the run's migrated PostgreSQL template, if one was made (the end of the run)."""
    if not (templates / "postgres.made").exists():
        return
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = _postgres_template_name(templates)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _postgres_template(admin: sa.Engine) -> str:
    """A PostgreSQL database the migrations built, made on first use in the run."""
    templates = templates_folder()
    name = _postgres_template_name(templates)
    with built_once(templates / "postgres.made") as missing:
        if missing:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
            url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
            app = create_app({"TESTING": True, "SECRET_KEY": "test", "ROLE": "hub",
                              "SQLALCHEMY_DATABASE_URI": url})  # fmt: skip
            with app.app_context():
                upgrade()
                db.session.remove()
                db.engine.dispose()  # a template is copied only while nobody is connected
            (templates / "postgres.made").touch()
    return name


def _clone_when_empty(url: str) -> None:
    """A database of `fresh_postgres_database` that nothing has touched yet becomes a copy of
    the run's migrated template (CREATE DATABASE … TEMPLATE); anything else stays as it is,
    and the migrations run over it as they would anyway."""
    name = url.rsplit("/", 1)[1]
    if not name.startswith(TEST_DATABASE_PREFIX):
        return
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            tables = connection.scalar(
                sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            )
    finally:
        engine.dispose()
    if tables:
        return
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        template = _postgres_template(admin)
        with admin.connect() as connection:
            # Refused while anyone else is connected to it: then it stays empty and migrates.
            connection.execute(sa.text(f'DROP DATABASE "{name}"'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    except sa.exc.DBAPIError:
        with admin.connect() as connection:
            there = connection.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not there:  # dropped, and the copy failed: an empty one again, to migrate
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new PostgreSQL database, dropped afterwards; skips the test where there is none."""
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as error:
        pytest.skip(f"no PostgreSQL at 127.0.0.1:5432 ({error.orig.__class__.__name__})")
    name = f"{TEST_DATABASE_PREFIX}{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


#: Pictures for a person to look at (git-ignored): screens, printed slips.
SCREENSHOTS = ROOT / "screenshots"


def screenshot_path(name: str) -> Path:
    """Where a test saves the picture `name` (the folder made on first use: a fresh clone
    has none)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / name


#: How long a server may take to answer its first request, and to stop when asked.
STARTUP_SECONDS = 60
STOP_SECONDS = 60


def wait_until_served(
    url: str, process: subprocess.Popen, log: Path, verify: str | bool = True
) -> None:
    """Wait for the server's first answer on /healthz; a server that exits or never answers
    fails the test with the end of its log. Generous: on a loaded two-core box gunicorn and
    its workers can take many seconds to boot."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            requests.get(f"{url}/healthz", timeout=5, verify=verify)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.05)
    raise RuntimeError(log.read_text(errors="replace")[-2000:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class GunicornApp:
    """The app as production serves it: `gunicorn --config gunicorn.conf.py`, with `settings`
    as KIOSK_* variables, on a port of its own; stoppable, or killable like a power cut."""

    def __init__(self, log: Path, **settings: str) -> None:
        self.log, self.settings = log, settings
        self.port = free_port()
        #: Other variables for the process (HOME, XDG_RUNTIME_DIR…).
        self.environment: dict[str, str] = {}
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **os.environ,
            "KIOSK_SECRET_KEY": "test",
            "KIOSK_BIND": f"127.0.0.1:{self.port}",
            "KIOSK_WORKERS": "2",
            # Rate limits counted for this server alone, not in the checkout's instance folder.
            "KIOSK_RATELIMIT_STORAGE_URI": f"sqlite:///{self.log.parent / 'rate_limits.sqlite'}",
            **{f"KIOSK_{key}": value for key, value in self.settings.items()},
            **self.environment,
        }
        command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "kiosk:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=log,
                start_new_session=True,
            )  # fmt: skip
        wait_until_served(self.url, self.process, self.log)

    def kill(self) -> None:
        """SIGKILL to gunicorn and its workers: no graceful anything."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_SECONDS)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:  # a loaded machine: end it as a power cut would
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            self.process = None


def open_phone_code(client):
    """Tap "Register as a job seeker" on the kiosk: a POST makes the one-time code, and the
    page it leads to shows it."""
    import re

    home = client.get("/").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', home)[1]
    answer = client.post("/register/phone", data={"csrf_token": csrf}, follow_redirects=True)
    # Tests run requests inside one app context, so `g` (where Flask-WTF keeps the token it
    # made) outlives the request: forget it, or the next client is handed this one's token.
    from flask import g

    g.pop("csrf_token", None)
    return answer


@contextmanager
def gunicorn_station(database: Path, log_path: Path, **settings: str) -> Iterator[str]:
    """`gunicorn --config gunicorn.conf.py` over this database; `settings` become KIOSK_*."""
    server = GunicornApp(log_path, DATABASE_URL=f"sqlite:///{database}", **settings)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()
        assert "Traceback" not in log_path.read_text(errors="replace"), log_path.read_text()[-3000:]
