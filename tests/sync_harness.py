"""Real parts for sync tests: a hub on PostgreSQL served by gunicorn, stations on SQLite files,
a TCP proxy between them that breaks connections on purpose, and records made the way the
station's own code makes them."""

import base64
import contextlib
import gzip
import json
import random
import socket
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import requests
from flask import Flask
from sqlalchemy import create_engine, select, text
from station_app import GunicornApp, copy_database, make_app, sqlite_template
from stdnum.cn import ric

from kiosk.appointments.booking import book
from kiosk.domain.reference import load_reference_data
from kiosk.extensions import db
from kiosk.models import (
    Gender,
    Seeker,
    ServiceItem,
    ServiceRecord,
    Slot,
    local_today,
    new_id,
    utcnow,
)
from kiosk.personal_data import mask_mobile, vault_for
from kiosk.queue.numbers import issue_ticket
from kiosk.registration.service import ID_CONTEXT, MOBILE_CONTEXT
from kiosk.sync.station.outbox import next_batch
from kiosk.sync.station.rounds import sync_round
from kiosk.sync.wire.kinds import PUSHED
from kiosk.sync.wire.signing import signed_headers

#: One set of keys for the hub's processes (the in-process app and gunicorn's workers).
HUB_KEYS = json.dumps(
    {
        "sealing": base64.b64encode(b"h" * 32).decode(),
        "lookup": base64.b64encode(b"l" * 32).decode(),
    }
)


def hub_config(database_url: str) -> dict:
    return {"ROLE": "hub", "SQLALCHEMY_DATABASE_URI": database_url, "PERSONAL_DATA_KEYS": HUB_KEYS}


def hub_process(database_url: str, log: Path) -> GunicornApp:
    """The hub as gunicorn serves it in production, on PostgreSQL."""
    return GunicornApp(log, ROLE="hub", DATABASE_URL=database_url, PERSONAL_DATA_KEYS=HUB_KEYS)


class FaultyProxy:
    """A TCP proxy in front of the hub that counts the bytes each way (headers included, bodies
    as they travel). Faults apply to the next connections, one each:

    - "reset": the connection is reset before any byte reaches the hub;
    - "drop_reply": the request reaches the hub, which answers (it has committed), and the
      connection is reset before the answer reaches the station;
    - "kill_hub": the request reaches the hub, and the hub is killed at once (mid-batch).
    """

    def __init__(self, target_port: int, hub: GunicornApp | None = None) -> None:
        self.target_port, self.hub = target_port, hub
        self.faults: list[str] = []
        self.faults_done: list[str] = []
        self.sent = self.received = 0
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail_next(self, *faults: str) -> None:
        self.faults.extend(faults)

    def counts(self) -> tuple[int, int]:
        """Bytes sent up to the hub and received from it so far."""
        with self.lock:
            return self.sent, self.received

    def close(self) -> None:
        self.closed = True
        self.listener.close()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            fault = self.faults.pop(0) if self.faults else ""
            threading.Thread(target=self._serve, args=(client, fault), daemon=True).start()

    @staticmethod
    def _reset(sock: socket.socket) -> None:
        """Reset the connection now. Shutdown first: a close alone waits while another thread
        is still reading the socket, and the station would only see a timeout."""
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def _serve(self, client: socket.socket, fault: str) -> None:
        if fault == "reset":
            self.faults_done.append(fault)
            self._reset(client)
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=60)
        except OSError:
            self._reset(client)
            return
        for sock in (client, upstream):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        kill = fault == "kill_hub"  # once the request is on its way in
        up = threading.Thread(target=self._pump, args=(client, upstream, "", kill), daemon=True)
        up.start()
        self._pump(upstream, client, fault, False)

    def _pump(self, source: socket.socket, sink: socket.socket, fault: str, kill: bool) -> None:
        upward = source.getsockname()[1] == self.port  # the station's side of the proxy
        try:
            while chunk := source.recv(1 << 18):
                if fault == "drop_reply":  # the hub answered: it has committed
                    self.faults_done.append(fault)
                    self._reset(sink)
                    source.close()
                    return
                with self.lock:  # counted before it is passed on: the reader has it after
                    if upward:
                        self.sent += len(chunk)
                    else:
                        self.received += len(chunk)
                sink.sendall(chunk)
                if kill and self.hub is not None and self.hub.process is not None:
                    time.sleep(0.02)  # let the hub start on the batch
                    self.faults_done.append("kill_hub")
                    self.hub.kill()
                    kill = False
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def make_station(path: Path, code: str, hub_url: str, secret: str, **config) -> Flask:
    """A fresh station box: migrated, reference data loaded, nothing else until it syncs."""
    settings = {"SYNC_TRIES": 3, "SYNC_TIMEOUT": 20, **config}
    fresh = not path.exists()
    if fresh:  # the run's migrated file with the reference data in it, copied
        copy_database(sqlite_template(reference=True), path)
    app = make_app(
        path, ROLE="station", STATION_CODE=code, HUB_URL=hub_url, HUB_SECRET=secret, **settings
    )
    if not fresh:
        with app.app_context():
            load_reference_data()
            db.session.commit()
    return app


def sync(app: Flask):
    with app.app_context():
        try:
            return sync_round(app, db.session)
        finally:
            db.session.remove()


def id_number(rng: random.Random) -> str:
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(15000))
    body = f"150105{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body)


