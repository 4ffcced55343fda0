"""Job search benchmark: server-side latency, throughput against a hello-world, page weight.

Run from the checkout:  .venv/bin/python bench/search.py --jobs 100000

Phases (each prints its figures as it goes):

1. Data: a demo database with N jobs (migrations + `seed_demo`), built in a temporary folder
   and cached as /tmp/kiosk-bench-<N>-<fingerprint>.sqlite. The fingerprint hashes the
   sources that shape the data (migrations, models, demo, search index, CSV files), so an
   edit there rebuilds instead of silently reusing an old index. `--rebuild` forces it.
2. Server-side p95: `GET /jobs?...` through Flask's test client with the render cache off
   (LIST_CACHE_SIZE=0): search query plus HTML rendering, for a mix of Chinese, pinyin,
   initials and Mongolian queries, with and without filters, plain browsing and later pages.
3. Ratio vs hello: requests per second of rotating `/jobs?q=...` URLs from gunicorn with the
   project's gunicorn.conf.py, divided by the same load against bench/hello_app.py under the
   same config. Uses `wrk` when it is on PATH, else a Python load generator. The rate with
   the render cache off is printed too (informational only).
2b. Tiles p95: the home page's category tiles and the area pickers with their job counts,
   and lists with no jobs (their suggestions: fewer filters, the wider area, the league's
   other banners, each counted), through the test client. Counts are kept per index
   generation (kiosk/jobs/counts.py), so this is what a kiosk sees between job changes;
   the one-off cost of making the counts after a change is printed too (informational).
4. Page weight: `/` plus every asset it loads (stylesheet, scripts, preloaded font, images,
   url(...) in the CSS), in both languages, the larger counts; and the largest job-list
   fragment fetched with `HX-Request: true`. KB = 1000 bytes, bodies as served (uncompressed).

Ends with PASS/FAIL per target, then one line of figures:
    p95_ms=... ratio_vs_hello=... home_kb=... fragment_kb=... tiles_p95_ms=...
Exit status is 0 whether targets pass or fail; non-zero only if something crashed.
"""

import argparse
import contextlib
import csv
import hashlib
import http.client
import math
import os
import random
import re
import runpy
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import unquote, urlencode, urljoin, urlsplit

from bench_steps import log, phase

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CACHE_DIR = Path(tempfile.gettempdir())
KB = 1000

#: Target name -> (comparison, limit).
TARGETS = {
    "p95_ms": ("<=", 15.0),
    "ratio_vs_hello": (">=", 0.5),
    "home_kb": ("<=", 150.0),
    "fragment_kb": ("<=", 20.0),
    "tiles_p95_ms": ("<=", 15.0),
}

#: Sources whose edits change the built database (part of the cache file name).
DATA_SOURCES = (
    "kiosk/migrations/versions/*.py",
    "kiosk/models/*.py",
    "kiosk/demo/*.py",
    "kiosk/jobs/search.py",
    "kiosk/i18n/mongolian.py",
    "kiosk/reference.py",
    "kiosk/data/*.csv",
)

#: Typed queries and the category a person would pair them with.
CHINESE_AND_PINYIN = (
    ("焊", "factory"),
    ("工", "construction"),
    ("司机", "driver"),
    ("厨师", "catering"),
    ("保洁", "security"),
    ("叉车司机", "driver"),
    ("siji", "driver"),
    ("chushi", "catering"),
    ("hangong", "factory"),
    ("sj", "driver"),
    ("cs", "catering"),
)
#: Chinese titles whose last Mongolian word is used as a query (see job_titles.csv).
MONGOLIAN_FROM_TITLES = ("叉车司机", "厨师", "焊工", "普工")
PREFECTURE = "150100"
#: The league whose banners the dead-end lists are looked for in (issue 14: 锡林郭勒盟).
LEAGUE = "152500"


# --- 1. the data set ------------------------------------------------------------------


def data_fingerprint() -> str:
    digest = hashlib.sha256()
    for pattern in DATA_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def make_app(db_path: Path, **config):
    from kiosk import create_app

    return create_app(
        {"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", **config}
    )


