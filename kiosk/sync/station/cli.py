"""`kiosk sync`: a station sends its new records to its hub and fetches what it published."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from kiosk.extensions import db
from kiosk.sync.station.background import one_round
from kiosk.sync.station.rounds import sync_round


@click.command("sync")
@click.option("--loop", is_flag=True, help="Keep syncing, every --every seconds.")
@click.option("--every", default=300, show_default=True, help="Seconds between rounds.")
@with_appcontext
def sync_command(loop: bool, every: int) -> None:
    """Send this station's new records to the hub and fetch what it published."""
    failures = 0
    while True:
        with one_round(current_app) as mine:
            result = sync_round(current_app, db.session) if mine else None
        if result is None:  # the desk's "Sync now" (or another `kiosk sync`) is at it
            click.echo("sync: a round is already running on this box; skipped")
            if not loop:
                return
            time.sleep(every)
            continue
        status = "; ".join(result.errors) or "ok"
        click.echo(
            f"sync: pushed {result.pushed} (rejected {result.rejected}), "
            f"pulled {result.pulled}: {status}"
        )
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
