"""`kiosk sync`: a station sends its new records to its hub and fetches what it published."""

import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from kiosk.extensions import db
from kiosk.sync.station.background import one_round
from kiosk.sync.station.rounds import (
    Progress,
    RoundResult,
    SyncProblem,
    sync_round,
    sync_state,
)

#: What failed, said for the technician reading the journal (the desk has its own words).
PLAIN_WORDS = {
    SyncProblem.not_configured: "this station has no hub: set KIOSK_HUB_URL and KIOSK_HUB_SECRET",
    SyncProblem.unreachable: "the hub could not be reached (no network here, the hub down, "
    "or its answer too slow); nothing is lost, the next round goes on from here",
    SyncProblem.refused_secret: "the hub refused this station's secret: check "
    "KIOSK_STATION_CODE and KIOSK_HUB_SECRET, or ask the county whether the station was revoked",
    SyncProblem.refused_request: "the hub refused a request: tell the county's administrator",
    SyncProblem.hub_error: "the hub had an error; the next round tries again",
    SyncProblem.bad_answer: "the hub's answer was incomplete; the next round tries again",
    SyncProblem.bad_record: "the hub sent a record this station cannot read: tell the "
    "county's administrator (nothing of it was applied)",
}
#: A pull this long is a long one (the hub answers 2,000 changes a page).
LONG_PULL = 2000


def _progress_for(batch: int) -> Progress:
    """Progress lines only for rounds long enough to need them: more than one batch up,
    more than one page down."""

    def progress(step: str, done: int, total: int) -> None:
        if step == "pushed" and total > batch:
            click.echo(f"sync: sent {done:,} of {total:,} records")
        elif step == "pulled" and done >= LONG_PULL:
            click.echo(f"sync: applied {done:,} changes from the hub")

    return progress


def _outcome(app: Flask, result: RoundResult) -> str:
    waiting_now = sync_state(app, db.session).waiting
    summary = (
        f"sync: pushed {result.pushed} (rejected {result.rejected}), pulled {result.pulled}, "
        f"{waiting_now} still waiting: "
    )
    if not result.errors:
        return summary + "ok"
    failure = result.errors[0]
    code = failure.split(":", 1)[0]
    words = PLAIN_WORDS.get(SyncProblem(code)) if code in SyncProblem.__members__ else None
    return summary + f"failed: {words or failure} [{failure}]"


@click.command("sync")
@click.option("--loop", is_flag=True, help="Keep syncing, every --every seconds.")
@click.option("--every", default=300, show_default=True, help="Seconds between rounds.")
@with_appcontext
def sync_command(loop: bool, every: int) -> None:
    """Send this station's new records to the hub and fetch what it published."""
    failures = 0
    while True:
        click.echo(f"sync: hub {current_app.config['HUB_URL'] or '(none set)'}")
        with one_round(current_app) as mine:
            progress = _progress_for(current_app.config["SYNC_BATCH"])
            result = sync_round(current_app, db.session, progress) if mine else None
        if result is None:  # the desk's "Sync now" (or another `kiosk sync`) is at it
            click.echo("sync: a round is already running on this box; skipped")
            if not loop:
                return
            time.sleep(every)
            continue
        click.echo(_outcome(current_app, result))
        if not loop:
            if result.errors:
                raise SystemExit(1)
            return
        # Back off after failures (a caravan out of reach), up to an hour between tries.
        failures = failures + 1 if result.errors else 0
        time.sleep(min(3600, every * 2 ** min(failures, 4)))


@click.command("hub", context_settings={"ignore_unknown_options": True})
@click.argument("anything", nargs=-1, type=click.UNPROCESSED)
def hub_elsewhere(anything: tuple[str, ...]) -> None:
    """(On the hub: its register of stations.)"""
    raise click.ClickException("this box is a station: run this on the hub (KIOSK_ROLE=hub)")
