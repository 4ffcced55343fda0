"""Kiosk and mobile-station system for grassroots public employment service."""

import importlib
import os
import secrets
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from kiosk import paths
from kiosk.config import HUB_ORIGIN, DefaultConfig
from kiosk.roles import FEATURES, Role
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

    from kiosk import extensions, i18n, web
    from kiosk.jobs.search import install_index_hooks, outside_search_index

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
    i18n.init_app(app)
    web.init_app(app)
    install_index_hooks()
    for feature in FEATURES[app.config["ROLE"]]:
        importlib.import_module(feature).install(app)

    from kiosk.demo import seed_demo_command
    from kiosk.domain.reference import load_reference_command
    from kiosk.i18n.cli import translate

    for command in (seed_demo_command, load_reference_command, translate):
        app.cli.add_command(command)
    return app


def _settle_config(app: Flask) -> None:
    """Derive what the defaults leave open: the database URL and a persistent secret key."""
    app.config["ROLE"] = Role.of(app.config["ROLE"])  # an unknown role stops the start here
    if app.config["ROLE"] == Role.hub:
        app.config["STATION_CODE"] = HUB_ORIGIN  # what the hub publishes is born "HUB"
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        url = app.config["DATABASE_URL"] or f"sqlite:///{Path(app.instance_path) / 'kiosk.sqlite'}"
        app.config["SQLALCHEMY_DATABASE_URI"] = url
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        # Shared by the box's gunicorn workers: a limit holds as written, not once per worker.
        path = Path(app.instance_path) / "rate_limits.sqlite"
        app.config["RATELIMIT_STORAGE_URI"] = f"sqlite:///{path}"
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
