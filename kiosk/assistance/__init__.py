"""Precise assistance (精准帮扶) for persons with employment difficulties: the pre-check of the
Inner Mongolia difficulty categories against the versioned rules in kiosk/data/rules (both
roles, `kiosk assistance precheck`); at a station the profile, determinations, tiers with
their tasks, and door-to-door requests (views.py; asked for by the person at the kiosk or on
their phone: public.py); at the hub what the outlets pushed, masked (hub_views.py)."""

from flask import Flask

from kiosk.roles import Role


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.assistance import labels
    from kiosk.assistance.cli import assistance
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.cli.add_command(assistance)
    add_labels(app, "assistance", labels)
    if app.config["ROLE"] != Role.station:
        from kiosk.assistance.hub_views import bp as hub_bp

        app.register_blueprint(hub_bp)
        add_staff_links(app, StaffLink("assistance_hub.outlets", _l("Assistance"), order=9))
        return
    from kiosk.assistance import public
    from kiosk.assistance.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(public.bp)  # the person asks for a home visit themselves
    add_staff_links(
        app,
        StaffLink("assistance.tasks", _l("Assistance tasks"), order=32),
        StaffLink("assistance.requests_list", _l("Home visits"), order=34),
    )
