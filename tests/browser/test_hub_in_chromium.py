"""The hub's page of stations in Chromium, in both languages: each station's last contact
and backlog, what each outlet did this month, and a record set aside for a check."""

import gzip
import json
import random
import uuid

import pytest
import requests
from desk import DESK, PASSWORD, sign_in
from layout import assert_tidy
from station_app import GunicornApp, make_app
from sync_harness import HUB_KEYS, collect, hub_config, make_station, sync

from kiosk.domain.reference import load_reference_data
from kiosk.extensions import db
from kiosk.models import StaffRole
from kiosk.staff.accounts import create_staff
from kiosk.sync.wire.signing import signed_headers

pytestmark = pytest.mark.browser


@pytest.fixture
def hub_url(postgres_url, tmp_path):
    """A hub under gunicorn with two stations: one that synced a morning's work, one that
    sent a record the hub could not take."""
    hub = make_app(tmp_path / "unused.sqlite", **hub_config(postgres_url))
    with hub.app_context():
        load_reference_data()
        db.session.commit()
        create_staff(db.session, "admin", "赵主任", PASSWORD, StaffRole.manager)
        db.session.commit()
        secrets = {}
        for code, name in (("XLHT-01", "锡林浩特家门口站"), ("CARAVAN-1", "就业大篷车")):
            made = hub.test_cli_runner().invoke(
                args=["hub", "add-station", code, "--name", name, "--region", "150105"]
            )
            secrets[code] = made.output.splitlines()[1]
        db.session.remove()
    server = GunicornApp(
        tmp_path / "hub.log", ROLE="hub", DATABASE_URL=postgres_url, PERSONAL_DATA_KEYS=HUB_KEYS
    )
    server.start()
    station = make_station(tmp_path / "x.sqlite", "XLHT-01", server.url, secrets["XLHT-01"])
    assert not sync(station).errors
    collect(station, 24, random.Random(8))
    assert not sync(station).errors
    bad = {"kind": "seeker", "data": {"id": str(uuid.uuid4()), "name_zh": "x" * 99}}
    body = gzip.compress(json.dumps({"records": [bad]}).encode())
    headers = signed_headers("CARAVAN-1", secrets["CARAVAN-1"], "POST", "/sync/push", "b1", body)
    requests.post(f"{server.url}/sync/push", data=body,
                  headers=headers | {"Content-Encoding": "gzip"}, timeout=10)  # fmt: skip
    yield server.url
    server.stop()
    with hub.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_the_hub_page_of_stations(browser, hub_url, shoot, locale):
    lang = locale[:2]
    page = browser.new_page(viewport=DESK, base_url=hub_url)
    sign_in(page, "admin", locale, "/staff/sync/")
    rows = page.locator("tbody tr")
    assert rows.count() >= 3  # two stations, and the record set aside
    assert "锡林浩特家门口站" in page.content() and "CARAVAN-1" in page.content()
    assert_tidy(page, vertical=lang == "mn")
    shoot(page, f"hub-{lang}-stations")
    page.close()
