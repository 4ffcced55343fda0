"""The staff console: sign in, serve today's queue, read the audit log; and the lobby screen."""

import uuid
from collections.abc import Callable

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from kiosk.extensions import db, htmx, limiter
from kiosk.home.views import is_local_path
from kiosk.i18n import CHINESE, MONGOLIAN
from kiosk.models import AuditEntry, Slip, StaffMember, StaffRole, local_today
from kiosk.personal_data import never_cached
from kiosk.slips.service import print_slip
from kiosk.staff import labels
from kiosk.staff.accounts import (
    AccountProblem,
    audit,
    authenticate,
    create_staff,
    role_required,
    set_active,
)
from kiosk.staff.queue import (
    CheckInRefused,
    Kind,
    Outcome,
    call,
    call_next,
    check_in,
    entry_for,
    finish,
    now_serving,
    todays_queue,
)

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.after_request(never_cached)


@bp.context_processor
def staff_words() -> dict:
    return {"staff_labels": labels}


#: The counter this desk calls people to (kept in the staff member's session).
COUNTER = "counter"
#: Audit entries on one page.
AUDIT_PAGE = 100


def _login_limit() -> str:
    return current_app.config["RATE_LIMIT_LOGIN"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> Response | str | tuple[str, int]:
    if request.method == "GET":
        return render_template("staff/login.html", failed=False)
    member = authenticate(
        db.session, request.form.get("username", ""), request.form.get("password", "")
    )
    if member is None:
        db.session.rollback()
        return render_template("staff/login.html", failed=True), 401
    # Nothing a kiosk visitor left behind carries into the staff session, but the language.
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(member)
    audit(db.session, "login", "staff", member.id)
    db.session.commit()
    target = request.args.get("next", "")
    return redirect(target if is_local_path(target) else url_for(".queue"), code=303)


@bp.post("/logout")
@login_required
def logout() -> Response:
    audit(db.session, "logout", "staff", current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for(".login"), code=303)


@bp.get("/")
@login_required
def index() -> Response:
    return redirect(url_for(".queue"))


def _counter() -> str:
    counters = current_app.config["COUNTERS"]
    return session.get(COUNTER) if session.get(COUNTER) in counters else counters[0]


def _render_queue(message: str = "", problem: str = "", status: int = 200):
    entries = todays_queue(db.session, local_today())
    context = {
        "entries": entries,
        "counter": _counter(),
        "counters": current_app.config["COUNTERS"],
        "message": message,
        "problem": problem,
    }
    if htmx and request.headers.get("HX-Target") == "queue-list":
        return render_template("staff/_queue_list.html", **context), status
    return render_template("staff/queue.html", **context), status


@bp.get("/queue")
@login_required
def queue():
    return _render_queue()


@bp.post("/queue/counter")
@login_required
def choose_counter() -> Response:
    if request.form.get("counter") in current_app.config["COUNTERS"]:
        session[COUNTER] = request.form["counter"]
    return redirect(url_for(".queue"), code=303)


@bp.post("/queue/check-in")
@login_required
def scan():
    """What the barcode scanner typed (the slip's QR address) or a code typed by hand."""
    try:
        kind, record = check_in(db.session, request.form.get("scan", ""), local_today())
    except CheckInRefused as refused:
        db.session.rollback()
        return _render_queue(problem=labels.CHECK_IN_PROBLEMS[refused.problem], status=422)
    audit(db.session, "check_in", kind.value, record.id, record.queue_label)
    db.session.commit()
    return _render_queue(message=labels.checked_in(record.queue_label))


@bp.post("/queue/next")
@login_required
def next_person():
    entry = call_next(db.session, _counter(), local_today())
    if entry is None:
        db.session.rollback()
        return _render_queue(problem=labels.NOBODY_WAITING)
    audit(
        db.session, "call", entry.kind.value, entry.id, f"{entry.record.queue_label} → {_counter()}"
    )
    db.session.commit()
    return _render_queue(message=labels.called(entry.record.queue_label, _counter()))


def _entry_or_404(kind: str, record_id: str):
    try:
        entry = entry_for(db.session, Kind(kind), uuid.UUID(record_id))
    except ValueError:
        entry = None
    if entry is None:
        abort(404)
    return entry


@bp.post("/queue/<kind>/<record_id>/<action>")
@login_required
def act(kind: str, record_id: str, action: str):
    """Call this person, or record how the visit ended: served, no-show, referred."""
    entry = _entry_or_404(kind, record_id)
    label = entry.record.queue_label
    if action == "call":
        done = call(db.session, entry, _counter())
        message = labels.called(label, _counter())
    elif action in Outcome.__members__:
        done = finish(db.session, entry, Outcome(action))
        message = labels.finished(label, Outcome(action))
    else:
        abort(404)
    if not done:
        db.session.rollback()
        return _render_queue(problem=labels.STATE_CHANGED, status=409)
    audit(db.session, action, entry.kind.value, entry.id, label)
    db.session.commit()
    return _render_queue(message=message)


@bp.post("/queue/<kind>/<record_id>/reprint")
@login_required
def reprint(kind: str, record_id: str):
    """Print the person's latest slip again, at the desk's printer."""
    entry = _entry_or_404(kind, record_id)
    slip = db.session.scalars(
        select(Slip).where(Slip.subject_id == entry.id).order_by(Slip.created_at.desc())
    ).first()
    if slip is None:
        abort(404)
    printed = print_slip(db.session, slip)
    audit(db.session, "reprint", entry.kind.value, entry.id, entry.record.queue_label)
    db.session.commit()
    if printed:
        return _render_queue(message=labels.reprinted(entry.record.queue_label))
    return _render_queue(problem=labels.print_failed(slip.print_error), status=502)


@bp.get("/accounts")
@role_required(StaffRole.manager)
def accounts():
    return _render_accounts()


def _render_accounts(problem: str = "", status: int = 200, form: dict | None = None):
    members = db.session.scalars(select(StaffMember).order_by(StaffMember.username)).all()
    context = {"members": members, "problem": problem, "form": form or {}, "roles": labels.ROLES}
    return render_template("staff/accounts.html", **context), status


@bp.post("/accounts")
@role_required(StaffRole.manager)
def create_account():
    form = request.form
    if form.get("password", "") != form.get("password_again", ""):
        return _render_accounts(labels.PASSWORDS_DIFFER, 422, form)
    try:
        role = StaffRole(form.get("role", ""))
        member = create_staff(
            db.session, form.get("username", ""), form.get("display_name", ""),
            form.get("password", ""), role,
        )  # fmt: skip
    except ValueError as problem:
        db.session.rollback()
        issue = problem.issue if isinstance(problem, AccountProblem) else None
        return _render_accounts(labels.account_problem(issue), 422, form)
    db.session.flush()
    audit(db.session, "create_staff", "staff", member.id, member.role.value)
    db.session.commit()
    return redirect(url_for(".accounts"), code=303)


@bp.post("/accounts/<uuid:member_id>/<any(on, off):state>")
@role_required(StaffRole.manager)
def switch_account(member_id: uuid.UUID, state: str) -> Response:
    member = db.get_or_404(StaffMember, member_id)
    if member.id == current_user.id:  # nobody locks themselves out
        abort(404)
    set_active(db.session, member, state == "on")
    audit(db.session, f"staff_{state}", "staff", member.id)
    db.session.commit()
    return redirect(url_for(".accounts"), code=303)


@bp.get("/audit")
@role_required(StaffRole.manager)
def audit_log() -> str:
    entries = db.session.scalars(
        select(AuditEntry).order_by(AuditEntry.at.desc()).limit(AUDIT_PAGE)
    ).all()
    return render_template("staff/audit.html", entries=entries)


lobby_bp = Blueprint("lobby", __name__)


@lobby_bp.get("/lobby")
def lobby() -> str:
    """The waiting room's TV: the number called to each counter, updating by itself."""
    rows = [
        {
            "number": row.label,
            "counter": row.counter,
            # Both languages at once: the room holds readers of either script.
            "say": {
                locale: _in(locale, labels.go_to_counter, row.counter)
                for locale in (CHINESE, MONGOLIAN)
            },
            "service": {CHINESE: row.service.name_zh, MONGOLIAN: row.service.name_mn},
        }
        for row in now_serving(db.session, local_today())
    ]
    waiting = {locale: _in(locale, labels.please_wait) for locale in (CHINESE, MONGOLIAN)}
    template = "staff/_lobby_board.html" if htmx else "staff/lobby.html"
    return render_template(template, rows=rows, waiting=waiting)


def _in(locale: str, words: Callable[..., str], *values: str) -> str:
    with force_locale(locale):
        return words(*values)
