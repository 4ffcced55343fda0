"""The policy library on the kiosk and phone (both roles), its self-check, its slip (a
station), and the hub's console page that publishes it."""

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import keypad
from kiosk.domain.forms import Refused
from kiosk.extensions import db, limiter
from kiosk.i18n import current_locale
from kiosk.models import Policy, ServiceItem, SlipKind, StaffRole
from kiosk.policies import labels
from kiosk.policies.check import answers_of, check_rules, run_check
from kiosk.policies.library import PolicyForm, all_policies, find_policies, publish_policy
from kiosk.qr import public_url, qr_svg
from kiosk.web import device
from kiosk.web.form_labels import messages
from kiosk.web.render import page
from kiosk.web.staff import audit, role_required, staff_blueprint

bp = Blueprint("policies", __name__, url_prefix="/policies")
#: A station's: the item on paper (slips are printed at a station only).
slips = Blueprint("policy_slips", __name__, url_prefix="/policies")
#: The hub's: the county publishes its items here.
admin = staff_blueprint("policy_admin", __name__, "/staff/policies")

MAX_QUERY = 40
LANGUAGE = {"zh_Hans_CN": "zh", "mn_Mong_CN": "mn"}


def _policy_or_404(code: str) -> Policy:
    policy = db.session.scalar(select(Policy).where(Policy.code == code[:40]))
    if policy is None:
        abort(404)
    return policy


def bookable() -> set[str]:
    """Services this box books (a hub books none): a policy's "book" button needs one."""
    if "appointments.pick_slot" not in current_app.view_functions:
        return set()
    return set(db.session.scalars(select(ServiceItem.code).where(ServiceItem.active.is_(True))))


@bp.get("/")
def index() -> Response:
    text = keypad.typed(request.args.get("q", "")[:MAX_QUERY], request.args.get("key", ""),
                        MAX_QUERY)  # fmt: skip
    found = find_policies(db.session, text)
    return page("policies/index.html", "policies/_results.html", target="policy-results",
                query=text, policies=found, keypad_rows=keypad.SEARCH_ROWS)  # fmt: skip


def phone_url(code: str) -> str:
    """The item on a phone: the kiosk's QR code, the slip's."""
    return url_for("policies.detail", code=code, **{"from": device.QR_MARK})  # type: ignore[arg-type]  # "from" is a word of ours, not url_for's


@bp.get("/item/<code>")
def detail(code: str) -> Response:
    policy = _policy_or_404(code)
    return page("policies/detail.html", policy=policy, bookable=bookable(),
                qr=qr_svg(public_url(phone_url(policy.code))))  # fmt: skip


@bp.get("/check")
def check_page() -> Response:
    rules = check_rules()
    return page("policies/check.html", questions=list(rules.facts), answers=answers_of({}, rules),
                problems={})  # fmt: skip


@bp.post("/check")
def check_answers() -> Response:
    """The answers come and go with this request: nothing of them is stored or logged."""
    rules = check_rules()
    try:
        result = run_check(db.session, request.form, LANGUAGE[current_locale()], rules)
    except Refused as refused:
        return page("policies/check.html", status=422, questions=list(rules.facts),
                    answers=answers_of(request.form, rules),
                    problems=messages(refused.problems))  # fmt: skip
    return page("policies/result.html", result=result, bookable=bookable(),
                language_key=LANGUAGE[current_locale()])  # fmt: skip


@slips.post("/item/<code>/print")
@limiter.limit(lambda: current_app.config["RATE_LIMIT_PRINT"])
def print_policy(code: str) -> ResponseReturnValue:
    from kiosk.slips.handout import hand_out, handed_out

    return handed_out(hand_out(SlipKind.policy, _policy_or_404(code).id))


# --- the hub's console -------------------------------------------------------------------


@admin.get("/")
def admin_index() -> Response:
    return page("policies/admin_index.html", policies=all_policies(db.session))


def _edit_page(policy: Policy | None, form: PolicyForm, problems: dict, status: int = 200):
    return page("policies/admin_edit.html", status=status, policy=policy, form=form,
                problems=problems)  # fmt: skip


@admin.get("/new")
@role_required(StaffRole.manager)
def new_policy() -> Response:
    return _edit_page(None, PolicyForm(), {})


@admin.get("/<code>")
@role_required(StaffRole.manager)
def edit_policy(code: str) -> Response:
    policy = _policy_or_404(code)
    return _edit_page(policy, PolicyForm.of(policy), {})


@admin.post("/new", defaults={"code": None})
@admin.post("/<code>")
@role_required(StaffRole.manager)
def save_policy(code: str | None) -> ResponseReturnValue:
    policy = _policy_or_404(code) if code else None
    form = PolicyForm.from_form(request.form)
    try:
        policy = publish_policy(db.session, form, current_app.config["STATION_CODE"], policy)
        db.session.flush()
    except Refused as refused:
        db.session.rollback()
        return _edit_page(policy, form, messages(refused.problems, labels.problems()), 422)
    audit(db.session, "publish policy", "policy", policy.id, policy.code)
    db.session.commit()
    flash(_("The policy is published; every station gets it with its next pull."))
    return redirect(url_for(".admin_index"))
