import uuid

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from kiosk.extensions import db
from kiosk.i18n import localized
from kiosk.jobs import queries
from kiosk.jobs.labels import EMPLOYMENT_TYPES
from kiosk.models import EmploymentType, Seeker
from kiosk.personal_data import mask_name, vault_for
from kiosk.registration import labels
from kiosk.registration.service import (
    RegistrationForm,
    RegistrationRefused,
    check_registration,
    register_seeker,
)

bp = Blueprint("registration", __name__, url_prefix="/register")

#: Where the receipt page finds who just registered: in the session, never in the URL.
REGISTERED = "registered"


@bp.after_request
def never_cached(response: Response) -> Response:
    # Pages with personal data: Back after the idle reset must not show them again.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
def form_page() -> str:
    return _render_form(RegistrationForm(), {})


@bp.post("/")
def submit() -> Response | tuple[str, int]:
    form = _form_from_request()
    try:
        checked = check_registration(db.session, form)
    except RegistrationRefused as refused:
        return _render_form(form, refused.problems), 422
    seeker, created = register_seeker(
        db.session, vault_for(current_app), checked, origin=current_app.config["STATION_CODE"]
    )
    db.session.commit()
    session[REGISTERED] = {"id": str(seeker.id), "created": created}
    return redirect(url_for(".receipt"), code=303)


@bp.get("/done")
def receipt() -> Response | str:
    done = session.get(REGISTERED) or {}
    seeker = db.session.get(Seeker, uuid.UUID(done["id"])) if "id" in done else None
    if seeker is None:
        return redirect(url_for(".form_page"))
    return render_template(
        "registration/receipt.html",
        seeker=seeker,
        name=mask_name(seeker.name_zh),
        created=done.get("created", True),
    )


def _form_from_request() -> RegistrationForm:
    data = request.form
    return RegistrationForm(
        **{name: data.get(name, "") for name in _TEXT_FIELDS},
        **{name: data.getlist(name) for name in _LIST_FIELDS},
        consent=data.get("consent") == "yes",
    )


_TEXT_FIELDS = (
    "name_zh", "name_mn", "name_latin", "id_number", "mobile", "education", "residence_region",
    "residence_place", "employment_status", "wanted_pay_min", "skills", "certificates",
    "difficulty",
)  # fmt: skip
_LIST_FIELDS = ("wanted_categories", "wanted_regions", "wanted_forms", "key_groups")


def _render_form(form: RegistrationForm, problems: dict) -> str:
    return render_template(
        "registration/form.html",
        form=form,
        problems={name: labels.PROBLEMS[problem] for name, problem in problems.items()},
        choices=labels,
        notice=labels.privacy_notice(),
        employment_types={kind.value: EMPLOYMENT_TYPES[kind] for kind in EmploymentType},
        category_options=[(c.code, localized(c, "name")) for c in queries.categories()],
        region_options=[(r.code, localized(r, "name")) for r in queries.prefectures()],
        prefectures=queries.prefectures(),
        counties=queries.counties,
    )
