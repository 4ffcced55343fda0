"""The county's policy library (both roles): items in both scripts published at the hub (its
console page, `kiosk policies import FILE`) and pulled by every station; `GET /policies` to
read and search them on the kiosk and phone, a slip to take one home (a station), and the
anonymous self-check `/policies/check` whose rules live in kiosk/data/rules."""

from flask import Flask

from kiosk.roles import Role


def install(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from kiosk.models import StaffRole
    from kiosk.policies import labels
    from kiosk.policies.views import admin, bp, slips
    from kiosk.web.labels import add_labels
    from kiosk.web.staff import StaffLink, add_staff_links

    app.register_blueprint(bp)
    add_labels(app, "policies", labels)
    if app.config["ROLE"] == Role.station:
        app.register_blueprint(slips)
        return
    from kiosk.policies.cli import policies

    app.register_blueprint(admin)
    app.cli.add_command(policies)
    add_staff_links(app, StaffLink("policy_admin.admin_index", _l("Policies"), StaffRole.manager,
                                   order=9))  # fmt: skip
