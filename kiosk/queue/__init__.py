"""Walk-in tickets (station): a number per service and day (A001, B001…), no appointment."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk.queue.views import bp

    app.register_blueprint(bp)
