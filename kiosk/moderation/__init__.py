"""The hub's moderation of the county's jobs: hide or close a job an outlet published, with a
reason that travels back to its owner (and to every station); delete a job, audited, as a
page and as `kiosk hub delete-job`."""

from flask import Flask


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.models import StaffRole
    from kiosk.moderation import labels
    from kiosk.moderation.cli import delete_job_command, moderate_gig_command
    from kiosk.moderation.views import bp
    from kiosk.sync.hub.cli import hub
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.register_blueprint(bp)
    add_labels(app, "moderation", labels)
    hub.add_command(delete_job_command)
    hub.add_command(moderate_gig_command)
    add_staff_links(
        app, StaffLink("moderation.index", _l("County's jobs"), StaffRole.manager, order=45)
    )
