"""Other outlets near you (station kiosk): the county's directory by banner, this box's own
banner first, with whether each is open now and what it offers."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk.county import labels
    from kiosk.outlets.views import bp
    from kiosk.web.labels import add_labels

    app.register_blueprint(bp)
    # The directory's words (kinds, hours, open now) are the county's.
    add_labels(app, "county", labels)
