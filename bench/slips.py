"""Slip and booking benchmark: drawing and encoding a slip, and a race for the last seats.

Run from the checkout:  .venv/bin/python bench/slips.py

1. Slip speed: a bilingual appointment slip (Chinese first, then Mongolian first, on 80 mm
   and 58 mm paper) drawn as a 1-bit raster and encoded to ESC/POS, as a print does it;
   `--slips` times each, p95 over all of them. Target: at most 50 ms.
2. The race: the station served by gunicorn with the project's gunicorn.conf.py (several
   worker processes, one SQLite file); for each of `--rounds` slots with three seats, 20
   clients, each with its own session, load the booking form, wait for one another, then
   all submit at once. Seats booked beyond capacity are counted (target: 0), and every round
   must fill its slot exactly.

Ends with one line of figures:  slip_p95_ms=... overbooked=...
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import requests
from bench_steps import log
from flask_migrate import upgrade
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk import create_app  # noqa: E402
from kiosk.appointments.booking import book  # noqa: E402
from kiosk.demo import seed_demo  # noqa: E402
from kiosk.extensions import db  # noqa: E402
from kiosk.models import Appointment, ServiceItem, SlipKind, Slot, new_id, utcnow  # noqa: E402
from kiosk.personal_data import vault_for  # noqa: E402
from kiosk.slips.printing import escpos_bytes  # noqa: E402
from kiosk.slips.service import issue_slip, slip_image  # noqa: E402

CLIENTS = 20
SEATS = 3


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def make_app(database: Path, **config):
    app = create_app(
        {"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", **config},
        instance_path=str(database.parent / "instance"),
    )
    with app.app_context():
        upgrade()
    return app


def slip_speed(app, count: int) -> float:
    with app.app_context():
        slot = new_slot(SEATS)
        appointment = book(db.session, vault_for(app), slot, "13912345678", origin="BENCH")
        db.session.commit()
        slips = [
            issue_slip(db.session, SlipKind.appointment, appointment.id, locale)
            for locale in ("zh_Hans_CN", "mn_Mong_CN")
        ]
        db.session.commit()
        timings = []
        for dots in (576, 384):
            app.config["PRINTER_DOTS"] = dots
            with app.test_request_context("/"):
                for slip in slips:
                    escpos_bytes(slip_image(db.session, slip))  # fonts load once
                    for _ in range(count // 4):
                        started = time.perf_counter()
                        escpos_bytes(slip_image(db.session, slip))
                        timings.append((time.perf_counter() - started) * 1000)
        p95 = percentile(timings, 95)
        log(f"  {len(timings)} slips: median {percentile(timings, 50):.1f} ms, p95 {p95:.1f} ms")
        return p95


def new_slot(capacity: int, hours_ahead: int = 48):
    service = db.session.scalars(select(ServiceItem)).first()
    starts = utcnow().replace(microsecond=0) + timedelta(hours=hours_ahead)
    slot = Slot(
        id=new_id(), service_id=service.id, starts_at=starts,
        ends_at=starts + timedelta(minutes=30), capacity=capacity,
    )  # fmt: skip
    db.session.add(slot)
    db.session.commit()
    return slot.id


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(database: Path, log_file: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "KIOSK_BIND": f"127.0.0.1:{port}",
        "KIOSK_SECRET_KEY": "bench",
        "KIOSK_DATABASE_URL": f"sqlite:///{database}",
        "KIOSK_RATELIMIT_ENABLED": "false",  # twenty clients share one address here
    }
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
               "--chdir", str(ROOT), "kiosk:create_app()"]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log_file.open("w"), stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(f"{url}/healthz", timeout=1)
            return server, url
        except requests.ConnectionError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"gunicorn did not start: {log_file.read_text()[-2000:]}")


def race(url: str, slot_id) -> int:
    """Twenty clients submit at the same moment; returns how many got a 303 (a booking)."""
    start = threading.Barrier(CLIENTS)
    won: list[int] = []

    def client(n: int) -> None:
        session = requests.Session()
        form = session.get(f"{url}/appointments/slot/{slot_id}", timeout=30).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
        start.wait()
        answer = session.post(
            f"{url}/appointments/slot/{slot_id}",
            data={"csrf_token": token, "mobile": f"139{n:08d}"},
            allow_redirects=False,
            timeout=60,
        )
        if answer.status_code == 303:
            won.append(n)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(won)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slips", type=int, default=200, help="slips to time")
    parser.add_argument("--rounds", type=int, default=5, help="slots raced for")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kiosk-bench-slips-"))
    try:
        database = workdir / "kiosk.sqlite"
        app = make_app(database)
        with app.app_context():
            seed_demo(50, seed=1)
            db.engine.dispose()

        log("1. Drawing and encoding slips")
        p95 = slip_speed(app, args.slips)

        log(f"2. {CLIENTS} clients racing for {SEATS} seats, {args.rounds} rounds (gunicorn)")
        with app.app_context():
            slots = [new_slot(SEATS, 49 + n) for n in range(args.rounds)]
            db.engine.dispose()
        server, url = serve(database, workdir / "gunicorn.log")
        try:
            answers = [race(url, slot) for slot in slots]
        finally:
            server.terminate()
            server.wait(timeout=20)
        overbooked = 0
        with app.app_context():
            for slot_id, winners in zip(slots, answers, strict=True):
                booked = db.session.scalar(
                    select(func.count())
                    .select_from(Appointment)
                    .where(Appointment.slot_id == slot_id)
                )
                seats = db.session.get(Slot, slot_id).booked
                overbooked += max(0, booked - SEATS)
                log(f"  slot: {winners} bookings answered, {booked} written, seats taken {seats}")
                if booked < SEATS:
                    log("  FAIL: the slot was not filled: a client lost without a reason")
            db.engine.dispose()

        log(f"{'PASS' if p95 <= 50 else 'FAIL'} slip p95 {p95:.1f} ms (target ≤ 50)")
        log(f"{'PASS' if overbooked == 0 else 'FAIL'} overbooked {overbooked} (target 0)")
        log(f"slip_p95_ms={p95:.2f} overbooked={overbooked}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
