"""`kiosk hub report` and `kiosk hub publish-figures`: the county's report and the figures
sent back to stations, from the command line (and a timer)."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from kiosk.county.feedback import publish_figures
from kiosk.county.indicators import Level
from kiosk.county.report import county_workbook
from kiosk.extensions import db
from kiosk.models import local_today, utcnow
from kiosk.statistics.periods import Period, PeriodKind

PERIOD_HELP = "2026-11 (a month), 2026-Q4, 2026, 2026-W47 or 2026-11-05."


def _period(raw: str | None) -> Period:
    if not raw:
        return Period.containing(PeriodKind.month, local_today())
    period = Period.from_slug(raw)
    if period is None:
        raise click.BadParameter(f"not a period: {PERIOD_HELP}", param_hint="--period")
    return period


@click.command("report")
@click.option("--period", "period_slug", required=True, help=PERIOD_HELP)
@click.option(
    "--level", type=click.Choice([Level.outlet, Level.banner, Level.prefecture]), default="outlet"
)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--lang", type=click.Choice(["zh_Hans_CN", "mn_Mong_CN"]), default="zh_Hans_CN")
@with_appcontext
def report_command(period_slug: str, level: str, out: Path, lang: str) -> None:
    """Write the county's report of a period at one level as an Excel workbook."""
    period = _period(period_slug)
    with current_app.test_request_context(), _locale(lang):
        workbook = county_workbook(db.session, period, Level(level), local_today(), utcnow())
    workbook.save(out)
    click.echo(f"{out}: {period.slug}, by {level}, {len(workbook.sheetnames)} sheets")


@click.command("publish-figures")
@click.option("--period", "period_slug", help=f"{PERIOD_HELP} [this month]")
@with_appcontext
def publish_figures_command(period_slug: str | None) -> None:
    """Send every station its figures of the period (with its next pull)."""
    period = _period(period_slug)
    changed = publish_figures(db.session, period, local_today(), current_app.config["STATION_CODE"])
    db.session.commit()
    click.echo(f"{period.slug}: {changed} station figures changed")


def _locale(lang: str):
    from flask_babel import force_locale

    return force_locale(lang)
