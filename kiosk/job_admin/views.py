"""Jobs (staff console): the station manager lists, creates, edits, closes, imports, exports."""

import uuid

from flask import (
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import RequestEntityTooLarge

from kiosk.domain import reference
from kiosk.domain.forms import FieldProblem, Refused
from kiosk.extensions import db, htmx
from kiosk.i18n import localized
from kiosk.job_admin import editing, importing, labels
from kiosk.job_admin.editing import JobForm, JobProblem, StaleEdit, StatusFilter
from kiosk.models import (
    ImportStatus,
    Job,
    JobImport,
    JobStatus,
    RegionLevel,
    StaffRole,
    Station,
    local_today,
)
from kiosk.spreadsheets import csv_response, xlsx_response
from kiosk.web.links import is_local_path
from kiosk.web.staff import audit, staff_blueprint
from kiosk.web.uploads import accepts_file

bp = staff_blueprint("job_admin", __name__, "/staff/jobs", role=StaffRole.manager)

RECENT_IMPORTS = 5


def _station_code() -> str:
    return current_app.config["STATION_CODE"]


def _station() -> Station | None:
    return db.session.scalars(select(Station).where(Station.code == _station_code())).first()


def _job_or_404(job_id: uuid.UUID) -> Job:
    job = db.session.scalars(
        select(Job).where(Job.id == job_id, editing.owned(_station_code()))
    ).first()
    if job is None:
        abort(404)
    return job


def _list_args() -> tuple[StatusFilter, str, int]:
    status = StatusFilter.__members__.get(request.args.get("status", ""), StatusFilter.open)
    text = request.args.get("q", "")[:40]
    page = request.args.get("page", "1")
    return status, text, int(page) if page.isdigit() and len(page) < 6 else 1


@bp.get("/")
def index() -> str:
    status, text, page = _list_args()
    listing = editing.list_jobs(db.session, _station_code(), status, text, page)
    return render_template(
        "job_admin/index.html", listing=listing, status=status, text=text, today=local_today(),
        station_code=_station_code(),
    )  # fmt: skip


def _render_form(form: JobForm, job: Job | None, problems: dict, status: int = 200, note=""):
    return (
        render_template(
            "job_admin/edit.html",
            form=form,
            job=job,
            problems={name: labels.problem_text(p) for name, p in problems.items()},
            note=note,
            categories=reference.categories(),
            counties=_counties(),
            employers=editing.employers(db.session),
            today=local_today(),
        ),
        status,
    )


def _counties() -> list[tuple[str, str]]:
    """Each county with its prefecture, as the form's choices."""
    return [
        (
            r.code,
            f"{localized(reference.region(r.prefecture_code), 'name')} · {localized(r, 'name')}",
        )
        for r in reference.regions().values()
        if r.level == RegionLevel.county
    ]


def _form_data() -> JobForm:
    return JobForm.from_mapping({k: v[:5000] for k, v in request.form.items()})


@bp.route("/new", methods=["GET", "POST"])
def create():
    if request.method == "GET":
        return _render_form(JobForm(), None, {})
    form = _form_data()
    try:
        checked = editing.check_job(db.session, form, today=local_today())
    except Refused as refused:
        db.session.rollback()
        return _render_form(form, None, refused.problems, 422)
    if editing.open_duplicate(db.session, checked):
        db.session.rollback()
        problems = {"title_zh": FieldProblem(JobProblem.duplicate)}
        return _render_form(form, None, problems, 422)
    job = editing.create_job(db.session, checked, origin=_station_code(), station=_station())
    db.session.flush()
    audit(db.session, "job_create", "job", job.id)
    db.session.commit()
    flash(_("The job is published."))
    return redirect(url_for(".index"), code=303)


@bp.route("/<uuid:job_id>/edit", methods=["GET", "POST"])
def edit(job_id: uuid.UUID):
    job = _job_or_404(job_id)
    if request.method == "GET":
        return _render_form(JobForm.of(job), job, {})
    form = _form_data()
    seen = request.form.get("version", "")
    try:
        checked = editing.check_job(db.session, form, today=local_today(), current=job)
        duplicate = editing.open_duplicate(db.session, checked, other_than=job)
        if job.status == JobStatus.open and duplicate:
            raise Refused.one("title_zh", JobProblem.duplicate)
        editing.update_job(
            db.session, job, checked, seen_version=int(seen) if seen.isdigit() else -1,
            origin=_station_code(),
        )  # fmt: skip
        audit(db.session, "job_edit", "job", job.id)
        db.session.commit()
    except Refused as refused:
        db.session.rollback()
        return _render_form(form, job, refused.problems, 422)
    except (StaleEdit, StaleDataError):
        db.session.rollback()
        fresh = _job_or_404(job_id)
        note = _(
            "Someone else changed this job while you were editing it. Nothing was saved: "
            "this is the job as it is now. Please make your change again."
        )
        return _render_form(JobForm.of(fresh), fresh, {}, 409, note)
    flash(_("Your changes are saved."))
    return redirect(url_for(".index"), code=303)


@bp.post("/<uuid:job_id>/<any(close, reopen):action>")
def change_status(job_id: uuid.UUID, action: str) -> ResponseReturnValue:
    job = _job_or_404(job_id)
    if action == "reopen" and job.expires_on < local_today():
        flash(_("This job's date has passed: give it a new date to reopen it."), "problem")
        return redirect(url_for(".edit", job_id=job.id), code=303)
    wanted = JobStatus.closed if action == "close" else JobStatus.open
    if editing.set_status(job, wanted):
        audit(db.session, f"job_{action}", "job", job.id)
        db.session.commit()
    flash(_("The job is closed.") if action == "close" else _("The job is open again."))
    back = request.form.get("back", "")
    return redirect(back if is_local_path(back) else url_for(".index"), code=303)


# --- import ------------------------------------------------------------------------------


def _render_upload(problem: str = "", status: int = 200):
    recent = db.session.scalars(
        select(JobImport).order_by(JobImport.created_at.desc()).limit(RECENT_IMPORTS)
    ).all()
    return (
        render_template(
            "job_admin/import.html",
            problem=problem,
            recent=recent,
            categories=reference.categories(),
            max_mb=importing.MAX_BYTES // (1024 * 1024),
        ),
        status,
    )


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    db.session.rollback()
    return _render_upload(labels.too_large(), 413)


@bp.get("/import")
def upload_page():
    return _render_upload()


@bp.post("/import")
@accepts_file(importing.MAX_BYTES)
def upload():
    file = request.files.get("file")
    content = file.read(importing.MAX_BYTES + 1) if file else b""
    if not content:
        return _render_upload(_("Please choose a file to upload."), 422)
    if len(content) > importing.MAX_BYTES:
        return _render_upload(labels.too_large(), 413)
    job_import = importing.start_import(db.session, file.filename or "", content, current_user.id)
    db.session.commit()
    return redirect(url_for(".import_status", import_id=job_import.id), code=303)


def _render_status(job_import: JobImport, message: str = "", status: int = 200):
    context = {
        "job_import": job_import,
        "message": message,
        "rows": importing.preview(db.session, job_import, local_today()),
        "bad_rows": job_import.checked_rows - job_import.good_rows,
        "unlisted": importing.unlisted_bad_rows(job_import),
    }
    template = "job_admin/_import_progress.html" if htmx else "job_admin/import_status.html"
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


@bp.get("/imports/<uuid:import_id>")
def import_status(import_id: uuid.UUID) -> Response:
    """Each visit (htmx's poll, or the page's refresh without JS) checks the next rows."""
    job_import = db.get_or_404(JobImport, import_id)
    if job_import.status == ImportStatus.checking:
        size = current_app.config.get("JOB_IMPORT_CHUNK_ROWS")
        importing.check_next_rows(db.session, job_import, local_today(), size)
        db.session.commit()
    return _render_status(job_import)


@bp.post("/imports/<uuid:import_id>/run")
def run_import(import_id: uuid.UUID) -> ResponseReturnValue:
    job_import = db.get_or_404(JobImport, import_id)
    try:
        jobs = importing.run_import(
            db.session, job_import, local_today(), skip_bad=request.form.get("skip_bad") == "yes",
            origin=_station_code(), station=_station(),
        )  # fmt: skip
    except Refused as refused:
        db.session.rollback()
        return _render_status(job_import, str(labels.IMPORT_REFUSED[refused.problem]), 409)
    audit(db.session, "job_import", "job_import", job_import.id, f"{len(jobs)} jobs")
    db.session.commit()
    return redirect(url_for(".import_status", import_id=job_import.id), code=303)


@bp.post("/imports/<uuid:import_id>/cancel")
def cancel_import(import_id: uuid.UUID) -> ResponseReturnValue:
    job_import = db.get_or_404(JobImport, import_id)
    if importing.cancel_import(job_import):
        db.session.commit()
    return redirect(url_for(".upload_page"), code=303)


@bp.get("/import/template.<any(csv, xlsx):kind>")
def template(kind: str) -> Response:
    if kind == "csv":
        return csv_response(importing.header_row(), [], "jobs-template.csv")
    return xlsx_response(importing.workbook([]), "jobs-template.xlsx")


@bp.get("/export.<any(csv, xlsx):kind>")
def export(kind: str) -> Response:
    status, text, _page = _list_args()
    rows = [
        importing.export_row(job)
        for job in editing.all_jobs(db.session, _station_code(), status, text)
    ]
    audit(db.session, "job_export", "job", "", f"{kind} {len(rows)} jobs")
    db.session.commit()
    name = f"jobs-{_station_code()}-{local_today().isoformat()}.{kind}"
    if kind == "csv":
        return csv_response(importing.header_row(), rows, name)
    return xlsx_response(importing.workbook(rows), name)