def progress_printer(started: float) -> Callable[[int, int], None]:
    step = {"next": 0}

    def report(done: int, total: int) -> None:
        if done < step["next"] and done < total:
            return
        step["next"] = done + max(1, total // 20)
        elapsed = time.perf_counter() - started
        eta = elapsed / done * (total - done) if done else 0
        log(f"  {done:>8,}/{total:,} jobs  {elapsed:6.1f}s elapsed  ~{eta:5.0f}s left")

    return report


def build_database(job_count: int, target: Path) -> None:
    import flask_migrate

    from kiosk.demo import seed_demo
    from kiosk.extensions import db

    started = time.perf_counter()
    app = make_app(target)
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo(job_count, progress=progress_printer(started))
        db.session.remove()
        db.engine.dispose()


def snapshot(source: Path, destination: Path) -> None:
    """A self-contained copy (WAL folded in), written beside and renamed into place."""
    partial = destination.with_suffix(".part")
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(partial)) as dst,
    ):
        src.backup(dst)
    os.replace(partial, destination)


def prepare_database(job_count: int, workdir: Path, rebuild: bool) -> Path:
    target = workdir / "kiosk.sqlite"
    cached = CACHE_DIR / f"kiosk-bench-{job_count}-{data_fingerprint()}.sqlite"
    started = time.perf_counter()
    if cached.exists() and not rebuild:
        shutil.copyfile(cached, target)
        log(f"Reused cached database {cached} ({time.perf_counter() - started:.1f}s to copy)")
        return target
    log(f"Building {job_count:,} demo jobs in {target} ...")
    build_database(job_count, target)
    snapshot(target, cached)
    log(f"Built in {time.perf_counter() - started:.1f}s; cached as {cached}")
    return target


# --- the query mix --------------------------------------------------------------------


def mongolian_queries() -> list[tuple[str, str]]:
    """Last Mongolian word of a few titles, a folded spelling (ᠣ typed as ᠤ), a prefix."""
    with open(ROOT / "kiosk" / "data" / "job_titles.csv", encoding="utf-8") as f:
        rows = {row["title_zh"]: row for row in csv.DictReader(f)}
    words = [
        (rows[title]["title_mn"].split()[-1], rows[title]["category"])
        for title in MONGOLIAN_FROM_TITLES
        if title in rows
    ]
    first, category = words[0]
    extra = [(first[:3], category)]
    if "\u1823" in first:
        extra.insert(0, (first.replace("\u1823", "\u1824"), category))
    return words + extra


def typed_queries() -> list[tuple[str, str]]:
    return [*CHINESE_AND_PINYIN, *mongolian_queries()]


def url(**params: str) -> str:
    return "/jobs" + ("?" + urlencode(params) if params else "")


def filter_variants(category: str) -> list[dict[str, str]]:
    return [
        {},
        {"category": category},
        {"region": PREFECTURE},
        {"type": "full_time"},
        {"pay": "5000"},
        {"days": "7"},
        {"category": category, "region": PREFECTURE, "type": "full_time"},
    ]


def query_mix() -> list[str]:
    urls = [url(q=q, **f) for q, category in typed_queries() for f in filter_variants(category)]
    urls += [url(**f) for f in filter_variants("driver")]
    urls += [
        url(page="2"),
        url(page="3"),
        url(category="construction", page="2"),
        url(q="工", page="2"),
        url(q="司机", page="3"),
        url(q="siji", region=PREFECTURE, page="2"),
    ]
    return urls


def search_urls() -> list[str]:
    """The rotating load for the throughput test: each typed query, no filters."""
    return [url(q=q) for q, _category in typed_queries()]


def shown(path: str) -> str:
    return unquote(path)


# --- 2. server-side latency -------------------------------------------------------------


def render_cache_honours_zero() -> bool:
    """RenderCache(0) must render every time (it stores, then evicts at once)."""
    from kiosk.web.render_cache import RenderCache

    cache, calls = RenderCache(0), []
    for _ in range(3):
        cache.get_or_render(("key",), lambda: calls.append(1) or "html")
    return len(calls) == 3


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def print_hit_counts(app) -> None:
    from kiosk.jobs.queries import JobQuery, find_jobs

    with app.app_context():
        counts = [
            f"{q}={find_jobs(JobQuery.from_args({'q': q}), 20).total:,}" for q, _ in typed_queries()
        ]
    log("  matches: " + "  ".join(counts))


