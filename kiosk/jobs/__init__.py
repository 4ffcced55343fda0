"""Finding jobs (both roles): browse by category and area, filter, search, one job in detail."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk.jobs import labels
    from kiosk.jobs.views import bp
    from kiosk.web.labels import add_labels

    app.register_blueprint(bp)
    add_labels(app, "jobs", labels)
