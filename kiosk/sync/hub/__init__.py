"""The hub's side of sync: batches taken once, the change log stations pull, the register of
stations and its commands, and the Stations page."""

from flask import Flask


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.sync.capture import install_capture
    from kiosk.sync.hub import labels
    from kiosk.sync.hub.changes import ChangeLogCapture
    from kiosk.sync.hub.cli import hub, sync_elsewhere
    from kiosk.sync.hub.endpoints import bp as endpoints
    from kiosk.sync.hub.fleet import bp as fleet
    from kiosk.sync.hub.views import bp
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    install_capture(app, ChangeLogCapture(app.config["STATION_CODE"]))
    app.register_blueprint(endpoints)
    app.register_blueprint(fleet)
    app.register_blueprint(bp)
    app.cli.add_command(hub)
    add_labels(app, "fleet", labels)
    app.cli.add_command(sync_elsewhere)
    add_staff_links(app, StaffLink("sync_hub.overview", _l("Stations"), order=5))
