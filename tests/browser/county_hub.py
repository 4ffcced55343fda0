"""A county for the hub's browser tests: a hub under gunicorn on PostgreSQL with a dozen demo
jobs and a manager, and one station of the county added with the real command and synced."""

import contextlib
from collections.abc import Iterator
from pathlib import Path

from desk import PASSWORD
from flask import Flask
from station_app import GunicornApp, make_app
from sync_harness import hub_config, hub_process, make_station, sync

from kiosk.demo import seed_demo
from kiosk.extensions import db
from kiosk.models import StaffRole
from kiosk.staff.accounts import create_staff

#: The county's station, and the hub's manager who signs in.
STATION_CODE = "XLHT-01"
MANAGER = "admin"


@contextlib.contextmanager
def county_hub(database_url: str, folder: Path) -> Iterator[tuple[GunicornApp, Flask, Flask]]:
    """(the served hub, the hub's app, the station's app over `folder`/x.sqlite)."""
    hub = make_app(folder / "unused.sqlite", **hub_config(database_url))
    with hub.app_context():
        seed_demo(12, seed=3, station_code="HUB")
        create_staff(db.session, MANAGER, "赵主任", PASSWORD, StaffRole.manager)
        db.session.commit()
        made = hub.test_cli_runner().invoke(
            args=["hub", "add-station", STATION_CODE, "--name", "锡林浩特家门口站", "--region",
                  "150105"]
        )  # fmt: skip
        secret = made.output.splitlines()[1]
        db.session.remove()
    server = hub_process(database_url, folder / "hub.log")
    server.start()
    try:
        station = make_station(folder / "x.sqlite", STATION_CODE, server.url, secret)
        assert not sync(station).errors
        yield server, hub, station
    finally:
        server.stop()
        with hub.app_context():
            db.engine.dispose()
