"""The hub's backup: `pg_dump` of its database, and beside it the instance folder's key files,
which seal every station's secret (without them a restored hub refuses every station).

Each backup is a folder `hub-YYYYmmddTHHMMSSZ/` (0700, files 0600) made under a draft name and
renamed when whole; the newest HUB_BACKUP_KEEP are kept. Restore: `pg_restore --no-owner -d
URL hub.dump` into an empty database, and the key files back into the instance folder.
"""

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

DUMP = "hub.dump"
#: What the instance folder holds that the database does not: the personal-data keys (made
#: there, or PERSONAL_DATA_KEYS in config.py), the session key, and config.py itself.
KEY_FILES = ("personal_data_keys.json", "secret_key", "config.py")


class HubBackupFailed(RuntimeError):
    pass


def pg_dump_command(database_url: str, target: Path) -> tuple[list[str], dict[str, str]]:
    """The pg_dump command line for a SQLAlchemy URL, and its environment: the password, if
    any, goes in PGPASSWORD, never on a command line others can read in `ps`."""
    url = make_url(database_url)
    if not url.drivername.startswith("postgresql"):
        raise HubBackupFailed(f"not a PostgreSQL database: {url.drivername}")
    env = {"PGPASSWORD": url.password} if url.password else {}
    libpq = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={libpq}"]
    return command, env


def backups_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("hub-*[0-9]Z")) if folder.is_dir() else []


def backup_hub(app: Flask, now: datetime | None = None) -> Path:
    """Dump the database and copy the key files into a new dated folder; rotate."""
    folder = Path(app.config["HUB_BACKUP_DIR"] or Path(app.instance_path) / "hub-backups")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    made, draft = folder / f"hub-{stamp}", folder / f".hub-{stamp}.draft"
    shutil.rmtree(draft, ignore_errors=True)
    draft.mkdir(mode=0o700)
    command, env = pg_dump_command(app.config["SQLALCHEMY_DATABASE_URI"], draft / DUMP)
    done = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        shutil.rmtree(draft, ignore_errors=True)
        raise HubBackupFailed(f"pg_dump failed: {done.stderr.strip()[:500]}")
    for name in KEY_FILES:
        source = Path(app.instance_path) / name
        if source.is_file():
            shutil.copyfile(source, draft / name)
    for path in draft.iterdir():
        path.chmod(0o600)
    draft.rename(made)
    for old in backups_in(folder)[: -app.config["HUB_BACKUP_KEEP"]]:
        shutil.rmtree(old)
    return made
