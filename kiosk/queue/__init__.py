"""Walk-in tickets (station): a number per service and day (A001, B001…), no appointment."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk.queue import labels
    from kiosk.queue.views import bp
    from kiosk.web.labels import add_labels

    app.register_blueprint(bp)
    add_labels(app, "queue", labels)
