"""The hub's register of stations: a secret handed out once, signed requests accepted,
anything else refused with 401 and nothing written; revoking a station stops it at once."""

import pytest
from sqlalchemy import select
from station_app import make_app

from kiosk.extensions import db
from kiosk.models import StationCredential
from kiosk.sync.wire.signing import BATCH, SIGNATURE, STATION, signed_headers


@pytest.fixture
def hub(database):
    """A hub over the test's database (the register works the same on SQLite)."""
    app = make_app(database, ROLE="hub")
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def hub_runner(hub):
    return hub.test_cli_runner()


def register(runner, code: str, *extra: str) -> str:
    made = runner.invoke(
        args=["hub", "add-station", code, "--name", f"{code}站", "--region", "150105", *extra]
    )
    assert made.exit_code == 0, made.output
    return made.output.splitlines()[1]  # the secret, on its own line


def hello(client, code: str, secret: str, body: bytes = b"{}", **tamper):
    headers = signed_headers(code, secret, "POST", "/sync/hello", "batch-1", body) | tamper
    return client.post("/sync/hello", data=body, headers=headers)


def test_a_registered_station_is_answered_and_its_contact_noted(hub, hub_runner):
    secret = register(hub_runner, "XLHT-01")
    answer = hello(hub.test_client(), "XLHT-01", secret)
    assert answer.status_code == 200 and answer.get_json() == {"station": "XLHT-01"}
    credential = db.session.scalars(select(StationCredential)).one()
    db.session.refresh(credential)
    assert credential.last_contact_at is not None
    assert secret.encode() not in credential.secret_sealed  # kept sealed, not in the clear
    listed = hub_runner.invoke(args=["hub", "stations"]).output
    assert "XLHT-01\tactive\tlast contact 20" in listed


@pytest.mark.parametrize(
    "tamper",
    [
        {"secret": "a guessed secret"},
        {"code": "OTHER"},  # another station's name with this station's secret
        {"body": b'{"more": "records"}'},  # a body swapped under a signed batch id
        {BATCH: "batch-2"},
        {SIGNATURE: ""},
        {STATION: "x" * 200},
    ],
)
def test_anything_but_the_station_own_signature_gets_401(hub, hub_runner, tamper):
    secret = register(hub_runner, "XLHT-01")
    register(hub_runner, "OTHER")
    client = hub.test_client()
    if "secret" in tamper:
        answer = hello(client, "XLHT-01", tamper["secret"])
    elif "code" in tamper:
        answer = hello(client, tamper["code"], secret)
    elif "body" in tamper:
        headers = signed_headers("XLHT-01", secret, "POST", "/sync/hello", "batch-1", b"{}")
        answer = client.post("/sync/hello", data=tamper["body"], headers=headers)
    else:
        answer = hello(client, "XLHT-01", secret, **tamper)
    assert answer.status_code == 401
    contacts = db.session.scalars(select(StationCredential.last_contact_at)).all()
    assert contacts == [None, None]  # nothing written


def test_revoking_stops_a_station_at_once_and_a_new_secret_brings_it_back(hub, hub_runner):
    secret = register(hub_runner, "XLHT-01")
    client = hub.test_client()
    assert hello(client, "XLHT-01", secret).status_code == 200
    assert hub_runner.invoke(args=["hub", "revoke-station", "XLHT-01"]).exit_code == 0
    assert hello(client, "XLHT-01", secret).status_code == 401
    fresh = register(hub_runner, "XLHT-01")  # registered again: a new secret
    assert fresh != secret
    assert hello(client, "XLHT-01", secret).status_code == 401  # the old one stays dead
    assert hello(client, "XLHT-01", fresh).status_code == 200


def test_a_station_box_has_no_sync_endpoint_and_no_register(app, runner):
    assert app.test_client().post("/sync/hello", data=b"{}").status_code == 404
    refused = runner.invoke(args=["hub", "add-station", "XLHT-01"])
    assert refused.exit_code != 0 and "KIOSK_ROLE=hub" in refused.output


@pytest.mark.parametrize("code", ["", "a b", "站点", "x" * 33, "<b>"])
def test_a_bad_station_code_is_refused(hub, hub_runner, code):
    made = hub_runner.invoke(args=["hub", "add-station", code])
    assert made.exit_code != 0
    assert db.session.scalars(select(StationCredential)).first() is None


def test_the_secret_is_shown_once_and_a_second_add_refuses(hub, hub_runner):
    register(hub_runner, "XLHT-01")
    again = hub_runner.invoke(args=["hub", "add-station", "XLHT-01"])
    assert again.exit_code != 0 and "--rotate" in again.output
    rotated = register(hub_runner, "XLHT-01", "--rotate")
    assert hub_runner.invoke(args=["hub", "stations"]).output.count("XLHT-01") == 1
    assert len(rotated) == 43  # 256 bits in URL-safe base64
