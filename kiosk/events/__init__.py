"""Fairs, caravan days and live streams (station): what is on near me (`/events`, kiosk and
phone, with a QR each), signing up, and the fair's scanning, booth visits and intentions,
offline. The hub publishes events and books booths (kiosk/events/hub.py)."""

from flask import Flask


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.events import labels
    from kiosk.events.views import bp, fair_bp
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.register_blueprint(bp)
    app.register_blueprint(fair_bp)
    add_labels(app, "events", labels)
    add_staff_links(app, StaffLink("fair.index", _l("Fairs"), order=40))