def collect(app: Flask, count: int, rng: random.Random, *, clock_offset=timedelta()) -> None:
    """What a day at a station leaves: registrations, walk-in tickets, appointments and
    service records, written by the station's own functions and committed one by one."""
    with app.app_context():
        vault = vault_for(app)
        code = app.config["STATION_CODE"]
        services = db.session.scalars(
            select(ServiceItem).where(ServiceItem.station_code == code)
        ).all()
        assert services, "the station has no service list yet: sync once first"
        now = utcnow() + clock_offset
        for n in range(count):
            service = services[n % len(services)]
            kind = n % 4
            if kind == 0:
                number, mobile = id_number(rng), f"139{rng.randrange(10**8):08d}"
                db.session.add(
                    Seeker(
                        origin=code,
                        registration_no=f"R{uuid.uuid4().hex[:9].upper()}",
                        name_zh="巴特尔",
                        id_number_sealed=vault.seal(number, context=ID_CONTEXT),
                        id_number_hash=vault.lookup_hash(f"{code}{n}{number}", context=ID_CONTEXT),
                        id_number_masked=number[:6] + "********" + number[-4:],
                        gender=Gender.male,
                        birth_date=date(1990, 1, 1),
                        mobile_sealed=vault.seal(mobile, context=MOBILE_CONTEXT),
                        mobile_hash=vault.lookup_hash(mobile, context=MOBILE_CONTEXT),
                        mobile_masked=mask_mobile(mobile),
                        education="senior_middle",
                        residence_region_code="150105",
                        employment_status="unemployed",
                        consented_at=now,
                        consent_version="2026-1",
                        created_at=now,
                        updated_at=now,
                    )
                )
            elif kind == 1:
                issue_ticket(db.session, service, origin=code)
            elif kind == 2:
                # Never in the past, whatever day the tests run on (a past slot is refused).
                base = max(datetime(2026, 12, 1, 1, 0, tzinfo=now.tzinfo), now)
                starts = base + timedelta(minutes=1 + rng.randrange(10**7))
                slot = Slot(
                    id=new_id(),
                    service_id=service.id,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=30),
                    capacity=5,
                    booked=0,
                )
                db.session.add(slot)
                db.session.flush()
                book(db.session, vault, slot.id, f"138{rng.randrange(10**8):08d}", origin=code)
            else:
                db.session.add(
                    ServiceRecord(
                        origin=code,
                        visited_on=local_today(),
                        served_by="counselor",
                        services=[service.code],
                        outcomes=["registered"],
                        created_at=now,
                        updated_at=now,
                    )
                )
            db.session.commit()
        db.session.remove()


def edit_some(app: Flask, rng: random.Random, count: int) -> None:
    """Counselors change records after they were made (each change bumps the version)."""
    with app.app_context():
        records = db.session.scalars(select(ServiceRecord)).all()
        for record in rng.sample(records, min(count, len(records))):
            record.served_by = f"counselor{rng.randrange(100)}"
        db.session.commit()
        db.session.remove()


def station_records(app: Flask) -> dict[str, set[tuple[str, int]]]:
    """(id, version) of every record this station made, by kind."""
    with app.app_context():
        code = app.config["STATION_CODE"]
        found = {}
        for kind in PUSHED:
            table = kind.table
            if kind.name == "slot":
                rows = db.session.execute(select(table.c.id, text("1"))).all()
            else:
                rows = db.session.execute(
                    select(table.c.id, table.c.version).where(table.c.origin == code)
                ).all()
            found[kind.name] = {(str(i), v) for i, v in rows}
        db.session.remove()
        return found


def hub_records(database_url: str, code: str) -> dict[str, list[tuple[str, int]]]:
    """The same, as the hub holds them (a list: a duplicate would show twice)."""
    engine = create_engine(database_url)
    found = {}
    with engine.connect() as connection:
        for kind in PUSHED:
            table = kind.table
            if kind.name == "slot":
                rows = connection.execute(
                    text(
                        "SELECT slot.id, 1 FROM slot JOIN service_item s ON s.id = slot.service_id"
                        " WHERE s.station_code = :code"
                    ),
                    {"code": code},
                ).all()
            else:
                rows = connection.execute(
                    select(table.c.id, table.c.version).where(table.c.origin == code)
                ).all()
            found[kind.name] = [(str(i), v) for i, v in rows]
    engine.dispose()
    return found


def assert_hub_holds_exactly(app: Flask, database_url: str) -> None:
    """Hub rows = the station's records: nothing lost, nothing twice, latest versions."""
    mine = station_records(app)
    theirs = hub_records(database_url, app.config["STATION_CODE"])
    for kind, records in mine.items():
        assert len(theirs[kind]) == len(set(theirs[kind])), f"{kind}: duplicated at the hub"
        assert set(theirs[kind]) == records, f"{kind}: hub and station differ"


def capture_batch(app: Flask, size: int) -> tuple[bytes, dict, int] | None:
    """The station's next batch exactly as it would send it (body, signed headers, records),
    kept aside to be played to the hub again later."""
    with app.app_context():
        batch = next_batch(db.session, size)
        db.session.remove()
    if batch is None:
        return None
    body = gzip.compress(batch.body, mtime=0)
    code, secret = app.config["STATION_CODE"], app.config["HUB_SECRET"]
    headers = signed_headers(code, secret, "POST", "/sync/push", batch.id, body)
    return body, headers | {"Content-Encoding": "gzip"}, len(batch.sent)


def replay(hub_url: str, captured: tuple[bytes, dict, int]) -> dict:
    body, headers, _ = captured
    answer = requests.post(f"{hub_url}/sync/push", data=body, headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()
