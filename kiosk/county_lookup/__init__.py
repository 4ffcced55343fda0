"""A person at the county's other outlets (station): a counselor asks the hub, by ID or
mobile number in a POST, and sees every outlet's registration, visits and follow-ups."""

from flask import Flask


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.county_lookup import labels
    from kiosk.county_lookup.views import bp
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.register_blueprint(bp)
    add_labels(app, "county_lookup", labels)
    add_staff_links(app, StaffLink("county_lookup.find", _l("County look-up"), order=21))
