"""Station → hub sync benchmark: push speed, bytes on the wire, a fresh station's pull.

Run from the checkout:  .venv/bin/python bench/sync.py --jobs 100000 --records 10000

Real parts throughout (tests/sync_harness.py): the hub on a fresh PostgreSQL database
(127.0.0.1:5432, dropped at the end) served by gunicorn with the project's gunicorn.conf.py,
and a station on a SQLite file in a temporary folder talking to it over loopback through a
small TCP relay that counts the bytes each way (HTTP headers included, bodies as sent).

1. Setup (not measured): migrate the hub, `seed_demo` N jobs there, start the hub process,
   register a station.
2. Pull: a fresh station's `pull_changes` (a snapshot of every job, employer and station the hub
   publishes). Target: N = 100,000 jobs in at most 60 s.
3. Setup (not measured): the station's service list (`ensure_service_list`, pushed at once),
   then M records made by the station's own code (`collect`: registrations, tickets,
   appointments with their times, service records), each queued in the outbox.
4. Push: `push_outbox` until the outbox is empty. Targets: M = 10,000 records in at most
   15 s, at most 400 bytes per record on the wire (request + response, counted by the relay,
   divided by the records the hub confirmed, appointment times included).
5. Check: the hub's rows against the station's records: `lost` (a record missing at the
   hub, or at an older version) and `duplicated` (a record held twice, or a row the station
   never made). Both must be 0.

Ends with PASS/FAIL per target, then one line of figures:
    push_s=... bytes_per_record=... pull_s=... lost=... duplicated=...
Exit status 1 if a target is missed, 0 if all pass.
"""

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench_steps import hub_folder, log, phase, register, run_bench  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from station_app import fresh_postgres_database, make_app  # noqa: E402
from sync_harness import (  # noqa: E402
    FaultyProxy,
    collect,
    hub_config,
    hub_process,
    hub_records,
    make_station,
    station_records,
)

from kiosk.demo import seed_demo  # noqa: E402
from kiosk.extensions import db  # noqa: E402
from kiosk.models import Employer, Job, Station  # noqa: E402
from kiosk.sync.station.outbox import waiting  # noqa: E402
from kiosk.sync.station.rounds import (  # noqa: E402
    HubClient,
    RoundResult,
    ensure_service_list,
    pull_changes,
    push_outbox,
)

STATION = "BENCH-A"
#: Target name -> (comparison, limit).
TARGETS = {
    "push_s": ("<=", 15.0),
    "bytes_per_record": ("<=", 400.0),
    "pull_s": ("<=", 60.0),
    "lost": ("<=", 0),
    "duplicated": ("<=", 0),
}


class TimedClient:
    """Wraps a HubClient's calls to time the part spent waiting on the hub (network, hub's
    work, reading the answer), so the rest is the station's own work."""

    def __init__(self, client: HubClient) -> None:
        self.waited = 0.0
        self.calls = 0
        for name in ("push", "changes", "snapshot"):
            setattr(client, name, self._timed(getattr(client, name)))

    def _timed(self, call: Callable) -> Callable:
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                self.waited += time.perf_counter() - started
                self.calls += 1

        return timed


