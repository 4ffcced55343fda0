"""County indicators benchmark: a year of a region on a PostgreSQL hub.

Run from the checkout:  .venv/bin/python bench/indicators.py [--scale 1.0]

1. Setup (not measured for the targets): a fresh PostgreSQL database (127.0.0.1:5432,
   dropped at the end), migrated; the real regions; then, generated inside PostgreSQL
   (INSERT … SELECT generate_series: no row crosses the wire), 3,000 outlets in the register
   with three service items each, 300,000 jobs, 500,000 people, 2 million visits over 2026
   (30 % with recommendations, 8 % hires, half of them into a job recommended to the same
   person, 20 % with a follow-up), 200,000 walk-in numbers, 100,000 appointments; ANALYZE.
2. month_all_s: every indicator of November for every outlet, banner, prefecture and the
   region (kiosk/county/indicators.py, one grouped statement per source), plus services by
   item at every level; run twice, the second reported (the first, just after the load, is
   printed as month_all_first_s). Target: at most 10 s.
3. outlet_page_ms: one outlet's page as a signed-in manager opens it (GET, rendered), the
   median of 20 outlets. Target: at most 300 ms.

Last line:  outlets=3000 month_all_s=… outlet_page_ms=…
Exit status 1 if a target is missed.
"""

# ruff: noqa: E501  (generated rows: one line per column list reads best)

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench_steps import log, phase  # noqa: E402
from sqlalchemy import text  # noqa: E402
from station_app import fresh_postgres_database, make_app  # noqa: E402
from sync_harness import hub_config  # noqa: E402

from kiosk.county.indicators import Level, count_indicators, services_by_item  # noqa: E402
from kiosk.domain.reference import load_reference_data  # noqa: E402
from kiosk.extensions import db  # noqa: E402
from kiosk.models import Region, RegionLevel, StaffRole  # noqa: E402
from kiosk.staff.accounts import create_staff  # noqa: E402
from kiosk.statistics.periods import Period, PeriodKind  # noqa: E402

TARGETS = {"month_all_s": 10.0, "outlet_page_ms": 300.0}
TODAY = date(2026, 12, 1)
MONTH = Period.containing(PeriodKind.month, date(2026, 11, 1))

