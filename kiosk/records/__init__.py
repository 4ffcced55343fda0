"""Service records (station): what was done at each visit, and the follow-up list."""

from flask import Flask


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.records import labels
    from kiosk.records.views import bp
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.register_blueprint(bp)
    add_labels(app, "records", labels)
    add_staff_links(app, StaffLink("records.follow_ups", _l("Follow-ups"), order=30))
