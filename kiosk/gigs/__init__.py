"""Gig and day work (零工): employers post by the station's QR code or at the desk, the
station checks and reviews each post before anyone sees it."""

from flask import Flask


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.gigs import labels, slip  # noqa: F401  (the gig slip's kind registers itself)
    from kiosk.gigs.views import board_bp, bp, review_bp
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.register_blueprint(bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(board_bp)
    add_labels(app, "gigs", labels)
    add_staff_links(app, StaffLink("gig_review.queue", _l("Gig posts"), order=45))