#: Generated in the database. :outlets, :people, … are the sizes; a row's outlet and person
#: are functions of its number, so visits point at people and jobs without a join.
OUTLET = "'S' || lpad(((({n}) % :outlets) + 1)::text, 5, '0')"
SQL = [
    """INSERT INTO station (id, origin, version, created_at, updated_at, code, kind, name_zh,
         name_mn, region_code, address_zh, address_mn, phone, open_days, opens_at, closes_at,
         services_zh, services_mn)
       SELECT ('00000001' || lpad(to_hex(i), 24, '0'))::uuid, 'HUB', 1, now(), now(), 'S' || lpad(i::text, 5, '0'),
         'doorstep', '第' || i || '服务站', '', (CAST(:counties AS text[]))[(i % cardinality(CAST(:counties AS text[])))::int + 1],
         '', '', '', '12345', '08:30', '17:30', '["政策咨询"]'::json, '[]'::json
       FROM generate_series(1::bigint, :outlets) i""",
    """INSERT INTO service_item (id, origin, version, created_at, updated_at, station_code, code,
         queue_letter, name_zh, name_mn, sort, active, slot_capacity)
       SELECT md5('si' || s.i || c.code)::uuid, 'S' || lpad(s.i::text, 5, '0'), 1, now(), now(),
         'S' || lpad(s.i::text, 5, '0'), c.code, c.letter, c.name, '', c.n, true, 2
       FROM generate_series(1::bigint, :outlets) s(i),
         (VALUES ('policy', 'A', '政策咨询', 1), ('job_match', 'B', '岗位推荐', 2),
                 ('training', 'C', '培训报名', 3)) c(code, letter, name, n)""",
    """INSERT INTO employer (id, origin, version, created_at, updated_at, credit_code, name_zh,
         name_mn, region_code)
       VALUES (('00000003' || lpad('1', 24, '0'))::uuid, 'HUB', 1, now(), now(), '91150100MA0N2T4X5F', '草原公司',
         '', '150102')""",
    """INSERT INTO job (id, origin, version, created_at, updated_at, title_zh, title_mn,
         description_zh, description_mn, requirements_zh, requirements_mn, category_code,
         region_code, address_zh, address_mn, employer_id, station_id, pay_min, pay_max,
         pay_unit, employment_type, headcount, published_at, expires_on, status)
       SELECT ('00000004' || lpad(to_hex(i), 24, '0'))::uuid, 'HUB', 1, now(), now(), '岗位' || i, '', '', '', '', '',
         'driver', '150102', '', '', ('00000003' || lpad('1', 24, '0'))::uuid, ('00000001' || lpad(to_hex(((i % :outlets) + 1)), 24, '0'))::uuid,
         3000, 4000, 'month', 'full_time', 1 + i % 4,
         timestamptz '2026-01-01 00:00+08' + (i % 365)::int * interval '1 day', date '2027-03-01', 'open'
       FROM generate_series(1::bigint, :jobs) i""",
    f"""INSERT INTO seeker (id, origin, version, created_at, updated_at, registration_no, name_zh,
         name_mn, name_latin, id_number_sealed, id_number_hash, id_number_masked, gender,
         birth_date, mobile_sealed, mobile_hash, mobile_masked, education, residence_region_code,
         residence_place, employment_status, wanted_categories, wanted_regions, wanted_forms,
         skills, certificates, key_groups, difficulty, consented_at, consent_version)
       SELECT ('00000005' || lpad(to_hex(i), 24, '0'))::uuid, {OUTLET.format(n="i")}, 1, t, t, 'R' || lpad(i::text, 9, '0'), '巴特尔', '', '',
         '\\x00', 'h' || lpad(i::text, 9, '0'), '150102********' || lpad((i % 10000)::text, 4, '0'),
         CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END,
         date '1960-01-01' + (i * 7919 % 16000)::int, '\\x00', 'm' || lpad(i::text, 9, '0'), '139****0000',
         'senior_middle', '150102', '', 'unemployed', '[]', '[]', '[]', '', '', '[]',
         (ARRAY[NULL, NULL, NULL, 'older_unemployed', 'disability', 'zero_employment_family',
                'land_lost'])[(i % 7)::int + 1], t, '2026-1'
       FROM (SELECT i, timestamptz '2026-01-01 00:00+08' + (i * 104729 % 525600) * interval '1 minute' AS t
             FROM generate_series(1::bigint, :people) i) s""",
    # Visit v is with person p = v % people; hires go into the job recommended to the same
    # person (p * 7 % jobs), so the recommendations' outcomes have something to find.
    f"""INSERT INTO service_record (id, origin, version, created_at, updated_at, seeker_id,
         appointment_id, ticket_id, visited_on, served_by, services, outcomes,
         recommended_job_ids, note_sealed, follow_up_on, follow_up_done_at, hired_job_id)
       SELECT ('00000006' || lpad(to_hex(v), 24, '0'))::uuid,
         CASE WHEN v % 10 = 0 THEN {OUTLET.format(n="v * 31")} ELSE {OUTLET.format(n="p")} END,
         1, now(), now(), ('00000005' || lpad(to_hex(p), 24, '0'))::uuid, NULL, NULL, day, 'counselor',
         (CASE WHEN v % 3 = 0 THEN '["policy", "job_match"]' ELSE '["policy"]' END)::json,
         (CASE WHEN v % 13 = 0 THEN '["hired"]' WHEN v % 10 < 3 THEN '["jobs_recommended"]'
               ELSE '["registered"]' END)::json,
         (CASE WHEN v % 10 < 3 AND v % 13 <> 0
               THEN json_build_array(('00000004' || lpad(to_hex(((p * 7 % :jobs) + 1)), 24, '0'))::uuid)::text
               ELSE '[]' END)::json,
         NULL,
         CASE WHEN v % 5 = 0 THEN day + (v % 20 + 1)::int END,
         CASE WHEN v % 5 = 0 AND v % 3 <> 0
              THEN (day + (v % 23 + 1)::int) + interval '10 hours' END,
         CASE WHEN v % 13 = 0 AND v % 2 = 0 THEN ('00000004' || lpad(to_hex(((p * 7 % :jobs) + 1)), 24, '0'))::uuid END
       FROM (SELECT v, v % :people + 1 AS p, date '2026-01-01' + (v * 7 % 365)::int AS day
             FROM generate_series(1::bigint, :visits) v) s""",
    f"""INSERT INTO ticket (id, origin, version, created_at, updated_at, counter, called_at,
         finished_at, service_id, day, queue_label, code, status)
       SELECT ('00000007' || lpad(to_hex(i), 24, '0'))::uuid, {OUTLET.format(n="i")}, 1, now(), now(), '', NULL, NULL,
         md5('si' || ((i % :outlets) + 1) || 'policy')::uuid, date '2026-01-01' + (i * 7 % 365)::int,
         'A' || i, 'K' || lpad(i::text, 9, '0'),
         (ARRAY['served', 'no_show', 'referred', 'served'])[(i % 4)::int + 1]
       FROM generate_series(1::bigint, :tickets) i""",
    """INSERT INTO slot (id, service_id, starts_at, ends_at, capacity, booked)
       SELECT ('00000008' || lpad(to_hex(i), 24, '0'))::uuid, md5('si' || ((i % :outlets) + 1) || 'job_match')::uuid,
         timestamptz '2026-01-01 09:00+08' + ((i / :outlets) * 263 % 8760)::int * interval '1 hour',
         timestamptz '2026-01-01 09:30+08' + ((i / :outlets) * 263 % 8760)::int * interval '1 hour', 2, 1
       FROM generate_series(1::bigint, :appointments) i""",
    f"""INSERT INTO appointment (id, origin, version, created_at, updated_at, counter, called_at,
         finished_at, slot_id, service_id, seeker_id, mobile_sealed, mobile_hash, mobile_masked,
         code, queue_label, status, checked_in_at)
       SELECT ('00000009' || lpad(to_hex(i), 24, '0'))::uuid, {OUTLET.format(n="i")}, 1, now(), now(), '', NULL, NULL,
         ('00000008' || lpad(to_hex(i), 24, '0'))::uuid, md5('si' || ((i % :outlets) + 1) || 'job_match')::uuid, NULL,
         '\\x00', 'am' || lpad(i::text, 9, '0'), '138****0000', 'C' || lpad(i::text, 9, '0'), 'B' || (i % 1000),
         (ARRAY['served', 'no_show', 'cancelled', 'booked'])[(i % 4)::int + 1], NULL
       FROM generate_series(1::bigint, :appointments) i""",
]


