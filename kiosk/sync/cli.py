"""`kiosk hub …`: the hub's register of stations."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import StationCredential
from kiosk.personal_data import vault_for
from kiosk.sync.credentials import CredentialProblem, add_station, revoke_station


@click.group("hub")
def hub() -> None:
    """The stations this hub takes records from."""


def _on_the_hub() -> None:
    if current_app.config["ROLE"] != "hub":
        raise click.ClickException("this box is a station: run this on the hub (KIOSK_ROLE=hub)")


@hub.command("add-station")
@click.argument("code")
@click.option("--rotate", is_flag=True, help="Give a registered station a new secret.")
@with_appcontext
def add_station_command(code: str, rotate: bool) -> None:
    """Register a station and print its secret (shown this once)."""
    _on_the_hub()
    try:
        secret = add_station(db.session, vault_for(current_app), code, rotate=rotate)
    except CredentialProblem as problem:
        raise click.ClickException(str(problem)) from problem
    db.session.commit()
    click.echo(f"Station {code} registered. Its secret, shown only now:")
    click.echo(secret)
    click.echo(f"On the station: KIOSK_STATION_CODE={code} KIOSK_HUB_SECRET=<the secret>")


@hub.command("revoke-station")
@click.argument("code")
@with_appcontext
def revoke_station_command(code: str) -> None:
    """Refuse a station's requests from now on."""
    _on_the_hub()
    if not revoke_station(db.session, code):
        raise click.ClickException(f"no active station {code}")
    db.session.commit()
    click.echo(f"Station {code} revoked.")


@hub.command("stations")
@with_appcontext
def list_stations_command() -> None:
    """The registered stations, their state and last contact."""
    _on_the_hub()
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
        click.echo(f"{credential.station_code}\t{state}\tlast contact {contact}")
