"""How many rows a bulk UPDATE or DELETE touched: the check behind every race-safe claim."""

from typing import cast

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import Session


def rows_changed(session: Session, statement: Executable) -> int:
    """Run `statement` and say how many rows it changed.

    `Session.execute` is typed as returning a plain `Result`; a DML statement gives a
    `CursorResult`, which is the one that has `rowcount`.
    """
    return cast(CursorResult, session.execute(statement)).rowcount
