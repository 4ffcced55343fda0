"""`kiosk policies import FILE` (hub): a county's policy items published in one go, or none."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from kiosk.extensions import db
from kiosk.policies.library import STARTER, FileRefused, import_policies, read_file_items
from kiosk.web.form_labels import message


@click.group("policies")
def policies() -> None:
    """The county's policy library."""


@policies.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                required=False)  # fmt: skip
@click.option("--starter", is_flag=True, help=f"The example set ({STARTER.name}).")
@with_appcontext
def import_command(file: Path | None, starter: bool) -> None:
    """Publish the items of FILE ({"policies": [{"code", "title": {"zh", "mn"}, …}]}, as
    kiosk/data/policies/starter-nm.json), each new or replacing the item of its code. One
    item without its Mongolian text, or any other problem, and nothing is published: the
    problems on stderr, exit code 2."""
    from kiosk.policies import labels

    if (file is None) == (not starter):
        raise click.UsageError("give FILE or --starter")
    path = STARTER if starter else file
    assert path is not None
    try:
        published = import_policies(
            db.session, read_file_items(path), current_app.config["STATION_CODE"]
        )
    except FileRefused as refused:
        db.session.rollback()
        with force_locale("zh_Hans_CN"):
            for item, name, problem in refused.problems:
                words = message(problem, labels.problems()) if problem else ""
                click.echo(f"{path.name}: {item}: {name}: {words}".rstrip(": "), err=True)
        raise SystemExit(2) from None
    db.session.commit()
    click.echo(f"{path.name}: {len(published)} policies published")
