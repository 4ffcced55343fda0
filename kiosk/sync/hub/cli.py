"""`kiosk hub …`: the hub's register of stations."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Region, Station, StationCredential, StationKind, local_today
from kiosk.personal_data import vault_for
from kiosk.sync.hub.backup import HubBackupFailed, backup_hub
from kiosk.sync.hub.changes import compact, retire_before
from kiosk.sync.hub.county_keys import county_of, ensure_county_keys, rotate_county_keys
from kiosk.sync.hub.credentials import CredentialProblem, add_station, revoke_station
from kiosk.sync.hub.receipts import prune_receipts


@click.group("hub")
def hub() -> None:
    """The stations this hub takes records from."""


@hub.command("add-station")
@click.argument("code")
@click.option("--rotate", is_flag=True, help="Give a registered station a new secret.")
@click.option("--name", help="Its name in Chinese, for the outlet register (new stations).")
@click.option("--name-mn", default="", help="Its name in Mongolian.")
@click.option("--region", help="Its banner or county code (GB/T 2260), e.g. 150105.")
@click.option("--kind", type=click.Choice([k.value for k in StationKind]), default="doorstep")
@with_appcontext
def add_station_command(
    code: str, rotate: bool, name: str | None, name_mn: str, region: str | None, kind: str
) -> None:
    """Register a station and print its secret (shown this once).

    A station not yet in the outlet register is added to it (--name and --region), and so
    reaches every station with the next pull.
    """
    if db.session.scalar(select(Station.id).where(Station.code == code)) is None:
        if not name or not region or db.session.get(Region, region) is None:
            raise click.ClickException(
                f"{code} is not in the outlet register: give --name and a known --region"
            )
        db.session.add(
            Station(
                origin=current_app.config["STATION_CODE"],
                code=code,
                kind=kind,
                name_zh=name,
                name_mn=name_mn,
                region_code=region,
            )
        )
    try:
        secret = add_station(db.session, vault_for(current_app), code, rotate=rotate)
    except CredentialProblem as problem:
        raise click.ClickException(str(problem)) from problem
    db.session.flush()
    county = county_of(db.session, code)
    # The county's keys for personal data: the station fetches them, sealed for it, with
    # its first sync round (POST /sync/keys), so its people are the county's people.
    version = ensure_county_keys(db.session, vault_for(current_app), county) if county else 0
    db.session.commit()
    click.echo(f"Station {code} registered. Its secret, shown only now:")
    click.echo(secret)
    click.echo(f"On the station: KIOSK_STATION_CODE={code} KIOSK_HUB_SECRET=<the secret>")
    if county:
        click.echo(f"County {county} keys: version {version}, fetched by the station's first sync")


@hub.command("rotate-keys")
@click.argument("county")
@with_appcontext
def rotate_keys_command(county: str) -> None:
    """Give a county's stations a new sealing key (old sealed data still opens).

    Its stations fetch the new version with their next sync round and seal new ID and
    mobile numbers with it; the lookup key stays, so each person keeps their keyed hash.
    """
    if db.session.get(Region, county) is None:
        raise click.ClickException(f"{county} is not a known banner or county code")
    version = rotate_county_keys(db.session, vault_for(current_app), county)
    db.session.commit()
    click.echo(f"County {county} keys: version {version}; stations fetch it with their next sync")


@hub.command("revoke-station")
@click.argument("code")
@with_appcontext
def revoke_station_command(code: str) -> None:
    """Refuse a station's requests from now on."""
    if not revoke_station(db.session, code):
        raise click.ClickException(f"no active station {code}")
    db.session.commit()
    click.echo(f"Station {code} revoked.")


@hub.command("stations")
@with_appcontext
def list_stations_command() -> None:
    """The registered stations, their state and last contact."""
    credentials = db.session.scalars(
        select(StationCredential).order_by(StationCredential.station_code)
    )
    for credential in credentials:
        state = "revoked" if credential.revoked_at else "active"
        contact = (
            credential.last_contact_at.isoformat(timespec="seconds")
            if (credential.last_contact_at)
            else "never"
        )
        click.echo(
            f"{credential.station_code}\t{state}\tlast contact {contact}"
            f"\tbacklog {credential.backlog}"
        )


@hub.command("prune")
@click.option("--days", type=click.IntRange(min=1), help="Keep this many days [SYNC_RECEIPT_DAYS].")
@with_appcontext
def prune_command(days: int | None) -> None:
    """Forget batch receipts older than the window (a replay is still refused after)."""
    days = days or current_app.config["SYNC_RECEIPT_DAYS"]
    pruned = prune_receipts(db.session, days)
    db.session.commit()
    click.echo(f"pruned {pruned} batch receipts older than {days} days")


@hub.command("compact")
@click.option("--days", type=click.IntRange(min=1), help="Days kept whole [SYNC_LOG_DAYS].")
@with_appcontext
def compact_command(days: int | None) -> None:
    """Keep, past the window, only each record's latest change (and none of retired jobs)."""
    days = days or current_app.config["SYNC_LOG_DAYS"]
    retire = retire_before(local_today(), current_app.config["SYNC_RETIRE_DAYS"])
    removed = compact(db.session, days, retire)
    db.session.commit()
    click.echo(f"compacted the change log: {removed} entries older than {days} days removed")


@hub.command("backup")
@with_appcontext
def backup_command() -> None:
    """pg_dump the hub's database, with its key files beside it (kiosk-hub-backup.timer)."""
    try:
        made = backup_hub(current_app)
    except HubBackupFailed as problem:
        raise click.ClickException(str(problem)) from problem
    click.echo(f"hub backup written: {made}")


@click.command("sync", context_settings={"ignore_unknown_options": True})
@click.argument("anything", nargs=-1, type=click.UNPROCESSED)
def sync_elsewhere(anything: tuple[str, ...]) -> None:
    """(On a station: sync with this hub.)"""
    raise click.ClickException("the hub does not sync: stations sync with it")
