"""The kiosk's front door: home tiles, the language switch and the idle reset's target."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from kiosk.domain.reference import categories
from kiosk.jobs.counts import ALL, job_counts
from kiosk.jobs.queries import JobQuery
from kiosk.web.links import is_local_path

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    jobs = job_counts().by_category(JobQuery())
    return render_template("home/index.html", categories=categories(), jobs=jobs, all_jobs=ALL)


@bp.get("/lang/<locale>")
def choose_language(locale: str):
    if locale not in current_app.config["LOCALES"]:
        abort(404)
    session["locale"] = locale
    return redirect(_back_target())


def _back_target() -> str:
    """Where to return after a language switch: `next`, else the page the switch was tapped
    on (the Referer, which follows htmx's pushed addresses), if it is a path of ours."""
    for candidate in (request.args.get("next"), _same_site_referrer()):
        if candidate and is_local_path(candidate):
            return candidate
    return url_for("home.index")


def _same_site_referrer() -> str | None:
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


@bp.get("/reset")
def reset():
    """Where the idle timer sends the kiosk: forget the person, start again at home."""
    session.clear()
    return redirect(url_for("home.index"))


@bp.post("/still-here")
def still_here() -> tuple[str, int]:
    """The kiosk's "still there?" answered with a touch: this request is what keeps the
    session (kiosk/web/idle.py stamps it), so nothing else is needed."""
    return "", 204
