"""`kiosk events cancel CODE` and `kiosk events move CODE --starts … --ends …` (hub): the same
changes as the event's page, travelling to every station with its next pull."""

from typing import NoReturn

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from kiosk.domain.forms import Refused
from kiosk.events.service import cancel_event, event_by_code, move_event
from kiosk.extensions import db
from kiosk.models import AuditEntry, Event, utcnow


@click.group("events")
def events() -> None:
    """The county's fairs, caravan days and live streams."""


def _found(code: str) -> Event:
    found = event_by_code(db.session, code)
    if found is None:
        raise click.BadParameter(f"no event {code}", param_hint="CODE")
    return found


def _audit(action: str, event: Event) -> None:
    # No one is signed in at a shell: the entry says so.
    db.session.add(
        AuditEntry(staff_id=None, action=action, record_kind="event", record_id=str(event.id),
                   detail=f"command line: {event.code}")
    )  # fmt: skip


def _refused(code: str, refused: Refused) -> NoReturn:
    from kiosk.events import labels

    db.session.rollback()
    with force_locale("zh_Hans_CN"):
        for name, problem in refused.problems.items():
            click.echo(f"{code}: {name}: {labels.problem_message(problem)}", err=True)
    raise SystemExit(2)


@events.command("cancel")
@click.argument("code")
@with_appcontext
def cancel_command(code: str) -> None:
    """Cancel event CODE: stations show it cancelled and take no more sign-ups."""
    found = _found(code)
    try:
        cancel_event(found, utcnow())
    except Refused as refused:
        _refused(found.code, refused)
    _audit("cancel event", found)
    db.session.commit()
    click.echo(f"{found.code}: cancelled")


@events.command("move")
@click.argument("code")
@click.option("--starts", required=True, help="Beijing time, such as 2026-12-20 09:00.")
@click.option("--ends", required=True, help="Beijing time, such as 2026-12-20 15:30.")
@with_appcontext
def move_command(code: str, starts: str, ends: str) -> None:
    """Move event CODE to a new time: people who signed up see it moved, and from when."""
    found = _found(code)
    try:
        move_event(found, starts, ends, utcnow())
    except Refused as refused:
        _refused(found.code, refused)
    _audit("move event", found)
    db.session.commit()
    click.echo(f"{found.code}: moved to {starts} – {ends}")
