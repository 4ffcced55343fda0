"""Jobs in the console (both roles): create, edit, close, import from files, export."""

from flask import Flask


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.job_admin import labels
    from kiosk.job_admin.views import bp
    from kiosk.models import StaffRole
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.register_blueprint(bp)
    add_labels(app, "job_admin", labels)
    add_staff_links(app, StaffLink("job_admin.index", _l("Jobs"), StaffRole.manager, order=40))
