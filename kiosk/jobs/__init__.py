"""Finding jobs (both roles): browse by category and area, filter, search, one job in detail."""

import click
from flask import Flask
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="The job search index.")


@jobs_cli.command("drop-expired")
def drop_expired_command() -> None:
    """Take jobs past their "open until" date out of the search index (run daily)."""
    from kiosk.extensions import db
    from kiosk.jobs.search import drop_expired
    from kiosk.models import local_today

    removed = drop_expired(db.session.connection(), local_today(), every_day=True)
    db.session.commit()
    click.echo(f"{removed} expired jobs taken out of the search index")


def install(app: Flask) -> None:
    from kiosk.jobs import labels
    from kiosk.jobs.views import bp
    from kiosk.web.labels import add_labels

    app.register_blueprint(bp)
    add_labels(app, "jobs", labels)
    app.cli.add_command(jobs_cli)
