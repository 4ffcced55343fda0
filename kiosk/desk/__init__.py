"""The desk (station): today's queue of appointments and walk-ins, and the lobby screen."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk.desk import labels
    from kiosk.desk.views import install as install_views
    from kiosk.web.labels import add_labels

    install_views(app)
    add_labels(app, "desk", labels)