def progress_printer(started: float) -> Callable[[int, int], None]:
    step = {"next": 0}

    def report(done: int, total: int) -> None:
        if done < step["next"] and done < total:
            return
        step["next"] = done + max(1, total // 10)
        log(f"  {done:>8,}/{total:,} jobs  {time.perf_counter() - started:6.1f}s")

    return report


# --- the phases -------------------------------------------------------------------------


def set_up_hub(database_url: str, workdir: Path, job_count: int):
    started = time.perf_counter()
    hub_app = make_app(hub_folder(workdir), **hub_config(database_url))
    log(f"  migrated in {time.perf_counter() - started:.1f}s")
    started = time.perf_counter()
    with hub_app.app_context():
        seed_demo(job_count, seed=5, station_code="HUB", progress=progress_printer(started))
        db.session.remove()
    log(f"  seeded {job_count:,} jobs in {time.perf_counter() - started:.1f}s (setup, not timed)")
    return hub_app


def timed_client(app) -> tuple[HubClient, TimedClient]:
    """The station's own client (its HUB_URL is the counting relay), with its calls timed."""
    client = HubClient.for_app(app)
    return client, TimedClient(client)


def measure_pull(station, relay: FaultyProxy, expected_jobs: int, figures: dict) -> None:
    client, timer = timed_client(station)
    before = relay.counts()
    with station.app_context():
        started = time.perf_counter()
        applied = pull_changes(db.session, client)
        figures["pull_s"] = elapsed = time.perf_counter() - started
        jobs = db.session.scalar(select(func.count()).select_from(Job))
        employers = db.session.scalar(select(func.count()).select_from(Employer))
        stations = db.session.scalar(select(func.count()).select_from(Station))
        db.session.remove()
    sent, received = (now - then for now, then in zip(relay.counts(), before, strict=True))
    log(
        f"  pulled {applied:,} changes in {elapsed:.2f}s over {timer.calls} pages: "
        f"{jobs:,} jobs, {employers:,} employers, {stations:,} stations now at the station"
    )
    log(
        f"  the hub answering {timer.waited:.2f}s in all (the next page is fetched while the "
        f"station applies this one, so the two overlap)"
    )
    log(
        f"  on the wire: {sent:,} bytes up, {received:,} bytes down "
        f"({received / max(applied, 1):.0f} bytes per change); "
        f"HubClient counted {client.bytes_received:,} bytes down (after gunzip)"
    )
    if jobs != expected_jobs:
        log(f"  NOTE: the hub holds {expected_jobs:,} jobs, the station {jobs:,}")


def push_service_list(station) -> None:
    client, _ = timed_client(station)
    with station.app_context():
        ensure_service_list(db.session, STATION)
        result = RoundResult()
        push_outbox(db.session, client, station.config["SYNC_BATCH"], result)
        confirmed, rejected = result.pushed, result.rejected
        db.session.remove()
    log(f"  service list: {confirmed} items pushed, {rejected} rejected")
    if not confirmed:
        raise RuntimeError("the station has no service list: is it in the hub's register?")


def make_records(station, count: int) -> int:
    started = time.perf_counter()
    collect(station, count, random.Random(2026))
    with station.app_context():
        queued = waiting(db.session)
        db.session.remove()
    log(
        f"  collected {count:,} records in {time.perf_counter() - started:.1f}s "
        f"(setup, not timed): {queued:,} waiting in the outbox (appointments bring their times)"
    )
    return queued


def measure_push(station, relay: FaultyProxy, queued: int, figures: dict) -> None:
    client, timer = timed_client(station)
    batch_size = station.config["SYNC_BATCH"]
    before = relay.counts()
    with station.app_context():
        started = time.perf_counter()
        result = RoundResult()
        push_outbox(db.session, client, batch_size, result)
        confirmed, rejected = result.pushed, result.rejected
        figures["push_s"] = elapsed = time.perf_counter() - started
        left = waiting(db.session)
        db.session.remove()
    sent, received = (now - then for now, then in zip(relay.counts(), before, strict=True))
    figures["bytes_per_record"] = (sent + received) / max(confirmed, 1)
    log(
        f"  pushed {confirmed:,} records ({rejected} rejected, {left} left in the outbox) in "
        f"{elapsed:.2f}s: {timer.calls} batches of up to {batch_size}, "
        f"{confirmed / elapsed:,.0f} records/s"
    )
    log(
        f"  waiting on the hub {timer.waited:.2f}s ({timer.waited / max(timer.calls, 1):.3f}s per "
        f"batch), station's own work (outbox read, encode, gzip, confirm) "
        f"{elapsed - timer.waited:.2f}s"
    )
    log(
        f"  on the wire: {sent:,} bytes up + {received:,} bytes down = {sent + received:,}: "
        f"{figures['bytes_per_record']:.1f} bytes per record pushed "
        f"({(sent + received) / max(figures['records'], 1):.1f} per collected record)"
    )
    log(
        f"  HubClient's own counters: {client.bytes_sent:,} sent (bodies and paths) + "
        f"{client.bytes_received:,} received (after gunzip) = "
        f"{(client.bytes_sent + client.bytes_received) / max(confirmed, 1):.1f} bytes per record"
    )
    if confirmed != queued:
        log(f"  NOTE: {queued:,} were waiting but {confirmed:,} were confirmed")


def compare(station, database_url: str, figures: dict) -> None:
    mine = station_records(station)
    theirs = hub_records(database_url, STATION)
    lost = duplicated = 0
    for kind, records in mine.items():
        held = theirs.get(kind, [])
        held_set = set(held)
        station_ids = {id_ for id_, _ in records}
        missing = len(records - held_set)  # not there, or not at the station's version
        twice = len(held) - len(held_set)
        extra = len({id_ for id_, _ in held_set} - station_ids)
        lost += missing
        duplicated += twice + extra
        log(
            f"  {kind:>16}: station {len(records):>6,}  hub {len(held):>6,}  "
            f"lost {missing}  twice {twice}  unknown to the station {extra}"
        )
    figures["lost"], figures["duplicated"] = lost, duplicated


def verdicts(figures: dict) -> bool:
    log("\n== Targets")
    passed = True
    for name, (op, limit) in TARGETS.items():
        value = figures[name]
        ok = value <= limit
        passed &= ok
        log(f"  {'PASS' if ok else 'FAIL'}  {name} = {value:g}  (target {op} {limit:g})")
    return passed


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=100_000, help="jobs seeded at the hub")
    parser.add_argument("--records", type=int, default=10_000, help="records the station makes")
    return parser.parse_args()


