"""The staff console's frame: blueprints that are signed-in (and role-checked) as a whole,
pages never cached, the audit log, the sign-in loader and the console's links.

A feature makes its console pages with `staff_blueprint(…)` and adds its links with
`add_staff_links(…)`; nobody writes the sign-in check, the role check or no-store again.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Blueprint, Flask, abort, current_app, request, session
from flask_login import current_user, login_required
from flask_login.config import EXEMPT_METHODS
from sqlalchemy.orm import Session

from kiosk.extensions import db, login_manager
from kiosk.models import AuditEntry, StaffMember, StaffRole
from kiosk.web.render import never_cached

_LINKS = "kiosk.staff_links"
#: The session key holding the account's session generation at sign-in.
GENERATION = "staff_gen"


def staff_blueprint(
    name: str,
    import_name: str,
    url_prefix: str,
    *,
    role: StaffRole | None = None,
    public: tuple[str, ...] = (),
) -> Blueprint:
    """A blueprint of console pages: anonymous visitors go to the sign-in page, a signed-in
    member without `role` gets 403, and no page is cached. `public` names the endpoints
    (such as the sign-in page itself) that anyone may open."""
    bp = Blueprint(name, import_name, url_prefix=url_prefix)
    bp.after_request(never_cached)

    @bp.before_request
    def signed_in_with_role() -> Any:
        if request.endpoint in {f"{name}.{endpoint}" for endpoint in public}:
            return None
        if request.method in EXEMPT_METHODS:
            return None
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
        if role is not None and current_user.role != role:
            abort(403)
        return None

    return bp


def role_required(role: StaffRole) -> Callable:
    """For one view of a console blueprint open to every member: anonymous → the sign-in
    page; signed in without the role → 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if current_user.role != role:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def audit(
    session: Session, action: str, record_kind: str = "", record_id: object = "", detail: str = ""
) -> None:
    """Note a staff action in the caller's transaction: it is kept only if the action is."""
    session.add(
        AuditEntry(
            staff_id=current_user.id if current_user.is_authenticated else None,
            action=action,
            record_kind=record_kind,
            record_id=str(record_id),
            detail=detail[:120],
        )
    )


@dataclass(frozen=True)
class StaffLink:
    """A link in the console's bar: a page of a mounted feature."""

    endpoint: str
    label: Any  # a lazy string, said in the member's language when the bar is drawn
    role: StaffRole | None = None
    #: Where it stands in the bar; the first one is the console's home.
    order: int = 50
    new_tab: bool = False


def add_staff_links(app: Flask, *links: StaffLink) -> None:
    app.extensions.setdefault(_LINKS, []).extend(links)


def links_for(app: Flask, role: StaffRole) -> list[StaffLink]:
    """The bar's links a member with this role sees, in order."""
    links = sorted(app.extensions.get(_LINKS, []), key=lambda link: link.order)
    return [link for link in links if link.role in (None, role)]


def signed_in(member: StaffMember) -> None:
    """After `login_user`: tie this session to the account's current generation."""
    session[GENERATION] = member.session_generation


def _load_staff(user_id: str) -> StaffMember | None:
    try:
        member = db.session.get(StaffMember, uuid.UUID(user_id))
    except ValueError:
        return None
    if member is None or not member.active:
        return None
    # A cookie from before a sign-out, a turning off or a new password no longer matches.
    if session.get(GENERATION) != member.session_generation:
        return None
    return member


def init_app(app: Flask) -> None:
    login_manager.user_loader(_load_staff)
    login_manager.login_view = "staff.login"
    login_manager.login_message = None  # the sign-in page says it itself

    @app.context_processor
    def staff_links() -> dict:
        def visible() -> list[StaffLink]:
            if not current_user.is_authenticated:
                return []
            return links_for(app, current_user.role)

        return {"staff_links": visible}
