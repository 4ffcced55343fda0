"""Broken bodies get a clear 400, never a 500: a multipart body cut short at a form (inside
the CSRF check), and signed sync batches whose shape is wrong (hub on real PostgreSQL)."""

import gzip
import json
import uuid

import pytest
from test_sync_protection import count, hub, push, register, service  # noqa: F401  (fixture)

from kiosk.models import BatchReceipt, QuarantinedRecord
from kiosk.sync.wire.signing import BACKLOG, signed_headers

BOUNDARY = "----kiosk"


@pytest.mark.parametrize(
    "body",
    [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="name_zh"\r\n\r\n王',  # cut short
        f"--{BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--{BOUNDARY}--\r\n",
        f"--{BOUNDARY}\r\n\r\n\r\n--{BOUNDARY}",
        "no boundary at all",
    ],
)
@pytest.mark.parametrize("path", ["/register/", "/staff/login", "/queue/"])
def test_a_broken_multipart_body_gets_400(client, path, body):
    answer = client.post(
        path,
        data=body.encode(),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert answer.status_code == 400
    assert "Traceback" not in answer.get_data(as_text=True)


def test_a_multipart_body_without_a_boundary_gets_400(client):
    answer = client.post("/register/", data=b"x", content_type="multipart/form-data")
    assert answer.status_code == 400


def signed_push(app, code, secret, raw: bytes, *, batch=None, **headers):
    batch = batch or uuid.uuid4().hex
    signed = signed_headers(code, secret, "POST", "/sync/push", batch, raw)
    return app.test_client().post("/sync/push", data=raw, headers=signed | headers)


@pytest.mark.parametrize(
    "batch",
    [
        {"records": [1, "x", None, [], {"kind": ["service_item"], "data": {}}]},
        {"records": [{"kind": {"a": 1}, "data": []}]},
        {"records": [{"kind": "service_item", "data": [1, 2]}]},
        {"records": [{"kind": "service_item", "data": {"id": ["x"]}}]},
    ],
)
def test_a_signed_batch_of_malformed_records_is_answered_not_a_500(hub, batch):  # noqa: F811
    secret = register(hub, "ST-M")
    answer = push(hub, "ST-M", secret, batch["records"])
    assert answer.status_code == 200
    assert count(QuarantinedRecord) == len(batch["records"])  # each kept for a person


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"[" * 100_000 + b"]" * 100_000, 400),  # nested deeper than any parser goes
        (b'{"records": {"kind": "service_item"}}', 400),
        (b'{"records": [' + b'{"kind":"x"},' * 1001 + b'{"kind":"x"}]}', 400),
        (b"\xff\xfe not text", 400),
        # Readable, but its one record is not: kept aside for a person, the batch answered.
        (b'{"records": [{"kind": "service_item", "data": {"sort": 1e999}}]}', 200),
    ],
)
def test_a_signed_but_unreadable_batch_gets_400(hub, raw, status):  # noqa: F811
    secret = register(hub, "ST-U")
    answer = signed_push(hub, "ST-U", secret, raw)
    assert answer.status_code == status
    if status == 400:
        assert "error" in answer.get_json()
        assert count(BatchReceipt) == 0
    else:
        assert count(QuarantinedRecord) == 1


@pytest.mark.parametrize("backlog", ["99999999999999999999999", "²", "-1", "1e9"])
def test_a_strange_backlog_header_is_not_a_500(hub, backlog):  # noqa: F811
    secret = register(hub, "ST-B")
    raw = gzip.compress(json.dumps({"records": [service("ST-B")]}).encode())
    answer = signed_push(hub, "ST-B", secret, raw, **{"Content-Encoding": "gzip", BACKLOG: backlog})
    assert answer.status_code == 200  # the count is only a hint: the batch goes in


@pytest.mark.parametrize("cursor", ["99999999999999999999999", "²", "-1"])
def test_a_strange_signed_cursor_gets_400(hub, cursor):  # noqa: F811
    secret = register(hub, "ST-C")
    headers = signed_headers("ST-C", secret, "GET", "/sync/changes", cursor, b"")
    answer = hub.test_client().get(f"/sync/changes?after={cursor}", headers=headers)
    assert answer.status_code == 400


def test_a_signed_batch_id_longer_than_kept_gets_400(hub):  # noqa: F811
    secret = register(hub, "ST-L")
    raw = gzip.compress(json.dumps({"records": [service("ST-L")]}).encode())
    answer = signed_push(hub, "ST-L", secret, raw, batch="b" * 80, **{"Content-Encoding": "gzip"})
    assert answer.status_code == 400
    assert count(BatchReceipt) == 0
