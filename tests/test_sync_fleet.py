"""One person across outlets and the fleet seen, against real parts: the hub on PostgreSQL
under gunicorn, stations on SQLite files with their desks' own pages.

A county's stations share its keys (fetched, sealed for each station, with a sync round), so
a person registered at the caravan and at the doorstep station is one person at the hub, and
a counselor at either finds the other's registration, visits and follow-ups there."""

import json
import random
import re
import threading
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import test_sync
from sqlalchemy import create_engine, select, text
from sync_harness import collect, make_station, sync
from test_registration_pages import GOOD
from test_staff import csrf, get, signed_in
from test_sync_console import closed_port
from test_sync_state_walk import Kiosk

from kiosk.extensions import db
from kiosk.models import PrintStatus, Seeker, ServiceRecord, Slip, SlipKind, local_today, utcnow
from kiosk.personal_data import COUNTY_KEYS_FILE, KEYS_FILE, vault_for
from kiosk.registration.service import ID_CONTEXT
from kiosk.sync.station import fleet
from kiosk.sync.station.fleet import keys_version
from kiosk.sync.wire.signing import signed_headers

#: The hub under gunicorn on a fresh PostgreSQL database, as the sync tests have it.
hub = test_sync.hub

PERSON = GOOD["id_number"]  # 150102199003071237


def hub_rows(hub, sql: str, **params) -> list:
    engine = create_engine(hub.database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(sql), params).all()
    engine.dispose()
    return rows


def station(hub, tmp_path: Path, code: str, **config):
    """A station box of its own: its own folder, so its own keys (personal_data_keys.json)
    until the county's come, and its own backups."""
    secret = hub.register(code)
    folder = tmp_path / code
    folder.mkdir()
    return make_station(folder / "kiosk.sqlite", code, hub.proxy.url, secret, **config)


def register(app, **changes) -> None:
    assert Kiosk(app).post("/register/", "/register/", **{**GOOD, **changes}).status_code == 303


def county_lookup(app, username: str, number: str):
    with app.app_context():
        desk = signed_in(app, username)
        db.session.remove()
    page = get(desk, "/staff/county/").get_data(as_text=True)
    with app.app_context():
        return desk.post("/staff/county/", data={"csrf_token": csrf(page), "q": number})


