"""The station's side of sync: its outbox, sync rounds, the desk's sync page, `kiosk sync`."""

from flask import Flask


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.extensions import db
    from kiosk.sync.capture import install_capture
    from kiosk.sync.station import labels
    from kiosk.sync.station.cli import hub_elsewhere, sync_command
    from kiosk.sync.station.outbox import OutboxCapture
    from kiosk.sync.station.rounds import sync_health
    from kiosk.sync.station.views import bp, link_state
    from kiosk.web.health import add_health_part
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    install_capture(app, OutboxCapture(app.config["STATION_CODE"]))
    app.register_blueprint(bp)
    app.cli.add_command(sync_command)
    app.cli.add_command(hub_elsewhere)
    add_labels(app, "sync", labels)
    add_staff_links(app, StaffLink("sync_station.overview", _l("Sync"), order=90))
    add_health_part(app, "sync", lambda: sync_health(app, db.session), {"configured": None})
    if app.config["HUB_URL"]:
        # The kiosk bar's online/offline mark; a station without a hub shows none.
        app.jinja_env.globals["link_state"] = link_state
