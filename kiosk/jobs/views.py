"""The job screens: the list for a choice of category, area and filters, typed search, one job."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    url_for,
)

from kiosk import keypad
from kiosk.domain import reference
from kiosk.i18n import select_locale
from kiosk.jobs import counts, queries
from kiosk.jobs.queries import JobQuery, UnknownChoice
from kiosk.models import Moderation, local_today
from kiosk.qr import public_url, qr_svg
from kiosk.web import device
from kiosk.web.render import surroundings, wants_fragment
from kiosk.web.render_cache import render_cache

bp = Blueprint("jobs", __name__)


def _url(endpoint: str, params: dict[str, str]) -> str:
    """An address of the job screens with a query's parameters (url_for's own keyword
    arguments are typed as flags, so a dict of words does not fit its signature)."""
    return url_for(endpoint, **params)  # type: ignore[arg-type]


def _query_or_404() -> JobQuery:
    try:
        return JobQuery.from_args(request.args)
    except UnknownChoice:
        abort(404)


@bp.get("/jobs")
def job_list() -> Response:
    """The list for a category, an area, filters and typed text; htmx gets the fragment."""
    # A repeated tap is answered from the cache before its arguments are even read.
    around = surroundings(wants_fragment())
    key = (
        queries.index_generation(),
        local_today(),  # "posted within" counts whole days
        select_locale(),  # the session's choice: cheaper than parsing a Babel locale
        around,  # fragment or page; the page around the list: screen, idle time, online mark
        request.full_path,
    )

    def render() -> str:
        query = _query_or_404()
        try:
            page = queries.find_jobs(
                query, current_app.config["PAGE_SIZE"], total=counts.exact_total(query)
            )
        except UnknownChoice:
            abort(404)
        template = "jobs/_results.html" if wants_fragment() else "jobs/list.html"
        return render_template(
            template,
            query=query,
            page=page,
            ways_out=counts.ways_out(query) if not page.jobs else None,
            back_url=_list_parent(query),
        )

    # Kiosks repeat the same taps all day; jobs change only with the index generation (in the key).
    cached = render_cache("job_lists", current_app.config["LIST_CACHE_SIZE"])
    html = render() if around is None else cached.get_or_render(key, render)
    response = make_response(html)
    response.vary.add("HX-Request")
    return response


@bp.get("/search")
def search_page() -> Response:
    """Typing for those who want it: an on-screen keypad that works with or without JS."""
    query = _query_or_404().typed(request.args.get("key", ""))
    page = None
    if query.text:
        try:
            page = queries.find_jobs(query, current_app.config["PAGE_SIZE"])
        except UnknownChoice:
            abort(404)
    template = "jobs/_search_results.html" if wants_fragment() else "jobs/search.html"
    response = make_response(
        render_template(template, query=query, page=page, keypad_rows=keypad.SEARCH_ROWS)
    )
    response.vary.add("HX-Request")
    return response


@bp.get("/areas")
def areas() -> str:
    """Browse step two: pick a prefecture, then a banner or county, for the chosen category."""
    query = _query_or_404()
    if query.region is not None and query.region.parent_code is not None:
        abort(404)  # a county is already the last step: the list shows it
    choices = (
        reference.counties(query.region.code)
        if query.region is not None
        else reference.prefectures()
    )
    parent = (
        _url("jobs.areas", query.params(region=None))
        if query.region is not None
        else url_for("home.index")
    )
    return render_template(
        "jobs/areas.html",
        query=query,
        choices=choices,
        jobs=counts.job_counts().by_area(query),
        back_url=parent,
    )


def _list_parent(query: JobQuery) -> str:
    """The step before a list: the area picker it was chosen from (home if none)."""
    if query.region is not None:
        # A county was picked among its prefecture's; a prefecture's list among its counties.
        return _url("jobs.areas", query.params(region=query.region.prefecture_code))
    if query.category is not None:
        return _url("jobs.areas", query.params())
    return url_for("home.index")


@bp.get("/jobs/<job_id>")
def job_detail(job_id: str) -> str:
    job = queries.get_job(job_id)
    if job is None or job.moderation == Moderation.hidden:  # the hub took it off the kiosks
        abort(404)
    # The list it came from (its card link carries the query), else the job's own county.
    try:
        came_from = JobQuery.from_args(request.args)
    except UnknownChoice:
        came_from = JobQuery()
    if came_from == JobQuery():
        came_from = JobQuery(category=job.category, region=job.region)
    return render_template(
        "jobs/detail.html",
        job=job,
        back_url=_url("jobs.job_list", came_from.params()),
        still_open=job.is_open(local_today()),
        qr=qr_svg(_phone_url(job_id)),
    )


def _phone_url(job_id: str) -> str:
    return public_url(url_for("jobs.job_detail", job_id=job_id, **{"from": device.QR_MARK}))  # type: ignore[arg-type]
