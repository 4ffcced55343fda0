"""The county look-up page: a POST form (the number never in an address), the answer masked."""

from flask import current_app, render_template, request
from flask_login import current_user

from kiosk.county_lookup import labels
from kiosk.county_lookup.lookup import LookupFailed, link_problem, look_up
from kiosk.domain.forms import Refused
from kiosk.domain.stations import services_by_code
from kiosk.extensions import db
from kiosk.seekers.find import LookupProblem
from kiosk.seekers.labels import LOOKUP_PROBLEMS
from kiosk.web.staff import audit, staff_blueprint

bp = staff_blueprint("county_lookup", __name__, "/staff/county")


def _page(**values) -> str:
    values = {"people": None, "problem": "", "no_link": None, **values}
    return render_template(
        "county_lookup/find.html",
        services=services_by_code(db.session, current_app.config["STATION_CODE"]),
        **values,
    )


@bp.get("/")
def find() -> str:
    return _page(no_link=link_problem(current_app))


@bp.post("/")
def search() -> tuple[str, int] | str:
    try:
        people = look_up(current_app, request.form.get("q", ""), current_user.username)
    except Refused as refused:
        words = (
            labels.ONLY_ID_OR_MOBILE
            if refused.problem == LookupProblem.not_a_number
            else LOOKUP_PROBLEMS[refused.problem]
        )
        return _page(problem=words), 422
    except LookupFailed as failed:
        current_app.logger.info("county look-up not answered: %s", failed)
        return _page(no_link=failed.reason, asked=True), 503
    # The desk's own audit notes that a look-up was made; the hub's names the person key.
    audit(db.session, "county_lookup", "person", "", f"{len(people)} found")
    db.session.commit()
    return _page(people=people)
