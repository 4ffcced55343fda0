"""The `kiosk` console script: every CLI command of the app (`kiosk db upgrade`, `kiosk run`…)."""

from flask.cli import FlaskGroup

from kiosk import create_app


def main() -> None:
    FlaskGroup(create_app=create_app, help="Kiosk and station commands.")()
