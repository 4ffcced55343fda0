"""A region's hub: what one hub core serves, measured on this machine and scaled honestly.

Run from the checkout:  .venv/bin/python bench/hub.py --jobs 100000

Real parts (tests/sync_harness.py): the hub on a fresh PostgreSQL database (127.0.0.1:5432,
dropped at the end) under gunicorn with the project's gunicorn.conf.py (2 workers), stations
on SQLite files, signed requests made by the stations' own client (HubClient).

A region of 3,000 stations cannot run on one 2-core box, so the fleet is not simulated one
process per station. Instead the requests a station makes are offered at a concurrency sized
to the 2 cores (2 clients at once, each waiting for its answer), and for each kind of request
the bench measures its latency (p95 under that load) and its cost: the CPU seconds the hub
spent on it (gunicorn's master and workers plus the PostgreSQL backends serving them, read
from /proc before and after), divided by the requests. A station's day on a 5-minute timer is
then priced from those costs, and one core's capacity is 86,400 s over that price. The load
generator shares the 2 cores with the hub, so latencies are upper bounds.

1. Setup (not timed): migrate; two pushing stations with their service lists; their records
   (`collect`) cut into real batches of 500 and of 10 (as their outboxes would send them);
   seed N jobs at the hub; register the simulated stations.
2. Snapshot: a fresh station starts from the hub's snapshot of N jobs. Target <= 20 s.
3. Empty pull: an up-to-date station's pull (both change streams, nothing new). p95 <= 20 ms.
4. Push of 500 records (each batch new records, once). p95 <= 1,000 ms.
5. Costs of a day: a push of 10 records, a pull of a page of 100 new changes.

Last line: stations=3000 empty_pull_p95_ms=… push500_p95_ms=… snapshot_100k_s=…
hub_cpu_s_per_station_day=…
"""

import argparse
import os
import random
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import requests  # noqa: E402
from bench_steps import hub_folder, log, phase, register, run_bench  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from station_app import fresh_postgres_database, make_app  # noqa: E402
from sync_harness import collect, hub_config, hub_process, make_station, sync  # noqa: E402

from kiosk.demo import seed_demo  # noqa: E402
from kiosk.domain.reference import load_reference_data  # noqa: E402
from kiosk.extensions import db  # noqa: E402
from kiosk.models import Change, Job  # noqa: E402
from kiosk.personal_data import vault_for  # noqa: E402
from kiosk.sync.capture import update_synced  # noqa: E402
from kiosk.sync.hub.credentials import add_station  # noqa: E402
from kiosk.sync.station.outbox import Batch, confirm, next_batch  # noqa: E402
from kiosk.sync.station.rounds import HubClient, pull_changes  # noqa: E402

