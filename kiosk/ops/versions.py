"""Which app and which schema this box runs (a station reports them to its hub)."""

from importlib import metadata

from sqlalchemy import text
from sqlalchemy.orm import Session


def app_version() -> str:
    try:
        return metadata.version("kiosk")
    except metadata.PackageNotFoundError:
        return "unknown"


def schema_revision(session: Session) -> str:
    """The Alembic revision the database is at."""
    return session.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""
