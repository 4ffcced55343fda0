"""`kiosk backup`, `kiosk restore FILE` and `kiosk upgrade`: what the units and deploy/ call."""

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade as migrate_upgrade
from sqlalchemy.engine import make_url

from kiosk.extensions import db
from kiosk.ops.backup import BackupError, backup_database, copy_to_extra, restore_database


def sqlite_file(app: Flask) -> Path:
    """The station's database file; a hub's PostgreSQL is backed up with pg_dump instead."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if not url.drivername.startswith("sqlite") or not url.database:
        raise click.ClickException(
            "kiosk backup/restore handle a station's SQLite file; back a hub up with pg_dump"
        )
    return Path(url.database)


def backup_folder(app: Flask) -> Path:
    return Path(app.config["BACKUP_DIR"] or Path(app.instance_path) / "backups")


def make_backup(app: Flask) -> Path:
    """A checked backup in the backup folder, and a copy on the USB stick if one is there."""
    keep = int(app.config["BACKUP_KEEP"])
    try:
        made = backup_database(sqlite_file(app), backup_folder(app), keep)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backup written: {made}")
    extra = app.config["BACKUP_EXTRA_DIR"]
    if extra:
        copied = copy_to_extra(made, Path(extra), keep)
        click.echo(
            f"backup copied: {copied}"
            if copied
            else f"backup copy skipped: {extra} is not there (USB stick not mounted?)"
        )
    return made


@click.command("backup")
@with_appcontext
def backup_command() -> None:
    """Back the station's database up (online), check it, keep the newest BACKUP_KEEP."""
    make_backup(current_app)


@click.command("restore")
@click.argument("backup", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(backup: Path) -> None:
    """Replace the station's database with BACKUP (checked first; the current one is saved).

    Stop kiosk-station first: pages open in a worker would otherwise show a mix of both.
    """
    app = current_app
    db.engine.dispose()  # nothing of ours holds the file while it is replaced
    try:
        saved = restore_database(
            backup, sqlite_file(app), backup_folder(app), int(app.config["BACKUP_KEEP"])
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    if saved:
        click.echo(f"the database as it was is saved in {saved}")
    click.echo(f"restored from {backup}")


@click.command("upgrade")
@click.option(
    "--directory", default=None, hidden=True, help="Migrations folder (tests use a broken one)."
)
@with_appcontext
def upgrade_command(directory: str | None) -> None:
    """Back up, migrate the database to this code's schema; if the migration fails, restore."""
    app = current_app
    if not make_url(app.config["SQLALCHEMY_DATABASE_URI"]).drivername.startswith("sqlite"):
        # A hub: PostgreSQL runs the migrations in one transaction, so a failure undoes itself.
        migrate_upgrade(directory=directory)
        click.echo("database upgraded")
        return
    saved = make_backup(app)
    try:
        migrate_upgrade(directory=directory)
    # Flask-Migrate reports a failed migration as SystemExit(1); whatever broke, the
    # station must come back as it was.
    except (Exception, SystemExit) as error:
        db.session.remove()  # type: ignore[attr-defined]  # the scoped session's own
        db.engine.dispose()
        restore_database(
            saved, sqlite_file(app), backup_folder(app), int(app.config["BACKUP_KEEP"])
        )
        click.echo(f"migration failed ({type(error).__name__}: {error})", err=True)
        click.echo(f"database restored from {saved}; the old code still runs on it", err=True)
        sys.exit(1)
    click.echo("database upgraded")
