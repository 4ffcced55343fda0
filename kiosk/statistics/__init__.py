"""Statistics (station): a day, week or month, with charts and an Excel file for the county."""

from flask import Flask


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.county import labels as county_labels
    from kiosk.models import StaffRole
    from kiosk.statistics import labels
    from kiosk.statistics.views import bp
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.register_blueprint(bp)
    add_labels(app, "statistics", labels)
    add_labels(app, "county", county_labels)  # the names of the figures the county sends back
    add_staff_links(
        app, StaffLink("statistics.index", _l("Statistics"), StaffRole.manager, order=50)
    )
