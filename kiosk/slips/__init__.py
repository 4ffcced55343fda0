"""Slips (station): drawn on the server as a 1-bit raster, shown on screen and sent as ESC/POS."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk.extensions import db
    from kiosk.slips.service import printer_health
    from kiosk.slips.views import bp, for_pages
    from kiosk.web.health import add_health_part

    app.register_blueprint(bp)
    app.register_blueprint(for_pages)
    add_health_part(
        app, "printer", lambda: printer_health(db.session), {"configured": None, "last_slip": None}
    )