def test_the_same_person_at_two_stations_is_one_person_found_from_the_second(hub, tmp_path):
    suffix = uuid.uuid4().hex[:4].upper()
    caravan, doorstep = f"CAR-{suffix}", f"DOOR-{suffix}"
    spring = station(hub, tmp_path, caravan, kind="caravan")
    # Registered at the caravan before its first sync: sealed and hashed with the box's own
    # keys, then again with the county's when they come with the first round.
    register(spring)
    with spring.app_context():
        seeker = db.session.scalars(select(Seeker)).one()
        db.session.add(
            ServiceRecord(
                origin=caravan, seeker_id=seeker.id, visited_on=local_today() - timedelta(days=90),
                served_by="wang", services=["career_guidance"], outcomes=["follow_up"],
                follow_up_on=local_today() + timedelta(days=7),
            )
        )  # fmt: skip
        db.session.commit()
        db.session.remove()
    assert not sync(spring).errors

    autumn = station(hub, tmp_path, doorstep)
    assert not sync(autumn).errors
    register(autumn, mobile="13800001111", employment_status="employed")
    assert not sync(autumn).errors

    # Two boxes, two keys of their own; one county's keys, fetched by each.
    own = [
        json.loads((Path(app.instance_path) / KEYS_FILE).read_text()) for app in (spring, autumn)
    ]
    assert own[0] != own[1]
    county = [
        json.loads((Path(app.instance_path) / COUNTY_KEYS_FILE).read_text())
        for app in (spring, autumn)
    ]
    assert county[0] == county[1] and county[0]["county"] == "150105"

    # One person at the hub: two outlets' registrations under one keyed hash.
    rows = hub_rows(
        hub,
        "SELECT origin, id_number_hash FROM seeker WHERE origin IN (:a, :b)",
        a=caravan, b=doorstep,
    )  # fmt: skip
    assert sorted(origin for origin, _ in rows) == [caravan, doorstep]
    assert len({key for _, key in rows}) == 1
    person_key = rows[0][1]

    # The counselor at the doorstep station finds the caravan's registration, visit and
    # follow-up, masked as at the desk; the number typed is in no page.
    answer = county_lookup(autumn, "li", PERSON)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200, page
    assert f"{caravan}站" in page and f"{doorstep}站" in page  # both outlets, by name
    assert "150102********1237" in page and PERSON not in page
    assert "139****5678" in page and "138****1111" in page  # each outlet's mobile, masked
    assert "巴*尔" in page and "巴特尔" not in page
    assert "职业指导" in page and "需回访" in page  # the caravan's visit and its outcome
    due = local_today() + timedelta(days=7)
    follow_ups = page[page.index("<h3>回访</h3>") :]
    assert re.search(
        rf"{due.year}年{due.month}月{due.day}日</strong> · {caravan}站 ·\s*"
        r'<span class="tag">待办',
        follow_ups,
    )
    # By mobile too (the caravan's number).
    by_mobile = county_lookup(autumn, "zhao", "139 1234 5678").get_data(as_text=True)
    assert f"{caravan}站" in by_mobile and f"{doorstep}站" in by_mobile

    # Every look-up audited at the hub: who, which station, when, the person key — no number.
    audited = hub_rows(
        hub,
        "SELECT station_code, staff_username, by, person_key, found, at FROM person_lookup"
        " WHERE station_code = :code ORDER BY at",
        code=doorstep,
    )
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in audited] == [
        (doorstep, "li", "id", person_key, 2),
        (doorstep, "zhao", "mobile", person_key, 2),
    ]
    assert all(abs(r[5] - utcnow()) < timedelta(minutes=5) for r in audited)
    dumped = " ".join(
        str(value) for row in hub_rows(hub, "SELECT * FROM person_lookup") for value in row
    )
    assert PERSON not in dumped and "13912345678" not in dumped

    # Nobody under a number: said so.
    none = county_lookup(autumn, "sun", "15010219850505001X").get_data(as_text=True)
    assert "在本旗县任何服务站都没有登记" in none


def earlier_lookups(hub, code: str, count: int, ago: timedelta) -> None:
    """The hub's audit of `count` look-ups the station made `ago`."""
    engine = create_engine(hub.database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO person_lookup (id, at, station_code, staff_username, by, person_key,"
                " found, refused) VALUES (:id, :at, :code, 'li', 'id', :key, 0, false)"
            ),
            [{"id": uuid.uuid4(), "at": utcnow() - ago, "code": code, "key": "0" * 64}
             for _ in range(count)],
        )  # fmt: skip
    engine.dispose()


def test_a_station_asking_about_too_many_people_is_refused_plainly_and_still_audited(hub, tmp_path):
    code = f"RATE-{uuid.uuid4().hex[:4].upper()}"
    box = station(hub, tmp_path, code)
    assert not sync(box).errors
    per_hour = hub.app.config["SYNC_PERSON_LOOKUPS_PER_HOUR"]
    earlier_lookups(hub, code, per_hour, timedelta(minutes=61))  # an hour ago: not counted
    assert county_lookup(box, "li", PERSON).status_code == 200
    earlier_lookups(hub, code, per_hour - 1, timedelta(minutes=30))  # with it, the limit

    refused = county_lookup(box, "zhao", PERSON)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 503
    assert "本站在过去一小时里在旗县中心查询的人较多" in page and "没有进行查询" in page
    audited = hub_rows(
        hub,
        "SELECT staff_username, by, found, refused FROM person_lookup"
        " WHERE station_code = :code AND at > :since ORDER BY at DESC LIMIT 1",
        code=code, since=utcnow() - timedelta(minutes=5),
    )  # fmt: skip
    assert audited == [("zhao", "id", 0, True)]
    # Another station of the county is not held back by this one's look-ups.
    other = station(hub, tmp_path, f"RATF-{uuid.uuid4().hex[:4].upper()}")
    assert not sync(other).errors
    assert county_lookup(other, "li", PERSON).status_code == 200


