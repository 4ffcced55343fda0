"""`kiosk hub delete-job`: the same deletion as the page, audited, for the hub's shell;
`kiosk hub moderate-gig`: hide, close or lift a station's gig post, audited."""

import uuid

import click
from flask.cli import with_appcontext

from kiosk.domain.forms import Refused
from kiosk.extensions import db
from kiosk.models import AuditEntry, GigPost
from kiosk.moderation.moderating import Decision, check_reason, delete_job, moderate_gig


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


@click.command("moderate-gig")
@click.argument("post_id", type=click.UUID)
@click.argument("decision", type=click.Choice([d.value for d in Decision]))
@click.option("--reason", required=True, help="Why: the owner station's employer reads it.")
@with_appcontext
def moderate_gig_command(post_id: uuid.UUID, decision: str, reason: str) -> None:
    """Hide, close or lift a gig post; it travels to its owner and every station."""
    try:
        reason = check_reason(reason)
    except Refused as refused:
        raise click.ClickException("give a reason (one line, at most 300 characters)") from refused
    if not moderate_gig(db.session, post_id, Decision(decision), reason):
        raise click.ClickException(f"no gig post {post_id} at this hub")
    db.session.add(
        AuditEntry(
            staff_id=None,
            action=f"gig_post_{decision}",
            record_kind="gig_post",
            record_id=str(post_id),
            detail=f"command line: {reason}"[:120],
        )
    )
    db.session.commit()
    post = db.session.get(GigPost, post_id)
    title = post.title_zh if post is not None else ""
    click.echo(f"Gig post {post_id} ({title}, from {post.origin if post else '?'}): {decision}")