def time_requests(client, urls: list[str], rounds: int, bust: bool) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {u: [] for u in urls}
    order = list(urls)
    counter = 0
    for round_no in range(rounds):
        random.Random(round_no).shuffle(order)
        for path in order:
            counter += 1
            target = f"{path}{'&' if '?' in path else '?'}_bust={counter}" if bust else path
            started = time.perf_counter()
            response = client.get(target)
            timings[path].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{shown(path)} answered {response.status_code}")
    return timings


def warm_up(client, urls: list[str]) -> list[str]:
    """Two untimed passes (page cache, pinyin and reference caches, templates); URLs that
    do not answer 200 (a page past the end on a small data set) are left out."""
    kept = []
    for path in urls:
        status = client.get(path).status_code
        if status == 200:
            kept.append(path)
        else:
            log(f"  left out {shown(path)}: answered {status}")
    for path in kept:
        client.get(path)
    if not kept:
        raise RuntimeError("no URL of the query mix answered 200")
    return kept


def measure_server_side(db_path: Path, rounds: int) -> float:
    honours_zero = render_cache_honours_zero()
    if not honours_zero:
        log("  NOTE: RenderCache(0) keeps entries; each request gets a unique _bust= parameter")
    app = make_app(db_path, LIST_CACHE_SIZE=0)
    print_hit_counts(app)
    client = app.test_client()
    urls = warm_up(client, query_mix())
    started = time.perf_counter()
    timings = time_requests(client, urls, rounds, bust=not honours_zero)
    report_latency(timings, time.perf_counter() - started)
    return percentile([t for ts in timings.values() for t in ts], 95)


def report_latency(timings: dict[str, list[float]], elapsed: float) -> None:
    every = [t for ts in timings.values() for t in ts]
    log(
        f"  {len(every):,} timed requests over {len(timings)} URLs in {elapsed:.1f}s: "
        f"p50 {percentile(every, 50):.2f} ms  p95 {percentile(every, 95):.2f} ms  "
        f"max {max(every):.2f} ms"
    )
    log("  slowest URLs by p95 (p50 / p95 / max ms):")
    ranked = sorted(timings.items(), key=lambda item: percentile(item[1], 95), reverse=True)
    for path, ts in ranked[:5]:
        log(
            f"    {percentile(ts, 50):7.2f} {percentile(ts, 95):7.2f} {max(ts):7.2f}  {shown(path)}"
        )


# --- 2b. tiles with counts, and the suggestions of empty lists ---------------------------


def tile_urls() -> list[str]:
    return [
        "/",
        "/areas",
        "/areas?category=driver",
        "/areas?category=farming",
        f"/areas?region={LEAGUE}",
        f"/areas?category=driver&region={LEAGUE}",
        f"/areas?category=catering&region={PREFECTURE}",
        f"/areas?category=farming&type=part_time&region={LEAGUE}",
    ]


def empty_list_urls(app, wanted: int = 8) -> list[str]:
    """Lists in the league's banners that have no jobs: by category alone where there are
    such (small data sets), else with filters; and one typed search with no match."""
    from kiosk.domain import reference
    from kiosk.jobs.counts import count
    from kiosk.jobs.queries import JobQuery

    found: list[str] = []
    with app.app_context():
        counties = [c.code for c in reference.counties(LEAGUE)]
        shapes = [
            {},
            {"type": "internship"},
            {"type": "part_time", "pay": "8000"},
            {"type": "internship", "days": "1"},
        ]
        for shape in shapes:
            for category in [c.code for c in reference.categories()]:
                for county in counties:
                    params = {"category": category, "region": county, **shape}
                    if len(found) < wanted and count(JobQuery.from_args(params)) == 0:
                        found.append(url(**params))
                        break
        typed = [
            {"q": "司机", "type": "internship"},
            {"q": "司机", "category": "farming"},
            {"q": "焊工", "region": counties[0], "days": "1"},
        ]
        found += [url(**p) for p in typed if count(JobQuery.from_args(p)) == 0][:1]
    return found


