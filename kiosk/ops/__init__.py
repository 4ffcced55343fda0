"""Running a box (both roles): backups, restores and upgrades (`kiosk backup`, `restore`,
`upgrade`)."""

from flask import Flask


def install(app: Flask) -> None:
    from kiosk.ops.cli import backup_command, restore_command, upgrade_command

    for command in (backup_command, restore_command, upgrade_command):
        app.cli.add_command(command)
