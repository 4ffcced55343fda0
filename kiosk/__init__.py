"""Kiosk and mobile-station system for grassroots public employment service."""

import os
import secrets
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from kiosk import paths
from kiosk.config import HUB_ORIGIN, DefaultConfig
from kiosk.sessions import KioskSessionInterface


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    # An installed box keeps its instance folder in /var/lib/kiosk (deploy/install.sh).
    instance_path = instance_path or os.environ.get("KIOSK_INSTANCE_PATH") or None
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(paths.TEMPLATES),
        static_folder=str(paths.STATIC),
    )
    app.config.from_object(DefaultConfig)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("KIOSK")
    else:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _settle_config(app)
    app.session_interface = KioskSessionInterface()

    from kiosk import extensions, i18n, icons
    from kiosk.jobs.search import install_index_hooks, outside_search_index
    from kiosk.sync.changes import install_change_log_hook
    from kiosk.sync.outbox import install_outbox_hook

    extensions.db.init_app(app)
    extensions.migrate.init_app(
        app,
        extensions.db,
        directory=str(paths.MIGRATIONS),
        render_as_batch=True,
        include_name=outside_search_index,
    )
    extensions.htmx.init_app(app)
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    extensions.login_manager.init_app(app)
    extensions.login_manager.login_view = "staff.login"
    extensions.login_manager.login_message = None  # the login page says it itself
    i18n.init_app(app)
    icons.init_app(app)
    install_index_hooks()
    install_outbox_hook()
    install_change_log_hook()

    from kiosk import home, jobs
    from kiosk.appointments.views import bp as appointments_bp
    from kiosk.job_admin.views import bp as job_admin_bp
    from kiosk.queue.views import bp as queue_bp
    from kiosk.records.views import bp as records_bp
    from kiosk.registration.views import bp as registration_bp
    from kiosk.seekers.views import bp as seekers_bp
    from kiosk.settings.views import bp as settings_bp
    from kiosk.slips.views import bp as slips_bp
    from kiosk.staff.views import bp as staff_bp
    from kiosk.staff.views import lobby_bp
    from kiosk.statistics.views import bp as statistics_bp
    from kiosk.sync.console import bp as sync_console_bp
    from kiosk.sync.views import bp as sync_bp

    app.register_blueprint(home.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(appointments_bp)
    app.register_blueprint(queue_bp)
    app.register_blueprint(slips_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(lobby_bp)
    app.register_blueprint(sync_bp)
    app.register_blueprint(sync_console_bp)
    for staff_feature in (seekers_bp, records_bp, job_admin_bp, statistics_bp, settings_bp):
        app.register_blueprint(staff_feature)
    home.register_error_pages(app)
    home.register_idle_reset(app)

    from kiosk.demo import seed_demo_command
    from kiosk.i18n.cli import translate
    from kiosk.ops.cli import backup_command, restore_command, upgrade_command
    from kiosk.reference import load_reference_command
    from kiosk.staff.accounts import create_staff_command
    from kiosk.sync.cli import hub, sync_command

    app.cli.add_command(seed_demo_command)
    app.cli.add_command(load_reference_command)
    app.cli.add_command(translate)
    app.cli.add_command(create_staff_command)
    app.cli.add_command(hub)
    app.cli.add_command(sync_command)
    for ops_command in (backup_command, restore_command, upgrade_command):
        app.cli.add_command(ops_command)
    return app


def _settle_config(app: Flask) -> None:
    """Derive what the defaults leave open: the database URL and a persistent secret key."""
    if app.config["ROLE"] == "hub":
        app.config["STATION_CODE"] = HUB_ORIGIN  # what the hub publishes is born "HUB"
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        url = app.config["DATABASE_URL"] or f"sqlite:///{Path(app.instance_path) / 'kiosk.sqlite'}"
        app.config["SQLALCHEMY_DATABASE_URI"] = url
    if not app.config.get("SECRET_KEY"):
        # Made once per box and kept in the instance folder, never in the repository.
        key_file = Path(app.instance_path) / "secret_key"
        if not key_file.exists():
            key_file.touch(mode=0o600)
            key_file.write_text(secrets.token_hex(32))
        app.config["SECRET_KEY"] = key_file.read_text().strip()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL for readers beside the writer; FULL sync so a shown confirmation survives power loss."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.close()