def measure_tiles(db_path: Path, rounds: int, figures: dict) -> float:
    from kiosk.extensions import db
    from kiosk.jobs import counts
    from kiosk.models import local_today

    app = make_app(db_path, LIST_CACHE_SIZE=0)
    with app.app_context():
        started = time.perf_counter()
        counts.JobCounts(counts.count_cells(db.session.connection(), local_today()))
        figures["counts_build_ms"] = (time.perf_counter() - started) * 1000
    log(f"  making the counts after a change of jobs: {figures['counts_build_ms']:.1f} ms")
    empty = empty_list_urls(app)
    log(f"  lists with no jobs ({len(empty)}): " + "  ".join(shown(u) for u in empty))
    client = app.test_client()
    urls = warm_up(client, tile_urls() + empty)
    for path in empty:
        if b"ways-out" not in client.get(path).data:
            log(f"  NOTE: {shown(path)} offers no way out")
    started = time.perf_counter()
    timings = time_requests(client, urls, rounds, bust=False)
    report_latency(timings, time.perf_counter() - started)
    # The CPU this process spent on each request: what the wall time would be on an idle
    # core, whatever else shares the machine (the wall figure is the target's).
    cpu = []
    for path in urls * max(1, rounds // 4):
        started = time.process_time()
        client.get(path)
        cpu.append((time.process_time() - started) * 1000)
    figures["tiles_cpu_p95_ms"] = percentile(cpu, 95)
    log(f"  CPU per request: p50 {percentile(cpu, 50):.2f} ms  p95 {percentile(cpu, 95):.2f} ms")
    return percentile([t for ts in timings.values() for t in ts], 95)


# --- 3. throughput under gunicorn ------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(proc: subprocess.Popen, base: str, path: str, log_file: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({proc.returncode}):\n{tail(log_file)}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(base + path, timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn not answering {path} after 60s:\n{tail(log_file)}")


def tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()  # gunicorn master: graceful stop of its workers
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def gunicorn(
    app_args: list[str], env: dict[str, str], log_file: Path, health: str
) -> Iterator[str]:
    """A gunicorn with the project's config on a free local port; always stopped after."""
    bind = f"127.0.0.1:{free_port()}"
    command = [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", *app_args]
    with open(log_file, "ab") as out:
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env, "KIOSK_BIND": bind},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(proc, f"http://{bind}", health, log_file)
        yield f"http://{bind}"
    finally:
        stop(proc)


def kiosk_env(db_path: Path, **extra: str) -> dict[str, str]:
    return {
        "KIOSK_SECRET_KEY": "bench",
        "KIOSK_DATABASE_URL": f"sqlite:///{db_path}",
        **{f"KIOSK_{k}": v for k, v in extra.items()},
    }


@dataclass
class LoadResult:
    rps: float
    errors: int


WRK_OPTIONS = ("-t2", "-c16")
#: Alternating load rounds per server for the throughput ratio.
ROUNDS_OF_LOAD = 3
WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def run_wrk(base: str, paths: list[str], seconds: float, workdir: Path) -> LoadResult:
    script = workdir / "rotate.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    output = subprocess.run(
        ["wrk", *WRK_OPTIONS, f"-d{max(1, round(seconds))}s", "-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    failed = re.search(r"Socket errors:.*", output)
    if failed:
        log(f"    wrk: {failed.group(0)}")
    return LoadResult(rps, int(bad.group(1)) if bad else 0)


def _client_loop(base: str, paths: list[str], seconds: float, offset: int) -> tuple[int, int]:
    """One load-generator process: requests back to back until time is up."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    ok = errors = 0
    deadline = time.perf_counter() + seconds
    index = offset
    while time.perf_counter() < deadline:
        try:
            conn.request("GET", paths[index % len(paths)])
            response = conn.getresponse()
            response.read()
            ok += response.status == 200
            errors += response.status != 200
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
        index += 1
    conn.close()
    return ok, errors


def run_python_load(base: str, paths: list[str], seconds: float, clients: int) -> LoadResult:
    with ProcessPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(_client_loop, base, paths, seconds, n) for n in range(clients)]
        results = [f.result() for f in futures]
    return LoadResult(sum(ok for ok, _ in results) / seconds, sum(e for _, e in results))


def load_description(args) -> str:
    if args.load_tool == "wrk":
        return f"wrk {' '.join(WRK_OPTIONS)} -d{round(args.seconds)}s (URL rotation in Lua)"
    return f"Python, {args.clients} processes of back-to-back http.client requests"


def measure_rps(base: str, paths: list[str], args, workdir: Path) -> float:
    def load(seconds: float) -> LoadResult:
        if args.load_tool == "wrk":
            return run_wrk(base, paths, seconds, workdir)
        return run_python_load(base, paths, seconds, args.clients)

    load(args.warmup)  # every worker: page cache, templates, its own render cache
    result = load(args.seconds)
    note = f", {result.errors} non-200/errors" if result.errors else ""
    log(f"    {result.rps:,.0f} requests/s{note}")
    return result.rps


# --- 4. page weight ---------------------------------------------------------------------


class AssetFinder(HTMLParser):
    """What a browser fetches for a page: stylesheets, preloads, scripts, images, icons."""

    LINK_RELS = frozenset({"stylesheet", "preload", "modulepreload", "icon", "apple-touch-icon"})

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        rels = set((found.get("rel") or "").lower().split())
        if tag == "link" and rels & self.LINK_RELS and found.get("href"):
            self.assets.append(found["href"])
        elif tag in ("script", "img") and found.get("src"):
            self.assets.append(found["src"])


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def css_references(css: str) -> list[str]:
    refs = [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]
    return [r for r in refs if not r.startswith("data:")]


def fetch(client: urllib.request.OpenerDirector, address: str, **headers: str) -> bytes:
    with client.open(urllib.request.Request(address, headers=headers), timeout=10) as response:
        if response.headers.get("Content-Encoding"):
            log(f"    note: {address} served with {response.headers['Content-Encoding']}")
        return response.read()


def page_weight(client, base: str) -> dict[str, int]:
    """Bytes of `/` and each asset it loads (each counted once), as served."""
    home = base + "/"
    sizes = {home: len(page := fetch(client, home))}
    finder = AssetFinder()
    finder.feed(page.decode("utf-8", errors="replace"))
    pending = [urljoin(home, a) for a in finder.assets]
    while pending:
        address = pending.pop(0)
        if address in sizes:
            continue
        body = fetch(client, address)
        sizes[address] = len(body)
        if urlsplit(address).path.endswith(".css"):
            text = body.decode("utf-8", errors="replace")
            pending += [urljoin(address, ref) for ref in css_references(text)]
    return sizes


def language_client(base: str, locale: str | None) -> urllib.request.OpenerDirector:
    client = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    if locale:
        fetch(client, f"{base}/lang/{locale}")  # sets the session cookie, redirects home
    return client


def measure_home_kb(base: str, locales: list[str | None]) -> float:
    totals = []
    for locale in locales:
        sizes = page_weight(language_client(base, locale), base)
        totals.append(sum(sizes.values()))
        log(f"  home page, {locale or 'default language'}: {sum(sizes.values()) / KB:.1f} kB")
        for address, size in sizes.items():
            log(f"    {size / KB:8.1f} kB  {urlsplit(address).path}")
    return max(totals) / KB


def measure_fragment_kb(base: str, locales: list[str | None]) -> float:
    paths = [url(q="司机"), url(category="driver"), url(), url(q="工", region=PREFECTURE)]
    largest = 0
    for locale in locales:
        client = language_client(base, locale)
        for path in paths:
            body = fetch(client, base + path, **{"HX-Request": "true"})
            if b"<html" in body[:500].lower():
                log(f"    warning: {shown(path)} returned a full page, not a fragment")
            largest = max(largest, len(body))
            log(f"    {len(body) / KB:8.1f} kB  {shown(path)}  ({locale or 'default language'})")
    return largest / KB


# --- running it all ---------------------------------------------------------------------


def serve_and_measure(db_path: Path, workdir: Path, args, figures: dict) -> None:
    locales = [None, "mn_Mong_CN"]
    server_log = workdir / "gunicorn.log"
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    log(
        f"  gunicorn.conf.py: {settings['workers']} {settings['worker_class']} workers; "
        f"log: {server_log}"
    )
    log(f"  load generator: {load_description(args)}")
    hello = ["--pythonpath", str(ROOT / "bench"), "hello_app:app"]
    with (
        gunicorn(["kiosk:create_app()"], kiosk_env(db_path), server_log, "/healthz") as base,
        gunicorn(hello, {}, server_log, "/") as hello_base,
    ):
        # Alternate the two servers, round after round, and compare medians: the load
        # generator shares the two cores, so one long run each would mostly measure drift.
        jobs_rps, hello_rps = [], []
        for round_ in range(1, ROUNDS_OF_LOAD + 1):
            log(f"  round {round_}: /jobs?q=... rotating {len(search_urls())} URLs (cache on)")
            jobs_rps.append(measure_rps(base, search_urls(), args, workdir))
            log(f"  round {round_}: bench/hello_app.py, same URLs")
            hello_rps.append(measure_rps(hello_base, search_urls(), args, workdir))
        figures["jobs_rps"] = statistics.median(jobs_rps)
        figures["hello_rps"] = statistics.median(hello_rps)
        figures["home_kb"] = measure_home_kb(base, locales)
        log("  job-list fragments (HX-Request: true):")
        figures["fragment_kb"] = measure_fragment_kb(base, locales)
    no_cache = kiosk_env(db_path, LIST_CACHE_SIZE="0")
    with gunicorn(["kiosk:create_app()"], no_cache, server_log, "/healthz") as base:
        log("  /jobs?q=... with KIOSK_LIST_CACHE_SIZE=0 (informational):")
        figures["jobs_rps_uncached"] = measure_rps(base, search_urls(), args, workdir)
    figures["ratio_vs_hello"] = figures["jobs_rps"] / figures["hello_rps"]
    log(
        f"  ratio {figures['ratio_vs_hello']:.3f} (median jobs {figures['jobs_rps']:,.0f} / "
        f"median hello {figures['hello_rps']:,.0f} rps over {ROUNDS_OF_LOAD} alternating rounds; "
        f"uncached jobs {figures['jobs_rps_uncached']:,.0f} rps)"
    )


def verdicts(figures: dict) -> None:
    log("\n== Targets")
    for name, (op, limit) in TARGETS.items():
        value = figures[name]
        ok = value <= limit if op == "<=" else value >= limit
        log(f"  {'PASS' if ok else 'FAIL'}  {name} = {value:.3f}  (target {op} {limit:g})")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=100_000, help="demo jobs in the data set")
    parser.add_argument("--rounds", type=int, default=20, help="timed passes over the query mix")
    parser.add_argument("--seconds", type=float, default=6, help="length of each load run")
    parser.add_argument("--warmup", type=float, default=3, help="untimed load before each run")
    parser.add_argument("--clients", type=int, default=4, help="Python load processes")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached database")
    parser.add_argument(
        "--tiles-only", action="store_true", help="only phases 1 and 2b (tiles_p95_ms)"
    )
    parser.add_argument(
        "--load-tool",
        choices=("wrk", "python"),
        default="wrk" if shutil.which("wrk") else "python",
        help="load generator (default: wrk if on PATH)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    # A plain `kill` of this script still runs the finally blocks that stop gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    figures: dict[str, float] = {}
    durations: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        workdir = Path(tmp)
        with phase("1. data", durations):
            db_path = prepare_database(args.jobs, workdir, args.rebuild)
        if args.tiles_only:
            with phase("2b. tiles with counts and empty lists' suggestions", durations):
                figures["tiles_p95_ms"] = measure_tiles(db_path, args.rounds, figures)
            log(f"tiles_p95_ms={figures['tiles_p95_ms']:.2f}")
            return
        with phase("2. server-side latency (test client, render cache off)", durations):
            figures["p95_ms"] = measure_server_side(db_path, args.rounds)
        with phase("2b. tiles with counts and empty lists' suggestions", durations):
            figures["tiles_p95_ms"] = measure_tiles(db_path, args.rounds, figures)
        with phase("3+4. gunicorn: throughput and page weight", durations):
            serve_and_measure(db_path, workdir, args, figures)
    verdicts(figures)
    log("  phase times: " + ", ".join(f"{k.split('.')[0]} {v:.0f}s" for k, v in durations.items()))
    log(
        f"p95_ms={figures['p95_ms']:.2f} ratio_vs_hello={figures['ratio_vs_hello']:.3f} "
        f"home_kb={figures['home_kb']:.2f} fragment_kb={figures['fragment_kb']:.2f} "
        f"tiles_p95_ms={figures['tiles_p95_ms']:.2f}"
    )


if __name__ == "__main__":
    main()