def load(sizes: dict[str, int]) -> None:
    counties = [r.code for r in db.session.query(Region).filter_by(level=RegionLevel.county)]
    connection = db.session.connection()
    # Bulk load as a restore does: the foreign keys are the generator's to keep, and the
    # plain indexes of the big tables are built once at the end, not row by row.
    connection.execute(text("SET session_replication_role = replica"))
    indexes = connection.execute(
        text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            " AND tablename IN ('seeker', 'service_record', 'ticket', 'appointment', 'job', 'slot')"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
    ).all()
    for name, _definition in indexes:
        connection.execute(text(f'DROP INDEX "{name}"'))
    for statement in SQL:
        table = statement.split()[2]
        started = time.perf_counter()
        done = connection.execute(text(statement), {**sizes, "counties": counties})
        log(f"   {table:<16} {done.rowcount:>9,} rows  {time.perf_counter() - started:5.1f}s")
    started = time.perf_counter()
    connection.execute(text("SET maintenance_work_mem = '256MB'"))
    for _name, definition in indexes:
        connection.execute(text(definition))
    log(f"   {len(indexes)} indexes built {time.perf_counter() - started:.1f}s")
    connection.execute(text("SET session_replication_role = DEFAULT"))
    db.session.commit()
    started = time.perf_counter()
    db.session.connection().execute(text("ANALYZE"))
    db.session.commit()
    log(f"   analyze {time.perf_counter() - started:.1f}s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: the issue's sizes")
    args = parser.parse_args()
    base = {"outlets": 3000, "people": 500_000, "visits": 2_000_000, "jobs": 300_000,
            "tickets": 200_000, "appointments": 100_000}  # fmt: skip
    sizes = {k: max(10, int(v * (1 if k == "outlets" else args.scale))) for k, v in base.items()}
    durations: dict[str, float] = {}
    with fresh_postgres_database() as url:
        app = make_app(Path(tempfile.mkdtemp()) / "unused.sqlite", **hub_config(url))
        with app.app_context():
            with phase("setup: migrate, regions, generate a year", durations):
                load_reference_data()
                db.session.commit()
                load(sizes)
                create_staff(
                    db.session, "bench", "Bench", "correct horse battery", StaffRole.manager
                )
                db.session.commit()
            with phase(
                "a month's indicators for every outlet, banner, prefecture, region", durations
            ):
                runs = []
                for _run in range(2):  # the first just after the load, then as a hub runs
                    started = time.perf_counter()
                    figures = count_indicators(db.session, MONTH, TODAY)
                    counted = time.perf_counter() - started
                    items = services_by_item(db.session, MONTH, levels=tuple(Level))
                    runs.append(time.perf_counter() - started)
                    db.session.commit()
                    log(f"   run {_run + 1}: {runs[-1]:.2f}s (indicators {counted:.2f}s)")
                month_first, month_all = runs
                outlets = sum(1 for scope in figures if scope.level is Level.outlet)
                region = next(v for k, v in figures.items() if k.level is Level.region)
                log(f"   {len(figures)} groups ({outlets} outlets), {len(items)} with services")
                log("   region: " + ", ".join(f"{k}={v}" for k, v in region.items()))
            db.session.remove()
        client = app.test_client()
        with app.app_context():
            login = client.get("/staff/login").get_data(as_text=True)
        import re

        token = re.search(r'name="csrf_token" value="([^"]+)"', login)[1]  # type: ignore[index]
        with app.app_context():
            client.post("/staff/login", data={"csrf_token": token, "username": "bench",
                                               "password": "correct horse battery"})  # fmt: skip
        with phase("one outlet's page (GET, rendered), 20 outlets", durations):
            times = []
            for n in range(20):
                code = f"S{(n * 149) % 3000 + 1:05d}"
                with app.app_context():
                    started = time.perf_counter()
                    answer = client.get(f"/staff/county/outlet/{code}?period=month&date=2026-11-01")
                    times.append((time.perf_counter() - started) * 1000)
                assert answer.status_code == 200, answer.status_code
            outlet_page = statistics.median(times)
            log(f"   median {outlet_page:.0f} ms, slowest {max(times):.0f} ms")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    results = {"month_all_s": month_all, "outlet_page_ms": outlet_page}
    failed = False
    for key, limit in TARGETS.items():
        ok = results[key] <= limit
        failed |= not ok
        log(f"{'PASS' if ok else 'FAIL'} {key} = {results[key]:.2f} (at most {limit:g})")
    log(f"month_all_first_s={month_first:.2f} (the first run, just after the load)")
    log(f"outlets={outlets} month_all_s={month_all:.2f} outlet_page_ms={outlet_page:.0f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
