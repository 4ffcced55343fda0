"""Running a box: backups and restores, upgrades that roll back, the systemd units, the
installer, and what /healthz tells an operator."""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from kiosk.config import ROOT
from kiosk.ops.backup import backups_in
from tests.conftest import make_app

BROKEN_MIGRATION = '''"""a migration that breaks halfway"""
from alembic import op
import sqlalchemy as sa

revision = "0999_broken"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO local_state (key, value) VALUES ('upgraded', 'yes')")
    raise RuntimeError("the new code's migration is broken")


def downgrade():
    pass
'''


def rows(database: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        return connection.execute(sql).fetchall()


def write(database: Path, sql: str) -> None:
    with closing(sqlite3.connect(database)) as connection, connection:
        connection.execute(sql)


def cli(database: Path, *args: str, **config):
    """Run a `kiosk` command over this database, as the units and deploy/ scripts do."""
    app = make_app(database, **config)
    result = app.test_cli_runner().invoke(args=list(args))
    from kiosk.extensions import db

    with app.app_context():
        db.engine.dispose()
    return result


@pytest.fixture
def backups(tmp_path: Path) -> Path:
    return tmp_path / "backups"


# --- backup and restore ---------------------------------------------------------------------


def test_a_backup_opens_and_holds_the_rows(database, backups):
    jobs = rows(database, "SELECT count(*) FROM job")[0][0]
    result = cli(database, "backup", BACKUP_DIR=str(backups))
    assert result.exit_code == 0, result.output
    [made] = backups_in(backups)
    assert f"backup written: {made}" in result.output
    assert rows(made, "SELECT count(*) FROM job") == [(jobs,)] and jobs > 0
    assert rows(made, "PRAGMA integrity_check") == [("ok",)]
    assert made.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in backups.iterdir()) == [made.name]  # no drafts, no -wal


def test_a_backup_is_taken_while_a_writer_holds_the_database(database, backups):
    with closing(sqlite3.connect(database)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO local_state (key, value) VALUES ('unsaved', 'x')")
        result = cli(database, "backup", BACKUP_DIR=str(backups))
        writer.rollback()
    assert result.exit_code == 0, result.output
    [made] = backups_in(backups)
    assert rows(made, "SELECT value FROM local_state WHERE key = 'unsaved'") == []


def test_rotation_keeps_the_newest_n(database, backups):
    for n in range(5):
        write(database, f"INSERT INTO local_state (key, value) VALUES ('round{n}', '{n}')")
        assert cli(database, "backup", BACKUP_DIR=str(backups), BACKUP_KEEP=3).exit_code == 0
    kept = backups_in(backups)
    assert len(kept) == 3
    # The newest holds the last round; the oldest kept holds round 2, not rounds 0 or 1 only.
    assert rows(kept[-1], "SELECT value FROM local_state WHERE key = 'round4'") == [("4",)]
    assert rows(kept[0], "SELECT value FROM local_state WHERE key = 'round3'") == []
    assert rows(kept[0], "SELECT value FROM local_state WHERE key = 'round2'") == [("2",)]


def test_a_usb_copy_is_made_when_the_stick_is_there_and_skipped_when_not(
    database, backups, tmp_path
):
    stick = tmp_path / "media" / "kiosk-usb" / "kiosk-backups"
    result = cli(database, "backup", BACKUP_DIR=str(backups), BACKUP_EXTRA_DIR=str(stick))
    assert result.exit_code == 0, result.output
    assert "backup copy skipped" in result.output and not stick.exists()

    stick.mkdir(parents=True)
    result = cli(database, "backup", BACKUP_DIR=str(backups), BACKUP_EXTRA_DIR=str(stick))
    assert result.exit_code == 0, result.output
    [copied] = backups_in(stick)
    assert copied.name == backups_in(backups)[-1].name
    assert rows(copied, "PRAGMA integrity_check") == [("ok",)]


def test_restore_brings_back_the_backup_and_saves_what_it_replaces(database, backups):
    write(database, "INSERT INTO local_state (key, value) VALUES ('before', 'kept')")
    assert cli(database, "backup", BACKUP_DIR=str(backups)).exit_code == 0
    [made] = backups_in(backups)
    write(database, "DELETE FROM local_state WHERE key = 'before'")
    write(database, "INSERT INTO local_state (key, value) VALUES ('after', 'later')")

    result = cli(database, "restore", str(made), BACKUP_DIR=str(backups))
    assert result.exit_code == 0, result.output
    assert rows(database, "SELECT value FROM local_state WHERE key = 'before'") == [("kept",)]
    assert rows(database, "SELECT value FROM local_state WHERE key = 'after'") == []
    # What was replaced is not lost: it is the newest backup now.
    saved = backups_in(backups)[-1]
    assert saved != made and f"saved in {saved}" in result.output
    assert rows(saved, "SELECT value FROM local_state WHERE key = 'after'") == [("later",)]


def test_restore_refuses_a_corrupted_backup_and_leaves_the_database(database, backups, tmp_path):
    assert cli(database, "backup", BACKUP_DIR=str(backups)).exit_code == 0
    [made] = backups_in(backups)
    broken = tmp_path / "broken.sqlite"
    data = bytearray(made.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\xff" * (4096 * 3)  # scribble over pages in the middle
    broken.write_bytes(bytes(data))
    jobs = rows(database, "SELECT count(*) FROM job")

    for bad in (broken, tmp_path / "missing.sqlite", ROOT / "README.md"):
        result = cli(database, "restore", str(bad), BACKUP_DIR=str(backups))
        assert result.exit_code != 0
        assert "refusing to restore" in result.output, result.output
    assert rows(database, "SELECT count(*) FROM job") == jobs
    assert backups_in(backups) == [made]  # refused before anything was touched


# --- upgrades -------------------------------------------------------------------------------


def test_an_upgrade_at_the_current_schema_backs_up_and_succeeds(database, backups):
    result = cli(database, "upgrade", BACKUP_DIR=str(backups))
    assert result.exit_code == 0, result.output
    assert "database upgraded" in result.output
    assert len(backups_in(backups)) == 1


def test_a_failed_migration_rolls_the_database_back(database, backups, tmp_path):
    migrations = tmp_path / "migrations"
    shutil.copytree(ROOT / "kiosk" / "migrations", migrations)
    head = rows(database, "SELECT version_num FROM alembic_version")[0][0]
    (migrations / "versions" / "0999_broken.py").write_text(BROKEN_MIGRATION.format(head=head))
    write(database, "INSERT INTO local_state (key, value) VALUES ('written', 'before upgrade')")
    seekers = rows(database, "SELECT count(*) FROM seeker")

    result = cli(database, "upgrade", "--directory", str(migrations), BACKUP_DIR=str(backups))
    assert result.exit_code == 1
    assert "migration failed" in result.output and "database restored" in result.output
    assert rows(database, "SELECT version_num FROM alembic_version") == [(head,)]
    assert rows(database, "SELECT value FROM local_state WHERE key = 'written'") == [
        ("before upgrade",)
    ]
    assert rows(database, "SELECT value FROM local_state WHERE key = 'upgraded'") == []
    assert rows(database, "SELECT name FROM sqlite_master WHERE name = 'half_done'") == []
    assert rows(database, "SELECT count(*) FROM seeker") == seekers
    assert rows(database, "PRAGMA integrity_check") == [("ok",)]
