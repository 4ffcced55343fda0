"""The county's pages (hub console): indicators by level, one outlet's (banner's) figures,
the rows behind a figure, targets, the report, figures sent down, and the directory."""

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from kiosk.county import labels
from kiosk.county.directory import (
    DirectoryForm,
    directory_entries,
    directory_workbook,
    update_directory_entry,
)
from kiosk.county.feedback import publish_figures
from kiosk.county.indicators import (
    GROUPS,
    INDICATORS,
    REGION_SCOPE,
    Level,
    Scope,
    count_indicators,
    rows_behind,
    services_by_item,
    targetable,
)
from kiosk.county.report import county_workbook, shown
from kiosk.county.targets import TargetForm, progress, set_target
from kiosk.county.units import parent_scope, service_names, unit_name, units_at
from kiosk.domain.forms import Refused
from kiosk.domain.stations import station_by_code
from kiosk.events.figures import event_figures
from kiosk.extensions import db
from kiosk.models import StaffRole, Station, local_today, utcnow
from kiosk.spreadsheets import xlsx_response
from kiosk.statistics import charts
from kiosk.statistics.periods import Period, PeriodKind, choose_period
from kiosk.web.form_labels import messages
from kiosk.web.render import page
from kiosk.web.staff import audit, role_required, staff_blueprint

bp = staff_blueprint("county", __name__, "/staff/county")

ALL_KINDS = tuple(PeriodKind)
#: The levels a page lists units of (the region is the total row of each).
LISTED = (Level.outlet, Level.banner, Level.prefecture)


@bp.context_processor
def county_words() -> dict:
    return {
        "charts": charts,
        "period_kinds": ALL_KINDS,
        "INDICATORS": INDICATORS,
        "GROUPS": GROUPS,
        "shown": shown,
        "Level": Level,
    }


def _period() -> tuple[Period, str]:
    period, problem = choose_period(request.args, local_today(), ALL_KINDS)
    from kiosk.statistics.labels import PROBLEMS

    return period, str(PROBLEMS[problem]) if problem else ""


def _level(default: Level = Level.outlet) -> Level:
    raw = request.args.get("level", "")
    return Level(raw) if raw in LISTED else default


def _chart_key() -> str:
    raw = request.args.get("chart", "")
    return raw if raw in INDICATORS else "placed"


@bp.get("/")
def index() -> Response:
    period, problem = _period()
    level = _level()
    today = local_today()
    figures = count_indicators(db.session, period, today, levels=(level, Level.region))
    units = units_at(db.session, level)
    chart = _chart_key()
    values = [(unit, figures.get(unit.scope, {}).get(chart, 0)) for unit in units]
    return page(
        "county/index.html",
        period=period,
        problem=problem,
        level=level,
        levels=LISTED,
        units=units,
        figures=figures,
        region=figures.get(REGION_SCOPE, {}),
        chart=chart,
        chart_values=values,
        chart_top=max((value for _unit, value in values), default=0),
        today=today,
        events=event_figures(db.session, period, today),
    )


@bp.get("/<any(outlet, banner, prefecture, region):level>/<key>")
def unit(level: str, key: str) -> Response:
    scope = Scope.parse(f"{level}:{'' if level == 'region' else key}")
    if scope is None:
        abort(404)
    if scope.level is Level.outlet and station_by_code(db.session, scope.key) is None:
        abort(404)
    period, problem = _period()
    today = local_today()
    # The unit and what it is shown beside, in one grouped statement per source.
    parent = parent_scope(db.session, scope)
    figures = count_indicators(
        db.session, period, today, levels=tuple(dict.fromkeys((scope.level, parent.level))),
        scope=None if parent.level is Level.region else parent,
    )  # fmt: skip
    beside = figures.get(parent, {})
    services = services_by_item(db.session, period, levels=(scope.level,), scope=scope)
    counts = services.get(scope, {})
    names = service_names(db.session)
    items = sorted(counts, key=lambda code: -counts[code])
    return page(
        "county/unit.html",
        scope=scope,
        name=unit_name(db.session, scope),
        period=period,
        problem=problem,
        figures=figures.get(scope, {}),
        region=beside,
        parent=parent,
        parent_name=unit_name(db.session, parent),
        services=[(code, names.get(code, code), counts[code]) for code in items],
        services_top=max(counts.values(), default=0),
        today=today,
    )


