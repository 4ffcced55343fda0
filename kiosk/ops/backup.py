"""Online SQLite backups: copied with SQLite's backup API, checked, written atomically, rotated."""

import logging
import os
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

#: Backup files are named so that sorting by name sorts by age.
PREFIX = "kiosk-"
SUFFIX = ".sqlite"


class BackupError(Exception):
    """A backup could not be made, or a file is not one we can restore from."""


def integrity_problem(path: Path) -> str | None:
    """Why this file is not a sound kiosk database, or None if it is."""
    if not path.is_file():
        return f"{path} does not exist"
    try:
        # Read-only, so checking a file never changes or creates it.
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchall()
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        return f"{path} is not a readable SQLite database ({error})"
    if result != [("ok",)]:
        return f"{path} failed the integrity check: {'; '.join(r[0] for r in result[:5])}"
    if "alembic_version" not in tables:
        return f"{path} is not a kiosk database (no schema version)"
    return None


def backup_database(database: Path, folder: Path, keep: int | None) -> Path:
    """Copy the live database into `folder` as kiosk-<UTC time>.sqlite, keep the newest `keep`
    (None: delete nothing).

    The backup API copies a consistent snapshot while the station keeps serving; the copy is
    checked before it gets its final name, so a file with that name is always a good one.
    """
    if not database.is_file():
        raise BackupError(f"no database at {database}")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{PREFIX}{stamp}{SUFFIX}"
    draft = folder / f".{target.name}.part"
    # Personal data (sealed, but still) lives in the copy: only the service user reads it.
    draft.touch(mode=0o600)
    try:
        with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(draft)) as copy:
            source.backup(copy)
            # A backup stands alone: one file, no -wal beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
        problem = integrity_problem(draft)
        if problem:
            raise BackupError(problem)
        _fsync(draft)
        os.replace(draft, target)
        _fsync(folder)
    finally:
        draft.unlink(missing_ok=True)
    if keep is not None:
        rotate(folder, keep)
    return target


def copy_to_extra(backup: Path, extra: Path, keep: int) -> Path | None:
    """Also put the backup on the USB stick's folder, if the stick is there."""
    if not extra.is_dir():
        # The folder lives on the stick: no folder means no stick mounted today.
        log.info("backup copy skipped: %s is not there (USB stick not mounted?)", extra)
        return None
    target = extra / backup.name
    draft = extra / f".{backup.name}.part"
    try:
        shutil.copyfile(backup, draft)
        _fsync(draft)
        os.replace(draft, target)
        _fsync(extra)
    finally:
        draft.unlink(missing_ok=True)
    rotate(extra, keep)
    return target


def backups_in(folder: Path) -> list[Path]:
    """Backups in the folder, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))


def last_backup_at(folder: Path) -> datetime | None:
    """When the newest good backup was made (its name says it; a named file is a good one)."""
    for path in reversed(backups_in(folder)):
        stamp = path.name.removeprefix(PREFIX).removesuffix(SUFFIX)
        try:
            return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        except ValueError:
            continue  # not one of ours
    return None


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups; return what was deleted."""
    old = backups_in(folder)[: -max(keep, 1)]
    for path in old:
        path.unlink()
    return old


def restore_database(backup: Path, database: Path, folder: Path, keep: int) -> Path | None:
    """Put `backup` in place of the live database, after saving the live one; return that save.

    Written through the backup API into the live file, so SQLite's locks and WAL are honoured
    (a plain file copy under a -wal file would mix two databases).
    """
    problem = integrity_problem(backup)
    if problem:
        raise BackupError(f"refusing to restore: {problem}")
    # Saved without rotating: rotation could delete the very backup being restored.
    saved = backup_database(database, folder, None) if database.is_file() else None
    with closing(sqlite3.connect(backup)) as source, closing(sqlite3.connect(database)) as live:
        source.backup(live)
    rotate(folder, keep)
    return saved


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
