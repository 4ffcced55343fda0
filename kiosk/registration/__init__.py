"""Job-seeker registration (station, 求职登记): on the kiosk or, by a QR hand-off, on the
seeker's own phone."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk.registration import labels
    from kiosk.registration.views import bp
    from kiosk.web.labels import add_labels

    app.register_blueprint(bp)
    add_labels(app, "registration", labels)
