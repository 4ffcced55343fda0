"""The app over a test's database file, migrated: for fixtures and for tests that need
an app of their own (a module with a name of its own, so any test can import it)."""

from pathlib import Path

from flask import Flask
from flask_migrate import upgrade

from kiosk import create_app


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