FLEET = 3000
ROUNDS_PER_DAY = 24 * 60 // 5
#: A station's day beside its 288 empty pulls (an assumption, said in the output): the
#: records it collects go up in this many small pushes, and the county's new jobs come down
#: in this many pages of about 100 changes.
SMALL_PUSHES_PER_DAY = 20
CHANGE_PAGES_PER_DAY = 2
CONCURRENCY = 2
TARGETS = {"empty_pull_p95_ms": 20.0, "push500_p95_ms": 1000.0, "snapshot_100k_s": 20.0}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def start_patiently(process) -> None:
    """gunicorn's start, with more time than the tests give it (a busy box imports slowly)."""
    try:
        process.start()
    except RuntimeError:
        for _ in range(600):
            try:
                requests.get(f"{process.url}/healthz", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise


class HubCpu:
    """CPU seconds used by the hub: gunicorn (master and workers) and the PostgreSQL
    backends connected to its database."""

    def __init__(self, gunicorn_pid: int, database_url: str) -> None:
        self.gunicorn_pid = gunicorn_pid
        self.name = database_url.rsplit("/", 1)[1]
        self.engine = create_engine(database_url.rsplit("/", 1)[0] + "/postgres")

    def _pids(self) -> list[int]:
        children = Path(f"/proc/{self.gunicorn_pid}/task/{self.gunicorn_pid}/children")
        pids = [self.gunicorn_pid, *map(int, children.read_text().split())]
        with self.engine.connect() as connection:
            pids += connection.scalars(
                text("SELECT pid FROM pg_stat_activity WHERE datname = :name"),
                {"name": self.name},
            ).all()
        return pids

    def seconds(self) -> dict[int, float]:
        used = {}
        for pid in self._pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            used[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        return used

    @staticmethod
    def spent(before: dict[int, float], after: dict[int, float]) -> float:
        return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def offered(lanes: Sequence[Sequence[Callable[[], object]]], cpu: HubCpu) -> tuple[list, float]:
    """Run each lane's calls in order, the lanes at once (CONCURRENCY clients, each waiting
    for its answer); each call's seconds, and the hub's CPU seconds per call."""
    latencies: list[float] = []
    lock = threading.Lock()

    def client(calls: Sequence[Callable[[], object]]) -> None:
        for call in calls:
            started = time.perf_counter()
            call()
            with lock:
                latencies.append(time.perf_counter() - started)

    before = cpu.seconds()
    threads = [threading.Thread(target=client, args=(lane,)) for lane in lanes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, HubCpu.spent(before, cpu.seconds()) / max(len(latencies), 1)


def lanes_of(calls: Sequence[Callable[[], object]]) -> list[list[Callable[[], object]]]:
    return [list(calls[n::CONCURRENCY]) for n in range(CONCURRENCY)]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def batches_of(station, size: int, count: int) -> list[Batch]:
    """The station's next batches as its outbox cuts them (confirmed here, sent later)."""
    made = []
    with station.app_context():
        while len(made) < count and (batch := next_batch(db.session, size)) is not None:
            confirm(db.session, batch.sent)
            db.session.commit()
            made.append(batch)
        db.session.remove()
    return made


def client_for(app) -> HubClient:
    client = HubClient.for_app(app)
    client.tries = 1
    return client


def run(args: argparse.Namespace, workdir: Path, figures: dict, durations: dict) -> None:
    with fresh_postgres_database() as database_url:
        hub_app = process = None
        try:
            with phase("1. setup: stations, their batches, the hub's jobs (not timed)", durations):
                hub_app = make_app(hub_folder(workdir), **hub_config(database_url))
                with hub_app.app_context():
                    load_reference_data()
                    db.session.commit()
                    db.session.remove()
                process = hub_process(database_url, workdir / "hub.log")
                start_patiently(process)
                pushers = []
                for n in range(2):
                    code = f"PUSH-{n}"
                    app = make_station(workdir / f"{code}.sqlite", code, process.url,
                                       register(hub_app, code), SYNC_TRIES=1)  # fmt: skip
                    errors = sync(app).errors  # its service list goes up
                    assert not errors, errors
                    pushers.append(app)
                # One lane per station: its batches go in order, as its outbox sends them.
                big: list[list[tuple[HubClient, Batch]]] = []
                small: list[list[tuple[HubClient, Batch]]] = []
                per_station = args.batches // 2
                for n, app in enumerate(pushers):
                    collect(app, per_station * 500 * 4 // 5, random.Random(n))  # + slot times
                    client = client_for(app)
                    big.append([(client, b) for b in batches_of(app, 500, per_station)])
                    collect(app, 100, random.Random(100 + n))
                    small.append([(client, b) for b in batches_of(app, 10, 10)])
                log(f"  {sum(map(len, big))} batches of 500 and {sum(map(len, small))} of 10 cut")
                started = time.perf_counter()
                with hub_app.app_context():
                    seed_demo(args.jobs, seed=5, station_code="HUB")
                    db.session.remove()
                log(f"  {args.jobs:,} jobs seeded in {time.perf_counter() - started:.0f}s")
                # A hub's tables have long been vacuumed when a new station starts; here they
                # were just written, and autovacuum would take the second core mid-snapshot.
                vacuum = create_engine(database_url, isolation_level="AUTOCOMMIT")
                with vacuum.connect() as connection:
                    connection.exec_driver_sql("VACUUM (ANALYZE)")
                vacuum.dispose()
                codes = [f"SIM-{n:04d}" for n in range(args.stations)]
                with hub_app.app_context():
                    vault = vault_for(hub_app)
                    secrets = {code: add_station(db.session, vault, code) for code in codes}
                    db.session.commit()
                    head = db.session.scalar(select(func.max(Change.seq))) or 0
                    db.session.remove()
                simulated = [
                    HubClient(process.url, code, secret, timeout=60, tries=1)
                    for code, secret in secrets.items()
                ]
            cpu = HubCpu(process.process.pid, database_url)

            with phase(f"2. snapshot: a fresh station starts from {args.jobs:,} jobs", durations):
                fresh = make_station(workdir / "fresh.sqlite", "FRESH", process.url,
                                     register(hub_app, "FRESH"))  # fmt: skip
                with fresh.app_context():
                    before = cpu.seconds()
                    started, station_cpu = time.perf_counter(), time.process_time()
                    applied = pull_changes(db.session, client_for(fresh))
                    figures["snapshot_100k_s"] = time.perf_counter() - started
                    # The station is this process (its fetching thread and its writes).
                    figures["snapshot_station_cpu"] = time.process_time() - station_cpu
                    snapshot_cpu = HubCpu.spent(before, cpu.seconds())
                    jobs = db.session.scalar(select(func.count()).select_from(Job))
                    db.session.remove()
                    db.engine.dispose()
                log(f"  {applied:,} records in {figures['snapshot_100k_s']:.1f}s, {jobs:,} jobs "
                    f"at the station; CPU: the station's {figures['snapshot_station_cpu']:.1f}s, "
                    f"the hub's {snapshot_cpu:.1f}s (they overlap: the next page is fetched while "
                    f"one is written, so on a box of its own the start takes about the larger "
                    f"plus the station's disk waits)")  # fmt: skip

            with phase(f"3. empty pulls: {args.pulls} by {CONCURRENCY} at once", durations):
                head = max(head, _head(hub_app))
                chosen = [simulated[n % len(simulated)] for n in range(args.pulls)]
                calls = [(lambda c=c: c.changes(head, head)) for c in chosen]
                offered(lanes_of(calls[:20]), cpu)  # warm the workers' connections and caches
                latencies, figures["pull_cpu"] = offered(lanes_of(calls), cpu)
                figures["empty_pull_p95_ms"] = p95(latencies) * 1000
                log(f"  p50 {sorted(latencies)[len(latencies) // 2] * 1000:.1f} ms, p95 "
                    f"{figures['empty_pull_p95_ms']:.1f} ms; hub CPU "
                    f"{figures['pull_cpu'] * 1000:.2f} ms per pull")  # fmt: skip

            with phase(f"4. pushes of 500 records, {CONCURRENCY} stations at once", durations):
                lanes = [[(lambda c=c, b=b: _pushed(c, b)) for c, b in lane] for lane in big]
                latencies, figures["push_cpu"] = offered(lanes, cpu)
                figures["push500_p95_ms"] = p95(latencies) * 1000
                log(f"  p50 {sorted(latencies)[len(latencies) // 2] * 1000:.0f} ms, p95 "
                    f"{figures['push500_p95_ms']:.0f} ms; hub CPU "
                    f"{figures['push_cpu'] * 1000:.0f} ms per push")  # fmt: skip

            with phase("5. a day's other requests: small pushes, pages of news", durations):
                lanes = [[(lambda c=c, b=b: _pushed(c, b)) for c, b in lane] for lane in small]
                _, figures["small_push_cpu"] = offered(lanes, cpu)
                before_news = _head(hub_app)
                with hub_app.app_context():  # the county publishes 100 changed jobs
                    ids = db.session.scalars(select(Job.id).limit(100)).all()
                    update_synced(db.session, Job, Job.id.in_(ids), headcount=Job.headcount + 1)
                    db.session.commit()
                    db.session.remove()
                calls = [(lambda c=c: _news(c, before_news)) for c in simulated[: args.news_pulls]]
                _, figures["news_cpu"] = offered(lanes_of(calls), cpu)
                log(f"  hub CPU {figures['small_push_cpu'] * 1000:.1f} ms per push of 10, "
                    f"{figures['news_cpu'] * 1000:.1f} ms per page of 100 changes")  # fmt: skip
        finally:
            if process is not None and process.process is not None:
                process.process.terminate()  # a busy box takes more than the tests' 10 s
                process.process.wait(timeout=120)
            if hub_app is not None:
                with hub_app.app_context():
                    db.engine.dispose()


def _head(hub_app) -> int:
    with hub_app.app_context():
        try:
            return db.session.scalar(select(func.max(Change.seq))) or 0
        finally:
            db.session.remove()


def _pushed(client: HubClient, batch: Batch) -> None:
    answer = client.push(batch, 0)
    if len(answer.get("applied", ())) != len(batch.sent):
        raise RuntimeError(f"a push was not applied whole: {str(answer)[:300]}")


def _news(client: HubClient, after: int) -> None:
    page = client.changes(after, after)
    if len(page["changes"]) != 100:
        raise RuntimeError(f"expected 100 changes, got {len(page['changes'])}")


def report(figures: dict) -> None:
    day = (
        ROUNDS_PER_DAY * figures["pull_cpu"]
        + SMALL_PUSHES_PER_DAY * figures["small_push_cpu"]
        + CHANGE_PAGES_PER_DAY * figures["news_cpu"]
    )
    figures["hub_cpu_s_per_station_day"] = day
    per_core = 86_400 / day
    log("\n== A station's day, priced")
    log(f"  {ROUNDS_PER_DAY} rounds x {figures['pull_cpu'] * 1000:.2f} ms (empty pull)"
        f" + {SMALL_PUSHES_PER_DAY} pushes of 10 x {figures['small_push_cpu'] * 1000:.1f} ms"
        f" + {CHANGE_PAGES_PER_DAY} pages of 100 changes x {figures['news_cpu'] * 1000:.1f} ms"
        f" = {day:.2f} hub CPU s per station per day")  # fmt: skip
    log("  (assumed: records go up in 20 small pushes a day, the county's news comes in 2")
    log("   pages; not counted: the fleet's own reports and key requests, nginx, TLS)")
    log(f"  one hub core (fully busy) serves {per_core:,.0f} stations; {FLEET:,} stations need "
        f"{FLEET / per_core:.2f} cores busy, so plan {max(2, 2 * FLEET / per_core):.0f} cores "
        f"(half busy: peaks, backups, the console)")  # fmt: skip
    log("\n== Targets")
    for name, limit in TARGETS.items():
        verdict = "PASS" if figures[name] <= limit else "FAIL"
        log(f"  {verdict}  {name} = {figures[name]:.1f}  (target <= {limit:g})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=100_000, help="jobs seeded at the hub")
    parser.add_argument("--stations", type=int, default=50, help="simulated station secrets")
    parser.add_argument("--pulls", type=int, default=400, help="empty pulls measured")
    parser.add_argument("--batches", type=int, default=12, help="pushes of 500 measured")
    parser.add_argument("--news-pulls", type=int, default=40, help="pulls of 100 changes")
    args = parser.parse_args()
    figures, _, seconds = run_bench(
        "kiosk-bench-hub-",
        lambda workdir, figures, durations: run(args, workdir, figures, durations),
    )
    report(figures)
    log(f"  total {seconds:.0f}s; load average now "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work on the box inflates "
        f"latencies)")  # fmt: skip
    passed = all(figures[name] <= limit for name, limit in TARGETS.items())
    log(
        f"stations={FLEET} empty_pull_p95_ms={figures['empty_pull_p95_ms']:.1f} "
        f"push500_p95_ms={figures['push500_p95_ms']:.0f} "
        f"snapshot_100k_s={figures['snapshot_100k_s']:.1f} "
        f"hub_cpu_s_per_station_day={figures['hub_cpu_s_per_station_day']:.2f}"
    )
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
