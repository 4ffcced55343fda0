"""What each station last reported of itself, and what of it needs someone's attention."""

import enum
import re
from dataclasses import dataclass
from datetime import timedelta

from alembic.script import ScriptDirectory
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import StationReport, utcnow
from kiosk.ops.versions import app_version, schema_revision
from kiosk.paths import MIGRATIONS

#: A station with no good backup for this long is flagged.
BACKUP_AGE = timedelta(days=2)
#: Free disk below either of these is flagged.
LOW_DISK_BYTES = 1024**3
LOW_DISK_SHARE = 0.05


class Flag(enum.StrEnum):
    """What the Stations page marks (each has its own words in labels)."""

    no_report = "no_report"
    old_version = "old_version"
    schema_behind = "schema_behind"
    schema_unknown = "schema_unknown"
    no_backup = "no_backup"
    printer_failing = "printer_failing"
    disk_low = "disk_low"


@dataclass(frozen=True)
class Fleet:
    """The hub's own version and schema, what a station's report is held against."""

    version: str
    head: str
    known: frozenset[str]


def fleet_baseline(session: Session) -> Fleet:
    head = schema_revision(session)
    script = ScriptDirectory(str(MIGRATIONS))
    known = frozenset(revision.revision for revision in script.walk_revisions())
    return Fleet(version=app_version(), head=head, known=known)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def flags_of(report: StationReport | None, fleet: Fleet) -> list[Flag]:
    if report is None:
        return [Flag.no_report]
    flags = []
    if _version_key(report.app_version) < _version_key(fleet.version):
        flags.append(Flag.old_version)
    if report.schema_revision != fleet.head:
        known = report.schema_revision in fleet.known
        flags.append(Flag.schema_behind if known else Flag.schema_unknown)
    if report.last_backup_at is None or report.last_backup_at < utcnow() - BACKUP_AGE:
        flags.append(Flag.no_backup)
    if report.printer_ok is False:
        flags.append(Flag.printer_failing)
    low_share = report.disk_total and report.disk_free < report.disk_total * LOW_DISK_SHARE
    if report.disk_free < LOW_DISK_BYTES or low_share:
        flags.append(Flag.disk_low)
    return flags


def reports_by_station(session: Session) -> dict[str, StationReport]:
    return {report.station_code: report for report in session.scalars(select(StationReport))}
