"""The county's jobs at the hub (console): find a job, hide or close it with a reason, lift
that, or delete it; and the gig posts the outlets sent, hidden, closed or lifted the same way
(as `kiosk hub moderate-gig`)."""

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.domain.forms import Refused
from kiosk.extensions import db
from kiosk.models import GigPost, Job, StaffRole
from kiosk.moderation import labels, moderating
from kiosk.moderation.moderating import Decision
from kiosk.web.form_labels import messages
from kiosk.web.staff import audit, staff_blueprint

bp = staff_blueprint("moderation", __name__, "/staff/moderation", role=StaffRole.manager)


def _job_or_404(job_id: uuid.UUID) -> Job:
    job = db.session.get(Job, job_id)
    if job is None:
        abort(404)
    return job


def _filters() -> tuple[str, str, int]:
    """The list's outlet, title search and page, as the address gives them."""
    page = request.args.get("page", "1")
    return (
        request.args.get("outlet", "")[:32],
        request.args.get("q", "")[:40],
        int(page) if page.isdigit() and len(page) < 6 else 1,
    )


def _posted_reason() -> str:
    return request.form.get("reason", "")[:1000]


def _posted_decision() -> tuple[Decision, str]:
    """The decision and the reason as typed (a decision no form offers is a bad request)."""
    decision = Decision.__members__.get(request.form.get("decision", ""))
    if decision is None:
        abort(400)
    return decision, _posted_reason()


def _reason_for(decision: Decision, raw: str) -> str:
    """The reason checked: hiding or closing needs one, lifting keeps none."""
    return moderating.check_reason(raw) if decision is not Decision.lift else ""


@bp.get("/")
def index() -> str:
    outlet, text, page = _filters()
    listing = moderating.county_jobs(db.session, outlet, text, page)
    return render_template(
        "moderation/index.html", listing=listing, outlet=outlet, text=text,
        outlets=moderating.outlets(db.session),
    )  # fmt: skip


def _render_job(job: Job, problems: dict, reason: str = "", status: int = 200):
    return render_template("moderation/job.html", job=job, problems=problems, reason=reason), status


@bp.get("/<uuid:job_id>")
def job_page(job_id: uuid.UUID):
    return _render_job(_job_or_404(job_id), {})


@bp.post("/<uuid:job_id>")
def decide(job_id: uuid.UUID) -> ResponseReturnValue:
    job = _job_or_404(job_id)
    decision, raw = _posted_decision()
    try:
        reason = _reason_for(decision, raw)
    except Refused as refused:
        db.session.rollback()
        return _render_job(job, messages(refused.problems, labels.PROBLEMS), raw, 422)
    moderating.moderate(db.session, job.id, decision, reason)
    audit(db.session, f"job_{decision.value}", "job", job.id, reason)
    db.session.commit()
    flash(str(labels.DONE[decision]))
    return redirect(url_for(".job_page", job_id=job.id), code=303)


@bp.route("/<uuid:job_id>/delete", methods=["GET", "POST"])
def delete(job_id: uuid.UUID):
    job = _job_or_404(job_id)
    if request.method == "GET":
        return render_template("moderation/delete.html", job=job, problems={}, reason="")
    raw = _posted_reason()
    try:
        reason = moderating.check_reason(raw)
    except Refused as refused:
        db.session.rollback()
        problems = messages(refused.problems, labels.PROBLEMS)
        page = render_template("moderation/delete.html", job=job, problems=problems, reason=raw)
        return page, 422
    title = job.title_zh
    moderating.delete_job(db.session, job.id, reason)
    audit(db.session, "job_delete", "job", job_id, reason)
    db.session.commit()
    flash(_("The job “%(title)s” is deleted; every station removes it with its next sync.",
            title=title))  # fmt: skip
    return redirect(url_for(".index"), code=303)


# --- gig posts ----------------------------------------------------------------------------


def _gig_or_404(post_id: uuid.UUID) -> GigPost:
    post = db.session.get(GigPost, post_id)
    if post is None:
        abort(404)
    return post


@bp.get("/gigs/")
def gigs() -> str:
    outlet, text, page = _filters()
    listing = moderating.county_gigs(db.session, outlet, text, page)
    return render_template(
        "moderation/gigs.html", listing=listing, outlet=outlet, text=text,
        outlets=moderating.gig_outlets(db.session),
    )  # fmt: skip


def _render_gig(post: GigPost, problems: dict, reason: str = "", status: int = 200):
    page = render_template("moderation/gig.html", post=post, problems=problems, reason=reason)
    return page, status


@bp.get("/gigs/<uuid:post_id>")
def gig_page(post_id: uuid.UUID):
    return _render_gig(_gig_or_404(post_id), {})


@bp.post("/gigs/<uuid:post_id>")
def decide_gig(post_id: uuid.UUID) -> ResponseReturnValue:
    """Hide, close or lift, with the reason the outlet and the employer read (audited as the
    command line's `gig_post_<decision>`)."""
    post = _gig_or_404(post_id)
    decision, raw = _posted_decision()
    try:
        reason = _reason_for(decision, raw)
    except Refused as refused:
        db.session.rollback()
        return _render_gig(post, messages(refused.problems, labels.GIG_PROBLEMS), raw, 422)
    moderating.moderate_gig(db.session, post.id, decision, reason)
    audit(db.session, f"gig_post_{decision.value}", "gig_post", post.id, reason)
    db.session.commit()
    flash(str(labels.GIG_DONE[decision]))
    return redirect(url_for(".gig_page", post_id=post.id), code=303)
