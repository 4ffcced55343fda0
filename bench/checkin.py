"""Fair check-in benchmark: four devices with no link scanning 2,000 people at one fair.

Run from the checkout:  .venv/bin/python bench/checkin.py [--people 2000 --devices 4]

Real parts throughout (tests/sync_harness.py): the hub on a fresh PostgreSQL database
(127.0.0.1:5432, dropped at the end) served by gunicorn, and a caravan station on a SQLite
file, its pages served by the app itself (Flask's client, the station's real routes, CSRF and
sign-in included).

1. Setup (not measured): the hub publishes a fair and books four booths; the caravan pulls
   them; 2,000 people sign up there.
2. Scanning, offline: each device keeps its own scans, each with an id of its own; the people
   are spread over the devices (gates), and 10 % are scanned twice, at another gate.
3. Upload (measured): each device sends its scans to the station, then sends them all again
   (a replay: the device did not hear the answer); then the station syncs with the hub.
   Target: at most 5 s in all.
4. Check at the hub: `scans` (rows held), `visits` (distinct people through a gate) and
   `double_counted` (rows beyond the scans the devices made, plus visits beyond the people):
   must be 0.

Ends with one line:  scans=... visits=... double_counted=... upload_s=...
Exit status 1 if a target is missed.
"""

import argparse
import random
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench_steps import log, phase  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from station_app import fresh_postgres_database, make_app  # noqa: E402
from sync_harness import hub_config, hub_process, make_station, sync  # noqa: E402
from test_staff import csrf, get, signed_in  # noqa: E402

from kiosk.demo import seed_demo  # noqa: E402
from kiosk.events.service import (  # noqa: E402
    EventForm,
    NoShowRule,
    book_booth,
    outcome,
    save_event,
    sign_up,
)
from kiosk.extensions import db  # noqa: E402
from kiosk.models import (  # noqa: E402
    BEIJING,
    Event,
    EventScan,
    Job,
    SignupChannel,
    StaffRole,
    local_today,
    utcnow,
)

STATION = "CV-BENCH"
UPLOAD_LIMIT_S = 5.0


def publish(hub_app) -> str:
    start = datetime.now(BEIJING) - timedelta(hours=1)
    form = EventForm(
        kind="fair", title_zh="集市招聘会", region_code="150105",
        starts_at=f"{start:%Y-%m-%d %H:%M}", ends_at=f"{start + timedelta(hours=6):%Y-%m-%d %H:%M}",
    )  # fmt: skip
    with hub_app.app_context():
        event = save_event(db.session, form, "HUB", local_today())
        db.session.flush()
        today = local_today()
        jobs = [job for job in db.session.scalars(select(Job)).unique() if job.is_open(today)]
        for job in list({job.employer_id: job for job in jobs}.values())[:4]:
            book_booth(db.session, event, str(job.employer_id), [str(job.id)], "bench", utcnow(),
                       NoShowRule())  # fmt: skip
        db.session.commit()
        code = event.code
        db.session.remove()
    return code


def device_scans(codes: list[str], devices: int, rng: random.Random) -> list[list[dict]]:
    """What each device kept: every person at one gate, a tenth again at another."""
    kept: list[list[dict]] = [[] for _ in range(devices)]

    def scan(device: int, code: str) -> None:
        kept[device].append(
            {"id": str(uuid.uuid4()), "kind": "gate", "code": code, "device": f"gate-{device + 1}",
             "scanned_at": utcnow().isoformat()}
        )  # fmt: skip

    for n, code in enumerate(codes):
        scan(n % devices, code)
    for code in rng.sample(codes, len(codes) // 10):
        scan(rng.randrange(devices), code)
    return kept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--devices", type=int, default=4)
    args = parser.parse_args()
    durations: dict[str, float] = {}
    rng = random.Random(19)
    with tempfile.TemporaryDirectory() as tmp, fresh_postgres_database() as url:
        work = Path(tmp)
        with phase("hub: migrate, a few demo jobs, publish a fair with four booths", durations):
            hub_app = make_app(work / "unused.sqlite", **hub_config(url))
            with hub_app.app_context():
                seed_demo(40, seed=19, station_code="HUB")
                db.session.remove()
            secret = (
                hub_app.test_cli_runner()
                .invoke(
                    args=[
                        "hub",
                        "add-station",
                        STATION,
                        "--name",
                        "大篷车",
                        "--region",
                        "150105",
                        "--kind",
                        "caravan",
                    ]
                )
                .output.splitlines()[1]
            )
            code = publish(hub_app)
            process = hub_process(url, work / "hub.log")
            process.start()
        try:
            with phase("caravan: first sync, then 2,000 sign-ups (setup)", durations):
                station = make_station(
                    work / "cv.sqlite", STATION, process.url, secret, SYNC_BATCH=1000
                )
                assert not sync(station).errors
                with station.app_context():
                    event = db.session.scalars(select(Event).where(Event.code == code)).one()
                    codes = [
                        sign_up(db.session, event, SignupChannel.gate, STATION, utcnow()).code
                        for _ in range(args.people)
                    ]
                    db.session.commit()
                    db.session.remove()
                assert not sync(station).errors  # the sign-ups are at the hub before the fair
                kept = device_scans(codes, args.devices, rng)
                made = sum(len(scans) for scans in kept)
                log(f"  {args.devices} devices kept {made:,} scans offline "
                    f"({made - args.people:,} people scanned twice)")  # fmt: skip
                with station.app_context():
                    staff = signed_in(station, "gate", StaffRole.counselor)
                    token = csrf(get(staff, f"/staff/fair/{code}/scan").get_data(as_text=True))
            with phase("upload: each device twice (a replay), then the sync", durations):
                started = time.perf_counter()
                taken = already = 0
                for scans in kept + kept:
                    with station.app_context():
                        answer = staff.post(f"/staff/fair/{code}/scans", json={"scans": scans},
                                            headers={"X-CSRFToken": token}).get_json()  # fmt: skip
                    taken, already = taken + answer["taken"], already + answer["already"]
                    assert not answer["refused"], answer["refused"][:3]
                devices_s = time.perf_counter() - started
                result = sync(station)
                upload_s = time.perf_counter() - started
                assert not result.errors, result.errors
                log(
                    f"  devices → station {devices_s:.2f}s: {taken:,} taken, {already:,} sent "
                    f"again and counted once; station → hub {upload_s - devices_s:.2f}s"
                )
            with phase("check at the hub", durations), hub_app.app_context():
                event = db.session.scalars(select(Event).where(Event.code == code)).one()
                held = db.session.scalar(
                    select(func.count())
                    .select_from(EventScan)
                    .where(EventScan.event_id == event.id)
                )
                report = outcome(db.session, event, local_today())
                db.session.remove()
        finally:
            process.stop()
            with hub_app.app_context():
                db.session.remove()
                db.engine.dispose()
    double_counted = max(0, held - made) + max(0, report.visits - args.people)
    missing = max(0, made - held) + max(0, args.people - report.visits)
    ok = double_counted == 0 and missing == 0 and upload_s <= UPLOAD_LIMIT_S
    verdict = "PASS" if upload_s <= UPLOAD_LIMIT_S else "FAIL"
    log(f"\n{verdict} upload_s {upload_s:.2f} <= {UPLOAD_LIMIT_S}")
    log(f"{'PASS' if double_counted == 0 else 'FAIL'} double_counted {double_counted} == 0")
    log(f"{'PASS' if missing == 0 else 'FAIL'} missing {missing} == 0")
    figures = f"scans={held} visits={report.visits} double_counted={double_counted}"
    log(f"{figures} upload_s={upload_s:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
