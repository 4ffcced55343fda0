"""`kiosk hub delete-job`: the same deletion as the page, audited, for the hub's shell."""

import uuid

import click
from flask.cli import with_appcontext

from kiosk.domain.forms import Refused
from kiosk.extensions import db
from kiosk.models import AuditEntry
from kiosk.moderation.moderating import check_reason, delete_job


@click.command("delete-job")
@click.argument("job_id", type=click.UUID)
@click.option("--reason", required=True, help="Why: kept with the audit entry.")
@with_appcontext
def delete_job_command(job_id: uuid.UUID, reason: str) -> None:
    """Delete a job at the hub; every station removes it with its next pull."""
    try:
        reason = check_reason(reason)
    except Refused as refused:
        raise click.ClickException("give a reason (one line, at most 300 characters)") from refused
    job = delete_job(db.session, job_id, reason)
    if job is None:
        raise click.ClickException(f"no job {job_id} at this hub")
    # No one is signed in at a shell: the entry says so.
    db.session.add(
        AuditEntry(
            staff_id=None,
            action="job_delete",
            record_kind="job",
            record_id=str(job_id),
            detail=f"command line: {reason}"[:120],
        )
    )
    db.session.commit()
    click.echo(f"Job {job_id} ({job.title_zh}, from {job.origin}) deleted: {reason}")