def test_two_adoptions_at_once_or_one_cut_short_leave_everyone_under_the_countys_key(
    hub, tmp_path, monkeypatch
):
    code = f"ADO-{uuid.uuid4().hex[:4].upper()}"
    box = station(hub, tmp_path, code)
    register(box)  # sealed and hashed with the box's own keys
    # The first adoption stops after the county's keys were written, before the people were
    # hashed again (the box lost power, say).
    with monkeypatch.context() as patched:
        patched.setattr(fleet, "rekey", lambda *_: (_ for _ in ()).throw(RuntimeError("cut")))
        with pytest.raises(RuntimeError, match="cut"):
            sync(box)
    ring = json.loads((Path(box.instance_path) / COUNTY_KEYS_FILE).read_text())
    register(box, id_number="15010219850505001X", mobile="13700002222")  # with the county's
    # Two adoptions at once: the timer's round and the desk's "sync now".
    failures: list[BaseException] = []

    def adopt() -> None:
        with box.app_context():
            try:
                fleet.adopt_keys(box, db.session, ring)
            except BaseException as error:
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=adopt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with box.app_context():
        vault = vault_for(box)
        people = {
            vault.open(seeker.id_number_sealed, context=ID_CONTEXT): seeker.id_number_hash
            for seeker in db.session.scalars(select(Seeker))
        }
        db.session.remove()
    assert people == {
        number: vault.lookup_hash(number, context=ID_CONTEXT)
        for number in (PERSON, "15010219850505001X")
    }
    # Up at the hub under the county's hashes: found from any outlet of the county.
    assert not sync(box).errors
    at_hub = hub_rows(hub, "SELECT id_number_hash FROM seeker WHERE origin = :c", c=code)
    assert sorted(key for (key,) in at_hub) == sorted(people.values())


def test_keys_rotate_at_the_hub_and_old_sealed_data_still_opens(hub, tmp_path):
    code = f"ROT-{uuid.uuid4().hex[:4].upper()}"
    box = station(hub, tmp_path, code)
    assert not sync(box).errors
    register(box, id_number="15010219850505001X")
    with box.app_context():
        before = keys_version(box)
        sealed_before = db.session.scalars(select(Seeker.id_number_sealed)).one()
        db.session.remove()
    rotated = hub.app.test_cli_runner().invoke(args=["hub", "rotate-keys", "150105"])
    assert rotated.exit_code == 0 and f"version {before + 1}" in rotated.output
    assert not sync(box).errors  # the station picks the new version up
    with box.app_context():
        assert keys_version(box) == before + 1
        vault = vault_for(box)
        assert vault.open(sealed_before, context=ID_CONTEXT) == "15010219850505001X"
        # The same person keeps their keyed hash: found again, not registered twice.
        db.session.remove()
    # (A new mobile replaces the one on file only when the person confirms the old one.)
    register(box, id_number="15010219850505001X", mobile="13700002222",
             confirm_mobile=GOOD["mobile"])  # fmt: skip
    with box.app_context():
        assert len(db.session.scalars(select(Seeker)).all()) == 1
        db.session.remove()


def test_without_a_hub_the_lookup_page_says_so(app):
    desk = signed_in(app, "wang")
    page = get(desk, "/staff/county/").get_data(as_text=True)
    assert "本站没有连接旗县中心，不能查询在其他服务站登记的人。" in page
    assert 'name="q"' not in page  # nothing to type into: it could not be asked


def test_out_of_reach_the_lookup_says_so(tmp_path, hub):
    # A hub set, its keys fetched, and then the caravan drives out onto the steppe.
    code = f"OFF-{uuid.uuid4().hex[:4].upper()}"
    box = station(hub, tmp_path, code)
    assert not sync(box).errors
    box.config["HUB_URL"] = f"http://127.0.0.1:{closed_port()}"
    answer = county_lookup(box, "wang", PERSON)
    assert answer.status_code == 503
    assert "现在连不上旗县中心" in answer.get_data(as_text=True)


