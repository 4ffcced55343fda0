import uuid
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import refresh
from flask_login import current_user

from kiosk.domain import reference
from kiosk.domain.forms import Refused
from kiosk.extensions import db, htmx, limiter
from kiosk.i18n import current_locale, localized
from kiosk.jobs import counts
from kiosk.jobs.labels import EMPLOYMENT_TYPES
from kiosk.models import EmploymentType, HandOff, Seeker, SlipKind, utcnow
from kiosk.personal_data import mask_name, vault_for
from kiosk.qr import public_url, qr_svg
from kiosk.registration import labels
from kiosk.registration.card_reader import CardReaderError, reader_for
from kiosk.registration.handoff import HandOffProblem, claim, open_hand_off, usable_hand_off
from kiosk.registration.service import (
    ChangeNotConfirmed,
    Confirmation,
    RegistrationForm,
    RegistrationProblem,
    check_registration,
    register_seeker,
)
from kiosk.slips.handout import hand_out, handed_out, print_limit
from kiosk.web import device
from kiosk.web.form_labels import messages
from kiosk.web.render import never_cached
from kiosk.web.staff import audit

bp = Blueprint("registration", __name__, url_prefix="/register")

#: Where the receipt page finds who just registered: in the session, never in the URL.
REGISTERED = "registered"
#: The kiosk's open hand-off (its id; the token itself is only in the QR code).
HAND_OFF = "hand_off"
HAND_OFF_TOKEN = "hand_off_token"


bp.after_request(never_cached)


def _on_a_phone() -> None:
    """The hand-off's pages are on the person's own phone, whatever the link says: its own
    keyboard, no kiosk keys, no idle reset."""
    g.is_phone = True


@bp.get("/")
def form_page() -> str:
    return _render_form(RegistrationForm(), {})


def _register_limit() -> str:
    return current_app.config["RATE_LIMIT_REGISTER"]


def _hand_off_limit() -> str:
    return current_app.config["RATE_LIMIT_HAND_OFF"]


@bp.post("/")
@limiter.limit(_register_limit)
def submit() -> ResponseReturnValue:
    return _register(hand_off=None)


@bp.post("/card")
@limiter.limit(_register_limit)
def read_card() -> ResponseReturnValue:
    """On the kiosk: the card on the reader fills the name and the ID number of the form,
    keeping what the person has entered so far; they check it and tap "Register"."""
    reader = reader_for(current_app.config)
    if reader is None or device.is_phone():
        abort(404)
    form = _form_from_request()
    try:
        card = reader.read()
    except CardReaderError as failed:
        return _render_form(form, {}, card_message=labels.CARD_PROBLEMS[failed.problem]), 422
    form.name_zh, form.id_number = card.name, card.number
    return _render_form(form, {}, card_read=True)


@bp.post("/phone")
@limiter.limit(_hand_off_limit)
def new_phone_code() -> ResponseReturnValue:
    """On the kiosk: a new one-time code for the seeker's own phone (then shown by GET)."""
    hand_off, token = open_hand_off(db.session)
    db.session.commit()
    # The kiosk's own session keeps the token while the code is on its screen; the
    # database keeps only its hash.
    session[HAND_OFF] = str(hand_off.id)
    session[HAND_OFF_TOKEN] = token
    return redirect(url_for(".phone_code"), code=303)


@bp.get("/phone")
def phone_code() -> ResponseReturnValue:
    """On the kiosk: the QR code that opens this form on the seeker's own phone."""
    token = session.get(HAND_OFF_TOKEN)
    if not token:
        return redirect(url_for("home.index"))
    # The phone opens in the kiosk's language (the code carries the language, nothing else).
    link = public_url(url_for(".phone_form", token=token, lang=current_locale()))
    return render_template("registration/phone.html", link=link, qr=qr_svg(link))


@bp.get("/phone/status")
def phone_status() -> str:
    """What the kiosk shows while it waits: htmx asks every two seconds."""
    hand_off = (
        db.session.get(HandOff, uuid.UUID(session[HAND_OFF])) if HAND_OFF in session else None
    )
    seeker = db.session.get(Seeker, hand_off.seeker_id) if hand_off and hand_off.seeker_id else None
    expired = hand_off is None or (seeker is None and hand_off.expires_at <= utcnow())
    template = "_phone_status.html" if htmx else "phone_status.html"
    return render_template(
        f"registration/{template}",
        seeker=seeker,
        name=mask_name(seeker.name_zh) if seeker else "",
        expired=expired,
    )


@bp.get("/h/<token>")
def phone_form(token: str) -> str | tuple[str, int]:
    """On the phone, opened from the kiosk's QR code, in the kiosk's language."""
    _on_a_phone()
    if request.args.get("lang") in current_app.config["LOCALES"]:
        session["locale"] = request.args["lang"]
        refresh()  # the locale of this very request follows
    try:
        usable_hand_off(db.session, token)
    except Refused as refused:
        return _refused(refused)
    return _render_form(RegistrationForm(), {}, action=url_for(".phone_submit", token=token))


