"""What the hub does with requests it must not trust: refused with nothing written, or
quarantined for a person while the rest of the batch goes in (hub on real PostgreSQL)."""

import gzip
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from station_app import make_app
from sync_harness import hub_config

from kiosk.domain.reference import load_reference_data
from kiosk.extensions import db
from kiosk.models import (
    BatchReceipt,
    QuarantinedRecord,
    ServiceItem,
    StaffRole,
    Station,
    StationCredential,
)
from kiosk.sync.wire.signing import signed_headers


@pytest.fixture
def hub(postgres_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "unused.sqlite", **hub_config(postgres_url))
    with app.app_context():
        load_reference_data()
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def register(hub: Flask, code: str) -> str:
    made = hub.test_cli_runner().invoke(
        args=["hub", "add-station", code, "--name", f"{code}站", "--region", "150105"]
    )
    assert made.exit_code == 0, made.output
    return made.output.splitlines()[1]


def service(code: str, origin: str | None = None, **changes) -> dict:
    data = {
        "id": str(uuid.uuid4()), "origin": origin or code, "version": 1,
        "created_at": "2026-11-30T08:00:00+00:00", "updated_at": "2026-11-30T08:00:00+00:00",
        "station_code": code, "code": "policy", "queue_letter": "A", "name_zh": "政策咨询",
        "name_mn": "", "sort": 1, "active": True, "slot_capacity": 2,
    }  # fmt: skip
    return {"kind": "service_item", "data": data | changes}


def push(hub: Flask, code: str, secret: str, records: list, *, body: bytes | None = None,
         batch: str | None = None):  # fmt: skip
    raw = body if body is not None else gzip.compress(json.dumps({"records": records}).encode())
    batch = batch or uuid.uuid4().hex
    headers = signed_headers(code, secret, "POST", "/sync/push", batch, raw)
    return hub.test_client().post(
        "/sync/push", data=raw, headers=headers | {"Content-Encoding": "gzip"}
    )


def answer_of(response) -> dict:
    return json.loads(gzip.decompress(response.data))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_wrong_or_revoked_secret_gets_401_and_nothing_is_written(hub):
    secret = register(hub, "ST-A")
    assert push(hub, "ST-A", "not the secret", [service("ST-A")]).status_code == 401
    hub.test_cli_runner().invoke(args=["hub", "revoke-station", "ST-A"])
    assert push(hub, "ST-A", secret, [service("ST-A")]).status_code == 401
    assert count(ServiceItem) == 0 and count(BatchReceipt) == 0


def test_a_station_cannot_write_in_another_station_name(hub):
    register(hub, "ST-B")
    secret = register(hub, "ST-A")
    mine, theirs = service("ST-A"), service("ST-B", origin="ST-B")
    answer = answer_of(push(hub, "ST-A", secret, [mine, theirs]))
    assert answer["applied"] == [mine["data"]["id"]]
    assert "ST-B" in answer["rejected"][theirs["data"]["id"]]
    # Nor overwrite another station's record by sending its id under its own name.
    hijack = service("ST-A", id=mine["data"]["id"]) | {}
    other_secret = register(hub, "ST-C")
    hijack["data"] |= {"origin": "ST-C", "station_code": "ST-C", "version": 9}
    answer = answer_of(push(hub, "ST-C", other_secret, [hijack]))
    assert hijack["data"]["id"] in answer["rejected"]
    stored = db.session.get(ServiceItem, uuid.UUID(mine["data"]["id"]))
    assert (stored.origin, stored.version) == ("ST-A", 1)
    assert count(QuarantinedRecord) == 2


def test_malformed_records_are_quarantined_and_the_rest_go_in(hub):
    secret = register(hub, "ST-A")
    good = service("ST-A")
    bad = [
        service("ST-A", name_zh="长" * 41),  # longer than the column
        service("ST-A", name_zh="\ue234\ue235"),  # private-use Mongolian (an old font)
        service("ST-A", slot_capacity="two"),
        service("ST-A", version=None),
        {"kind": "payroll", "data": {"id": "x"}},
        "not even a record",
        service("ST-A", queue_letter="AB"),
    ]
    response = push(hub, "ST-A", secret, [good, *bad])
    assert response.status_code == 200
    answer = answer_of(response)
    assert answer["applied"] == [good["data"]["id"]] and len(answer["rejected"]) >= 6
    assert count(ServiceItem) == 1
    kept = db.session.scalars(select(QuarantinedRecord.reason)).all()
    assert len(kept) == len(bad) and any("private-use" in reason for reason in kept)