def test_version_backup_printer_and_disk_on_the_hubs_stations_page(hub, tmp_path):
    suffix = uuid.uuid4().hex[:4].upper()
    kept, neglected = f"OK-{suffix}", f"BAD-{suffix}"
    good = station(hub, tmp_path, kept)
    made = good.test_cli_runner().invoke(args=["backup"])
    assert made.exit_code == 0, made.output
    assert not sync(good).errors
    bad = station(hub, tmp_path, neglected)
    with bad.app_context():
        db.session.add(
            Slip(
                kind=SlipKind.ticket, subject_id=uuid.uuid4(), token_hash=uuid.uuid4().hex,
                locale="zh_Hans_CN", print_status=PrintStatus.failed,
                print_error="OSError: paper out",
            )
        )  # fmt: skip
        db.session.commit()
        db.session.remove()
    assert not sync(bad).errors

    with hub.app.app_context():
        county = signed_in(hub.app, f"county{suffix.lower()}")
        db.session.remove()
    page = get(county, "/staff/sync/").get_data(as_text=True)
    assert "各站自报的情况" in page
    rows = {code: _row(page, code) for code in (kept, neglected)}
    today = local_today()
    version = hub_rows(hub, "SELECT version_num FROM alembic_version")[0][0]
    for row in rows.values():
        assert version in row and "0.1.0" in row  # schema and app version, as reported
        assert "GB" in row
    assert f"{today.month}月{today.day}日" in rows[kept]  # its backup, today
    assert "两天内没有备份" not in rows[kept]
    assert "两天内没有备份" in rows[neglected] and "打印机故障" in rows[neglected]
    assert "paper out" in rows[neglected]


def _row(page: str, code: str) -> str:
    """The fleet table's row of one station."""
    table = page[page.index('class="queue-table labelled-cells fleet-table"') :]
    start = table.index(f'<span lang="en">{code}</span>')
    return table[start : table.index("</tr>", start)]


@pytest.mark.parametrize("reachable", [True, False])
def test_kiosk_sync_says_where_how_far_and_what_failed(hub, tmp_path, reachable):
    code = f"CLI-{uuid.uuid4().hex[:4].upper()}"
    box = station(hub, tmp_path, code, SYNC_TRIES=1, SYNC_TIMEOUT=5)
    assert not sync(box).errors  # its service list
    collect(box, 36, random.Random(3))  # 36 records and 9 appointments' times
    box.config["SYNC_BATCH"] = 10
    if not reachable:
        box.config["HUB_URL"] = f"http://127.0.0.1:{closed_port()}"
    run = box.test_cli_runner().invoke(args=["sync"])
    url = box.config["HUB_URL"]
    assert f"sync: hub {url}" in run.output
    if reachable:
        assert run.exit_code == 0, run.output
        # A long round says how far it got, batch by batch.
        assert "sync: sent 10 of 45 records" in run.output
        assert "sync: sent 45 of 45 records" in run.output
        assert "pushed 45 (rejected 0), pulled 0, 0 still waiting: ok" in run.output
    else:
        assert run.exit_code == 1
        assert "failed: the hub could not be reached" in run.output
        assert "[unreachable: ConnectionError]" in run.output
        assert "45 still waiting" in run.output  # nothing lost, and said how much waits


def test_an_older_or_replayed_report_changes_nothing(hub, tmp_path):
    code = f"REP-{uuid.uuid4().hex[:4].upper()}"
    secret = hub.register(code)
    folder = tmp_path / code
    folder.mkdir()
    box = make_station(folder / "kiosk.sqlite", code, hub.proxy.url, secret)
    assert not sync(box).errors
    body = json.dumps({"app_version": "0.0.1", "schema_revision": "0001_foundation"}).encode()
    headers = signed_headers(code, secret, "POST", "/sync/report", "1", body)
    answer = requests.post(f"{hub.proxy.url}/sync/report", data=body, headers=headers, timeout=30)
    assert answer.status_code == 200 and answer.json()["kept"] is False
    kept = hub_rows(hub, "SELECT app_version FROM station_report WHERE station_code = :c", c=code)
    assert kept == [("0.1.0",)]
    # Unsigned, or signed with another secret: refused, nothing written.
    forged = signed_headers(code, "not-the-secret", "POST", "/sync/report", "9" * 15, body)
    refused = requests.post(f"{hub.proxy.url}/sync/report", data=body, headers=forged, timeout=30)
    assert refused.status_code == 401
