"""The staff console's accounts (both roles): sign in and out, the manager's accounts page
and the audit log."""

import uuid

from flask import (
    Flask,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from kiosk.domain.forms import Refused
from kiosk.extensions import db, limiter
from kiosk.models import AuditEntry, StaffMember, StaffRole
from kiosk.staff import labels as staff_labels
from kiosk.staff.accounts import authenticate, create_staff, end_sessions, set_active
from kiosk.web.links import is_local_path
from kiosk.web.staff import (
    StaffLink,
    add_staff_links,
    audit,
    links_for,
    role_required,
    signed_in,
    staff_blueprint,
)

bp = staff_blueprint("staff", __name__, "/staff", public=("login",))

#: Audit entries on one page.
AUDIT_PAGE = 100


def _login_limit() -> str:
    return current_app.config["RATE_LIMIT_LOGIN"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> ResponseReturnValue:
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
    signed_in(member)
    audit(db.session, "login", "staff", member.id)
    db.session.commit()
    target = request.args.get("next", "")
    return redirect(target if is_local_path(target) else url_for(".index"), code=303)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    # Every session of the account ends, not only this cookie: a copy of it is refused too.
    end_sessions(current_user)
    audit(db.session, "logout", "staff", current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for(".login"), code=303)


@bp.get("/")
def index() -> ResponseReturnValue:
    """The console's first page: the first link of the bar (the queue at a station)."""
    links = links_for(current_app, current_user.role)
    return redirect(url_for(links[0].endpoint) if links else url_for(".audit_log"))


@bp.get("/accounts")
@role_required(StaffRole.manager)
def accounts():
    return _render_accounts()


def _render_accounts(problem: str = "", status: int = 200, form: dict | None = None):
    members = db.session.scalars(select(StaffMember).order_by(StaffMember.username)).all()
    context = {
        "members": members,
        "problem": problem,
        "form": form or {},
        "roles": staff_labels.ROLES,
    }
    return render_template("staff/accounts.html", **context), status


@bp.post("/accounts")
@role_required(StaffRole.manager)
def create_account():
    form = request.form
    if form.get("password", "") != form.get("password_again", ""):
        return _render_accounts(staff_labels.PASSWORDS_DIFFER, 422, form)
    try:
        role = StaffRole(form.get("role", ""))
        member = create_staff(
            db.session, form.get("username", ""), form.get("display_name", ""),
            form.get("password", ""), role,
        )  # fmt: skip
    except ValueError as problem:
        db.session.rollback()
        refused = problem if isinstance(problem, Refused) else None  # else: no such role
        return _render_accounts(staff_labels.account_problem(refused), 422, form)
    db.session.flush()
    audit(db.session, "create_staff", "staff", member.id, member.role.value)
    db.session.commit()
    return redirect(url_for(".accounts"), code=303)


@bp.post("/accounts/<uuid:member_id>/<any(on, off):state>")
@role_required(StaffRole.manager)
def switch_account(member_id: uuid.UUID, state: str) -> ResponseReturnValue:
    member = db.get_or_404(StaffMember, member_id)
    if member.id == current_user.id:  # nobody locks themselves out
        abort(404)
    set_active(db.session, member, state == "on")
    audit(db.session, f"staff_{state}", "staff", member.id)
    db.session.commit()
    return redirect(url_for(".accounts"), code=303)


@bp.post("/accounts/<uuid:member_id>/sign-out")
@role_required(StaffRole.manager)
def sign_out_everywhere(member_id: uuid.UUID) -> ResponseReturnValue:
    member = db.get_or_404(StaffMember, member_id)
    end_sessions(member)
    audit(db.session, "staff_sign_out", "staff", member.id)
    db.session.commit()
    if member.id == current_user.id:
        logout_user()
        session.clear()
        return redirect(url_for(".login"), code=303)
    return redirect(url_for(".accounts"), code=303)


@bp.get("/audit")
@role_required(StaffRole.manager)
def audit_log() -> str:
    entries = db.session.scalars(
        select(AuditEntry).order_by(AuditEntry.at.desc()).limit(AUDIT_PAGE)
    ).all()
    return render_template("staff/audit.html", entries=entries)


def install(app: Flask) -> None:
    app.register_blueprint(bp)
    add_staff_links(
        app,
        StaffLink("staff.accounts", _l("Staff accounts"), StaffRole.manager, order=70),
        StaffLink("staff.audit_log", _l("Audit log"), StaffRole.manager, order=80),
    )
