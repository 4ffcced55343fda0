"""The staff console's accounts (both roles): sign-in, accounts, the audit log."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk.staff import labels
    from kiosk.staff.accounts import create_staff_command, set_password_command
    from kiosk.staff.views import install as install_views
    from kiosk.web.labels import add_labels

    install_views(app)
    add_labels(app, "staff", labels)
    app.cli.add_command(create_staff_command)
    app.cli.add_command(set_password_command)
