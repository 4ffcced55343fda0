"""Every change to a record that travels is captured where it is made, whatever the statement.

An ORM flush is seen by one hook; a bulk UPDATE goes through `update_synced`, which bumps the
version, stamps the time and hands the changed rows to the same capture. A station's capture
queues its own records for the hub (the outbox); a hub's numbers what it publishes (the change
log). A bulk UPDATE or DELETE of a travelling record that bypasses `update_synced` is refused
on the spot, so no change can be saved and never reach the other side.
"""

from collections.abc import Sequence
from typing import Any, Protocol

from flask import Flask, current_app, has_app_context
from sqlalchemy import Row, event, update
from sqlalchemy.orm import ORMExecuteState, Session

from kiosk.models import utcnow

_KEY = "kiosk.sync_capture"
_THROUGH_CAPTURE = "kiosk_synced_update"


class Capture(Protocol):
    """What a role does with the changes made on its box."""

    #: The records this side sends: a bulk statement changes them only through `update_synced`.
    models: frozenset[type]

    def flushed(self, session: Session) -> None: ...

    def updated(self, session: Session, model: type, rows: Sequence[Row[Any]]) -> None: ...


def install_capture(app: Flask, capture: Capture) -> None:
    app.extensions[_KEY] = capture
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _refuse_uncaptured)


def _capture() -> Capture | None:
    return current_app.extensions.get(_KEY) if has_app_context() else None


def _after_flush(session: Session, _context: object) -> None:
    if (capture := _capture()) is not None:
        with session.no_autoflush:
            capture.flushed(session)


def _refuse_uncaptured(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return
    capture = _capture()
    model = state.bind_mapper.class_
    if (
        capture is not None
        and model in capture.models
        and not state.execution_options.get(_THROUGH_CAPTURE)
    ):
        raise RuntimeError(
            f"a bulk change of {model.__name__} must go through kiosk.sync.capture."
            "update_synced, or the other side never hears of it"
        )


def update_synced(
    session: Session, model: Any, *where: Any, returning: Sequence[Any] = (), **values: Any
) -> Sequence[Row[Any]]:
    """UPDATE the records of `model` that meet `where`, bumping their version; returns each
    changed row's (id, origin, *returning). The change is captured in the same transaction."""
    statement = (
        update(model)
        .where(*where)
        .values(version=model.version + 1, updated_at=utcnow(), **values)
        .returning(model.id, model.origin, *returning)
        .execution_options(synchronize_session=False, **{_THROUGH_CAPTURE: True})
    )
    rows = session.execute(statement).all()
    if rows and (capture := _capture()) is not None:
        capture.updated(session, model, rows)
    return rows