@bp.get("/rows")
def rows() -> Response:
    """The rows behind one figure, personal data masked (and the opening noted)."""
    key = request.args.get("indicator", "")
    scope = Scope.parse(request.args.get("scope", ""))
    if key not in INDICATORS or scope is None:
        abort(404)
    period, problem = _period()
    today = local_today()
    found = rows_behind(db.session, key, period, today, scope)
    figure = count_indicators(
        db.session, period, today, levels=(scope.level,),
        scope=None if scope.level is Level.region else scope, keys=[key],
    ).get(scope, {}).get(key, 0)  # fmt: skip
    audit(db.session, "open county figure", "indicator", key, f"{scope.slug} {period.slug}")
    db.session.commit()
    return page(
        "county/rows.html",
        key=key,
        scope=scope,
        name=unit_name(db.session, scope),
        period=period,
        problem=problem,
        found=found,
        figure=figure,
        today=today,
    )


@bp.get("/report.xlsx")
def report() -> Response:
    period, _problem = _period()
    level = _level()
    workbook = county_workbook(db.session, period, level, local_today(), utcnow())
    audit(db.session, "export county report", "county", f"{level.value} {period.slug}")
    db.session.commit()
    return xlsx_response(workbook, f"county-{level.value}-{period.slug}.xlsx")


def _targets_page(form: TargetForm, problems: dict[str, str], status: int = 200) -> Response:
    today = local_today()
    try:
        year = int(request.args.get("year", "") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2020), 2100)
    rows = progress(db.session, today, year)
    return page(
        "county/targets.html",
        status=status,
        form=form,
        problems=problems,
        year=year,
        progress=rows,
        # The chart's longest bar: 100 %, or the outlet furthest past its target.
        progress_top=max([100, *(round(row.reached * 100) for row in rows)]),
        stations=db.session.query(Station).order_by(Station.region_code, Station.code).all(),
        indicators=targetable(),
        today=today,
    )


@bp.get("/targets")
def targets() -> Response:
    return _targets_page(TargetForm(year=str(local_today().year)), {})


@bp.post("/targets")
@role_required(StaffRole.manager)
def save_target() -> ResponseReturnValue:
    form = TargetForm(
        **{name: request.form.get(name, "") for name in TargetForm.__dataclass_fields__}
    )
    try:
        target = set_target(db.session, form, current_user.username)
    except Refused as refused:
        db.session.rollback()
        return _targets_page(form, messages(refused.problems, labels.target_problems()), 422)
    audit(db.session, "set county target", "county_target", target.id,
          f"{target.station_code} {target.indicator} {target.year}Q{target.quarter}")  # fmt: skip
    db.session.commit()
    flash(_("The target is set."))
    return redirect(url_for(".targets", year=target.year))


@bp.post("/feedback")
@role_required(StaffRole.manager)
def feedback() -> ResponseReturnValue:
    """Send each station its figures of the period with its next pull."""
    period, _problem = choose_period(request.form, local_today(), ALL_KINDS)
    changed = publish_figures(db.session, period, local_today(), current_app.config["STATION_CODE"])
    audit(db.session, "publish station figures", "county", period.slug, str(changed))
    db.session.commit()
    flash(_("Each station gets its figures with its next pull (%(count)s changed).", count=changed))
    return redirect(url_for(".index", period=period.kind.value, date=period.first.isoformat()))


@bp.get("/directory")
def directory() -> Response:
    return page("county/directory.html", entries=directory_entries(db.session, utcnow()))


def _entry_page(station: Station, form: DirectoryForm, problems: dict[str, str], status: int = 200):
    return page("county/directory_edit.html", status=status, station=station, form=form,
                problems=problems)  # fmt: skip


@bp.get("/directory/<code>")
@role_required(StaffRole.manager)
def directory_entry(code: str) -> Response:
    station = station_by_code(db.session, code) or abort(404)
    return _entry_page(station, DirectoryForm.of(station), {})


@bp.post("/directory/<code>")
@role_required(StaffRole.manager)
def save_directory_entry(code: str) -> ResponseReturnValue:
    station = station_by_code(db.session, code) or abort(404)
    form = DirectoryForm.from_form(request.form)
    try:
        update_directory_entry(station, form)
    except Refused as refused:
        db.session.rollback()
        return _entry_page(
            station, form, messages(refused.problems, labels.directory_problems()), 422
        )
    audit(db.session, "edit directory entry", "station", station.id, station.code)
    db.session.commit()
    flash(_("The directory entry is saved; every station gets it with its next pull."))
    return redirect(url_for(".directory"))


@bp.get("/directory.xlsx")
def directory_export() -> Response:
    today = local_today()
    quarter = Period.containing(PeriodKind.quarter, today)
    workbook = directory_workbook(db.session, quarter, utcnow())
    audit(db.session, "export directory", "county", quarter.slug)
    db.session.commit()
    return xlsx_response(workbook, f"directory-{quarter.slug}.xlsx")