def test_the_same_batch_again_changes_nothing(hub):
    secret = register(hub, "ST-A")
    record = service("ST-A")
    first = answer_of(push(hub, "ST-A", secret, [record], batch="b1"))
    changed = service("ST-A", id=record["data"]["id"], version=2, name_zh="改过")
    replay = answer_of(push(hub, "ST-A", secret, [changed], batch="b1"))
    assert replay["replayed"] and replay["applied"] == first["applied"]
    assert db.session.get(ServiceItem, uuid.UUID(record["data"]["id"])).name_zh == "政策咨询"


def test_bodies_are_capped_before_and_after_gzip(hub):
    secret = register(hub, "ST-A")
    bomb = gzip.compress(b'{"records": [' + b" " * (64 * 1024 * 1024) + b"]}")
    assert len(bomb) < 200_000  # small on the wire, 64 MB once opened
    assert push(hub, "ST-A", secret, [], body=bomb).status_code == 413
    too_many = [service("ST-A") for _ in range(1001)]
    assert push(hub, "ST-A", secret, too_many).status_code == 400
    assert push(hub, "ST-A", secret, [], body=b"not gzip").status_code == 400
    assert count(BatchReceipt) == 0 and count(ServiceItem) == 0


def test_add_station_puts_it_in_the_register_and_revoking_stops_it_at_once(hub):
    secret = register(hub, "ST-A")
    assert db.session.scalar(select(Station.name_zh).where(Station.code == "ST-A")) == "ST-A站"
    assert push(hub, "ST-A", secret, [service("ST-A")]).status_code == 200
    hub.test_cli_runner().invoke(args=["hub", "revoke-station", "ST-A"])
    assert push(hub, "ST-A", secret, [service("ST-A")]).status_code == 401
    credential = db.session.scalars(select(StationCredential)).one()
    assert credential.revoked_at is not None


def ticket(code: str, service_id: str) -> dict:
    data = {
        "id": str(uuid.uuid4()), "origin": code, "version": 1,
        "created_at": "2026-11-30T08:00:00+00:00", "updated_at": "2026-11-30T08:00:00+00:00",
        "service_id": service_id, "day": "2026-11-30", "queue_label": "A001",
        "code": uuid.uuid4().hex[:10], "status": "waiting", "counter": "",
        "called_at": None, "finished_at": None,
    }  # fmt: skip
    return {"kind": "ticket", "data": data}


def test_a_set_aside_record_goes_in_when_the_hub_admin_tries_again(hub):
    from test_staff import csrf, get, signed_in

    from kiosk.models import Ticket

    secret = register(hub, "ST-A")
    service_record = service("ST-A")
    orphan = ticket("ST-A", service_record["data"]["id"])  # its service has not arrived
    answer = answer_of(push(hub, "ST-A", secret, [orphan]))
    assert "foreign key" in answer["rejected"][orphan["data"]["id"]]
    admin = signed_in(hub, "admin", StaffRole.manager)
    page = get(admin, "/staff/sync/").get_data(as_text=True)
    assert "再试一次" in page and orphan["data"]["id"][:8] in page
    [held] = db.session.scalars(select(QuarantinedRecord)).all()

    def try_again():
        with hub.app_context():
            return admin.post(f"/staff/sync/set-aside/{held.id}/retry",
                              data={"csrf_token": csrf(page)})  # fmt: skip

    assert try_again().status_code == 302
    assert count(Ticket) == 0  # still no service: still set aside, reason kept
    push(hub, "ST-A", secret, [service_record])  # the service arrives
    assert try_again().status_code == 302
    db.session.expire_all()
    assert count(Ticket) == 1 and db.session.get(QuarantinedRecord, held.id).resolved_at
    assert orphan["data"]["id"][:8] not in get(admin, "/staff/sync/").get_data(as_text=True)