def run(args: argparse.Namespace, workdir: Path, figures: dict, durations: dict) -> None:
    figures["records"] = args.records
    with fresh_postgres_database() as database_url:
        log(f"Hub database: {database_url}")
        hub_app = process = relay = None
        try:
            with phase("1. hub setup: migrate, seed, start gunicorn (not timed)", durations):
                hub_app = set_up_hub(database_url, workdir, args.jobs)
                process = hub_process(database_url, workdir / "hub.log")
                process.start()
                relay = FaultyProxy(process.port)  # no faults: it only counts
                secret = register(hub_app, STATION)
                log(f"  hub at {process.url}, station {STATION} reaches it via {relay.url}")
            station = make_station(workdir / "station.sqlite", STATION, relay.url, secret)
            with phase(f"2. pull: a fresh station pulls {args.jobs:,} jobs", durations):
                measure_pull(station, relay, args.jobs, figures)
            with phase(f"3. station setup: service list, {args.records:,} records", durations):
                push_service_list(station)
                queued = make_records(station, args.records)
            with phase(f"4. push: {queued:,} records to the hub", durations):
                measure_push(station, relay, queued, figures)
            with phase("5. check: hub rows against the station's records", durations):
                compare(station, database_url, figures)
            with station.app_context():
                db.engine.dispose()
        finally:
            if relay is not None:
                relay.close()
            if process is not None:
                process.stop()
            if hub_app is not None:
                with hub_app.app_context():
                    db.engine.dispose()


def main() -> None:
    args = parse_args()
    figures, durations, seconds = run_bench(
        "kiosk-bench-sync-",
        lambda workdir, figures, durations: run(args, workdir, figures, durations),
    )
    passed = verdicts(figures)
    log(
        "  phase times: "
        + ", ".join(f"{k.split('.')[0]} {v:.0f}s" for k, v in durations.items())
        + f"; total {seconds:.0f}s"
    )
    log(
        f"push_s={figures['push_s']:.2f} bytes_per_record={figures['bytes_per_record']:.1f} "
        f"pull_s={figures['pull_s']:.2f} lost={figures['lost']} duplicated={figures['duplicated']}"
    )
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
