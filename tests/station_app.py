"""The app over a test's database file, migrated: for fixtures and for tests that need
an app of their own (a module with a name of its own, so any test can import it)."""

import os
import signal
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
from flask_migrate import upgrade

from kiosk import create_app
from kiosk.config import ROOT


def make_app(database: Path, **overrides) -> Flask:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,  # tests/test_rate_limits.py turns it on
        **overrides,
    }
    app = create_app(config, instance_path=str(database.parent / "instance"))
    with app.app_context():
        upgrade()
    return app


POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


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
