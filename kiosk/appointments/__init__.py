"""Appointments (station): pick a service, a day and a time; get a slip; change it by its code."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk.appointments import labels
    from kiosk.appointments.views import bp
    from kiosk.web.labels import add_labels

    app.register_blueprint(bp)
    add_labels(app, "appointments", labels)
