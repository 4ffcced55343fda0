"""The kiosk's front door (both roles): home tiles, the language switch, the reset."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk.home.views import bp

    app.register_blueprint(bp)
