"""A person asks for a home visit or an errand themselves, at the kiosk (by touch and the
on-screen keys) or on their own phone: what, where, when it suits, who asks, and a mobile to
be called back on. It lands on the counselor's list by village (views.py: requests_list)."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import refresh

from kiosk.assistance import labels
from kiosk.assistance.reading import read_form
from kiosk.assistance.requests import OwnRequestForm, ask_in_person
from kiosk.domain.forms import Refused
from kiosk.extensions import db, limiter
from kiosk.i18n import current_locale
from kiosk.models import RequestChannel, local_today
from kiosk.personal_data import vault_for
from kiosk.qr import public_url, qr_svg
from kiosk.web import device
from kiosk.web.render import never_cached
from kiosk.web.staff import audit

bp = Blueprint("help_at_home", __name__, url_prefix="/help-at-home")
bp.after_request(never_cached)

#: The masked mobile of the request just made, for the page that confirms it (the session,
#: never the URL).
ASKED = "home_request_masked"


def _limit() -> str:
    return current_app.config["RATE_LIMIT_REGISTER"]


def _form_page(form: OwnRequestForm, problems: dict[str, str], status: int = 200):
    link = None
    if not device.is_phone():  # the same form on the person's own phone, in this language
        link = public_url(url_for(".form", lang=current_locale()) + "&from=qr")
    return render_template(
        "assistance/ask.html", form=form, problems=problems, link=link,
        qr=qr_svg(link) if link else None,
    ), status  # fmt: skip


@bp.get("/")
def form() -> ResponseReturnValue:
    # Opened from the kiosk's code, the phone shows the kiosk's language.
    if request.args.get("lang") in current_app.config["LOCALES"]:
        session["locale"] = request.args["lang"]
        refresh()
    return _form_page(OwnRequestForm(), {})


@bp.post("/")
@limiter.limit(_limit)
def submit() -> ResponseReturnValue:
    form = read_form(OwnRequestForm, request.form)
    channel = RequestChannel.phone if device.is_phone() else RequestChannel.kiosk
    try:
        made = ask_in_person(
            db.session, vault_for(current_app), form, words=labels.OWN_REQUEST_WORDS,
            channel=channel, station_code=current_app.config["STATION_CODE"], today=local_today(),
        )  # fmt: skip
    except Refused as refused:
        db.session.rollback()
        # The mobile is not shown again after a refusal elsewhere than its own field.
        return _form_page(form, labels.problems(refused.problems), 422)
    db.session.flush()
    audit(db.session, "home_request", "assistance_request", made.id, channel.value)
    db.session.commit()
    session[ASKED] = made.contact_masked
    return redirect(url_for(".done"), code=303)


@bp.get("/done")
def done() -> ResponseReturnValue:
    masked = session.pop(ASKED, None)
    if masked is None:
        return redirect(url_for(".form"))
    return render_template("assistance/ask_done.html", masked=masked)
