"""The county steers its outlets (hub): indicators by outlet, banner and prefecture, targets,
the report the bureau forwards, the figures sent back to each station, and the directory."""

from flask import Flask


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.county import labels
    from kiosk.county.cli import publish_figures_command, report_command
    from kiosk.county.views import bp
    from kiosk.sync.hub.cli import hub
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.register_blueprint(bp)
    add_labels(app, "county", labels)
    hub.add_command(report_command)
    hub.add_command(publish_figures_command)
    add_staff_links(
        app,
        StaffLink("county.index", _l("Indicators"), order=6),
        StaffLink("county.targets", _l("Targets"), order=7),
        StaffLink("county.directory", _l("Directory"), order=8),
    )