@bp.post("/h/<token>")
@limiter.limit(_register_limit)
def phone_submit(token: str) -> ResponseReturnValue:
    _on_a_phone()
    try:
        hand_off = usable_hand_off(db.session, token)
    except Refused as refused:
        return _refused(refused)
    return _register(hand_off=hand_off, action=url_for(".phone_submit", token=token))


def _register(hand_off: HandOff | None, action: str | None = None) -> ResponseReturnValue:
    """Check, write and (from a phone) use up the hand-off, all in one transaction."""
    form = _form_from_request()
    try:
        checked = check_registration(form)
    except Refused as refused:
        return _render_form(form, refused.problems, action=action), 422
    confirmation = Confirmation(
        mobile=request.form.get("confirm_mobile", "")[:20],
        # At the desk: a signed-in counselor who has seen the ID card ticks the box.
        by_staff=current_user.is_authenticated and request.form.get("desk_confirmed") == "yes",
    )
    try:
        seeker, created = register_seeker(
            db.session,
            vault_for(current_app),
            checked,
            origin=current_app.config["STATION_CODE"],
            confirmation=confirmation,
        )
    except ChangeNotConfirmed as unconfirmed:
        db.session.rollback()
        problems = (
            {"confirm_mobile": RegistrationProblem.mobile_on_file} if unconfirmed.tried else {}
        )
        return _render_form(form, problems, action=action, unconfirmed=unconfirmed), 422
    if confirmation.by_staff and not created:
        audit(
            db.session, "confirm_registration_change", "seeker", seeker.id, seeker.registration_no
        )
    if hand_off is not None:
        db.session.flush()
        try:
            claim(db.session, hand_off, seeker)
        except Refused as refused:
            db.session.rollback()
            return _refused(refused)
    db.session.commit()
    session[REGISTERED] = {"id": str(seeker.id), "created": created}
    return redirect(url_for(".receipt"), code=303)


def _refused(refused: Refused) -> tuple[str, int]:
    # An unknown token was never ours (404); a used or expired one is gone for good (410).
    code = 404 if refused.problem == HandOffProblem.unknown else 410
    message = labels.HAND_OFF_PROBLEMS[refused.problem]
    return render_template("errors/page.html", code=code, message=message), code


def registered_seeker() -> Seeker | None:
    """Who registered in this session: on this kiosk's form, or on the phone it handed off to."""
    done = session.get(REGISTERED) or {}
    if "id" in done:
        return db.session.get(Seeker, uuid.UUID(done["id"]))
    if HAND_OFF in session:
        hand_off = db.session.get(HandOff, uuid.UUID(session[HAND_OFF]))
        if hand_off is not None and hand_off.seeker_id is not None:
            return db.session.get(Seeker, hand_off.seeker_id)
    return None


@bp.get("/done")
def receipt() -> ResponseReturnValue:
    done = session.get(REGISTERED) or {}
    seeker = registered_seeker()
    if seeker is None:
        return redirect(url_for(".form_page"))
    return render_template(
        "registration/receipt.html",
        seeker=seeker,
        name=mask_name(seeker.name_zh),
        created=done.get("created", True),
        jobs_for_me=counts.for_me(seeker.wanted_categories, seeker.wanted_regions),
    )


@bp.post("/print")
@limiter.limit(print_limit)
def print_receipt() -> ResponseReturnValue:
    """The registration receipt on paper, for whoever registered in this session."""
    seeker = registered_seeker()
    if seeker is None:
        abort(404)
    return handed_out(hand_out(SlipKind.registration, seeker.id))


def _form_from_request() -> RegistrationForm:
    data = request.form
    fields: dict[str, Any] = {name: data.get(name, "") for name in _TEXT_FIELDS}
    fields |= {name: data.getlist(name) for name in _LIST_FIELDS}
    return RegistrationForm(**fields, consent=data.get("consent") == "yes")


_TEXT_FIELDS = (
    "name_zh", "name_mn", "name_latin", "id_number", "mobile", "education", "residence_region",
    "residence_place", "employment_status", "wanted_pay_min", "skills", "certificates",
    "difficulty",
)  # fmt: skip
_LIST_FIELDS = ("wanted_categories", "wanted_regions", "wanted_forms", "key_groups")


def _render_form(
    form: RegistrationForm,
    problems: dict,
    action: str | None = None,
    unconfirmed: ChangeNotConfirmed | None = None,
    card_message: str | None = None,
    card_read: bool = False,
) -> str:
    on_kiosk = action is None
    return render_template(
        "registration/form.html",
        form=form,
        action=action or url_for(".submit"),
        card_reader=on_kiosk and reader_for(current_app.config) is not None,
        card_message=card_message,
        card_read=card_read,
        problems=messages(problems, labels.PROBLEMS),
        unconfirmed=unconfirmed,
        # A counselor signed in on this screen may confirm a change at the desk.
        at_desk=current_user.is_authenticated,
        choices=labels,
        notice=labels.privacy_notice(),
        employment_types={kind.value: EMPLOYMENT_TYPES[kind] for kind in EmploymentType},
        category_options=[(c.code, localized(c, "name")) for c in reference.categories()],
        region_options=[(r.code, localized(r, "name")) for r in reference.prefectures()],
        prefectures=reference.prefectures(),
        counties=reference.counties,
    )
