"""Precise assistance (精准帮扶) for persons with employment difficulties: the pre-check of the
Inner Mongolia difficulty categories against the versioned rules in kiosk/data/rules (both
roles, `kiosk assistance precheck`), and at a station the profile, determinations, tiers with
their tasks, and door-to-door requests (kiosk/assistance/views.py)."""

from flask import Flask

from kiosk.roles import Role


def install(app: Flask) -> None:
    from kiosk.assistance.cli import assistance

    app.cli.add_command(assistance)
    if app.config["ROLE"] != Role.station:
        return  # the hub takes what stations push; its own screens are the county's
    from flask_babel import lazy_gettext as _l

    from kiosk.assistance import labels
    from kiosk.assistance.views import bp
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.register_blueprint(bp)
    add_labels(app, "assistance", labels)
    add_staff_links(
        app,
        StaffLink("assistance.tasks", _l("Assistance tasks"), order=32),
        StaffLink("assistance.requests_list", _l("Home visits"), order=34),
    )
