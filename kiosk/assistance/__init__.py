"""Precise assistance (精准帮扶) for persons with employment difficulties: for now the pre-check
of the Inner Mongolia difficulty categories against the versioned rules in kiosk/data/rules."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk.assistance.cli import assistance

    app.cli.add_command(assistance)
