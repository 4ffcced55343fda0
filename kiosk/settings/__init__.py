"""Station settings (station): the service list, opening hours, seats per slot, the printer."""

from flask import Flask


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.models import StaffRole
    from kiosk.settings import labels
    from kiosk.settings.views import bp
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.register_blueprint(bp)
    add_labels(app, "settings", labels)
    add_staff_links(app, StaffLink("settings.index", _l("Settings"), StaffRole.manager, order=60))
