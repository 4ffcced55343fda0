"""The README's "a hub and two stations, by hand" runs as written.

Each terminal of the README's block runs as its own bash script, from a fresh folder, with
none of the project's variables set: the hub on PostgreSQL (the block's `createdb` makes the
database its URL names), then the caravan and the doorstep station, each syncing and then
serving on its own port. Only what a technician would type differently is changed: the
database's and ports' names (free ones, so the test runs beside others), the secrets the hub
printed, and a home folder for the keys' copy.
"""

import os
import re
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from station_app import POSTGRES_ADMIN_URL, ROOT, TEST_DATABASE_PREFIX, free_port

README = ROOT / "README.md"
SECTION = "### Sync: a hub and two stations, by hand"
BOOT_SECONDS = 240


def _block() -> str:
    text = README.read_text(encoding="utf-8")
    after = text[text.index(SECTION) :]
    return re.search(r"```sh\n(.*?)```", after, re.S)[1]


def _terminals(block: str) -> dict[str, str]:
    """The block's parts by their `# terminal N, …` comment (what comes before: set-up)."""
    parts = re.split(r"^# (terminal \d)[^\n]*\n", block, flags=re.M)
    return {"setup": parts[0], **dict(zip(parts[1::2], parts[2::2], strict=True))}


def _served(script: str) -> str:
    """The terminal's script, stopping at the first failure; its last command is the server."""
    assert "gunicorn" in script.rstrip().splitlines()[-1], script
    return "set -euo pipefail\n" + script


class Terminal:
    """One terminal's script, run until its server answers."""

    def __init__(self, name: str, script: str, cwd: Path, env: dict[str, str], port: int):
        self.name, self.port = name, port
        self.log = cwd / f"{name.replace(' ', '-')}.log"
        with self.log.open("w") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(
                ["bash", "-c", _served(script)],
                cwd=cwd,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + BOOT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"{self.name} stopped ({self.process.returncode}):\n{self.output()}")
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/healthz", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        pytest.fail(f"{self.name} did not serve in {BOOT_SECONDS} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            self.process.wait(timeout=30)


@pytest.fixture
def walk_folder(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    (tmp_path / "gunicorn.conf.py").symlink_to(ROOT / "gunicorn.conf.py")
    (tmp_path / "home").mkdir()
    (tmp_path / "run").mkdir(mode=0o700)
    yield tmp_path


def test_a_hub_and_two_stations_start_and_sync_as_the_readme_says(walk_folder: Path):
    terminals = _terminals(_block())
    assert "make setup" in terminals["setup"]  # the virtualenv comes first (this test's .venv)
    hub_script = terminals["terminal 1"]
    created = re.search(r"createdb .* (\w+)\n", hub_script)[1]
    assert f"@127.0.0.1/{created}\n" in hub_script  # createdb makes the URL's database

    database = f"{TEST_DATABASE_PREFIX}walk_{uuid.uuid4().hex[:8]}"
    ports = {9000: free_port(), 8001: free_port(), 8002: free_port()}

    def adapted(script: str) -> str:
        script = script.replace(created, database).replace("~/", "$HOME/")
        for written, free in ports.items():
            script = script.replace(f"127.0.0.1:{written}", f"127.0.0.1:{free}")
        return script

    # A technician's shell: the system's PATH, a home, nothing of this project's.
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(walk_folder / "home"),
        "XDG_RUNTIME_DIR": str(walk_folder / "run"),
        "LANG": "C.UTF-8",
    }
    started: list[Terminal] = []
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        hub = Terminal("terminal 1", adapted(hub_script), walk_folder, env, ports[9000])
        started.append(hub)
        hub.wait_until_serving()
        secrets = dict(
            re.findall(
                r"Station (\S+) registered\. Its secret, shown only now:\n(\S+)", hub.output()
            )
        )
        assert set(secrets) == {"XLHT-01", "CARAVAN-1"}, hub.output()
        for name, port in (("terminal 2", ports[8001]), ("terminal 3", ports[8002])):
            script = adapted(terminals[name])
            for code, secret in secrets.items():
                script = script.replace(f"<{code}'s secret>", secret)
            assert "<" not in script.split("KIOSK_HUB_SECRET=")[1].split()[0]
            station = Terminal(name, script, walk_folder, env, port)
            started.append(station)
            station.wait_until_serving()

        # What the README says came of it.
        keys = walk_folder / "home" / "kiosk-hub-keys"
        assert (keys / "personal_data_keys.json").is_file() and (keys / "secret_key").is_file()
        hub_db = sa.create_engine(POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}")
        with hub_db.connect() as connection:
            stations = connection.execute(sa.text("SELECT count(*) FROM station")).scalar_one()
            jobs = connection.execute(sa.text("SELECT count(*) FROM job")).scalar_one()
        hub_db.dispose()
        assert stations == 191  # 189 demo stations and the two added
        for folder in ("caravan", "xlht"):
            with closing(sqlite3.connect(walk_folder / folder / "kiosk.sqlite")) as station_db:
                assert station_db.execute("SELECT count(*) FROM job").fetchone()[0] == jobs
        page = requests.get(f"http://127.0.0.1:{ports[8001]}/jobs", timeout=10)
        assert page.ok and 'class="job' in page.text
    finally:
        for terminal in reversed(started):
            terminal.stop()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
