"""Seekers at the desk (station): find a registered person, their visits, jobs that suit them."""

from flask import Flask


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.seekers import labels
    from kiosk.seekers.views import bp
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.register_blueprint(bp)
    add_labels(app, "seekers", labels)
    add_staff_links(app, StaffLink("seekers.find", _l("Seekers"), order=20))
