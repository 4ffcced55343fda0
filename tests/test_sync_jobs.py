"""Jobs born at a station travel: up to the hub and out to the county's other stations; the
hub moderates them (the reason reaches the owner) and deletes them (the deletion reaches
everyone, and the owner cannot bring the job back); a new station starts from a snapshot that
leaves it exactly as a full replay of the change log would. Against the real parts: the hub
under gunicorn on PostgreSQL, stations on SQLite files, through the stations' own pages."""

import gzip
import json
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import test_sync
from pypinyin import lazy_pinyin
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError
from stdnum.cn import uscc
from sync_harness import make_station, sync
from test_job_admin import job_fields
from test_staff import signed_in

from kiosk.extensions import db
from kiosk.jobs.search import COUNT_CAP, Facets, search
from kiosk.models import AuditEntry, Employer, Job, Moderation, StaffRole, local_today
from kiosk.sync.station import rounds
from kiosk.sync.station.rounds import CURSOR, write_state
from kiosk.sync.wire.kinds import PULLED, PULLED_BY_NAME, load_encoded
from kiosk.sync.wire.signing import signed_headers

#: The hub under gunicorn on a fresh PostgreSQL database, as the sync tests have it.
hub = test_sync.hub


def credit_code(n: int) -> str:
    body = f"91150105MA0JKB{n:03d}"
    return body + uscc.calc_check_digit(body + "0")


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


class Console:
    """A signed-in staff member of a box: each exchange in an app context of its own."""

    def __init__(self, app, username: str) -> None:
        self.app = app
        with app.app_context():
            self.client = signed_in(app, username, StaffRole.manager)
            db.session.remove()

    def get(self, url: str):
        with self.app.app_context():
            return self.client.get(url)

    def post(self, url: str, form_page: str, **data):
        token = _token(self.get(form_page).get_data(as_text=True))
        with self.app.app_context():
            return self.client.post(url, data={"csrf_token": token, **data})


def kiosk_finds(app, words: str) -> bool:
    with app.app_context():
        page = app.test_client().get(f"/jobs?q={words}").get_data(as_text=True)
    return "job-card" in page and words in page


def read(app, query):
    with app.app_context():
        try:
            return db.session.execute(query).all()
        finally:
            db.session.remove()


@pytest.fixture
def station(hub, tmp_path: Path):
    def make(code: str | None = None, replay: bool = False):
        code = code or f"JS-{uuid.uuid4().hex[:6].upper()}"
        app = make_station(tmp_path / f"{code}.sqlite", code, hub.proxy.url, hub.register(code))
        if replay:  # as a station from before snapshots: every change since the first
            with app.app_context():
                write_state(db.session, CURSOR, "0")
                db.session.commit()
                db.session.remove()
        assert not sync(app).errors
        return app

    return make


def publish(station_app, title: str, n: int) -> uuid.UUID:
    """The station's manager publishes a job on the station's own page (a new employer)."""
    manager = Console(station_app, f"mgr{n}")
    fields = job_fields(title_zh=title, employer_code=credit_code(n), employer_name=f"合作社{n}")
    done = manager.post("/staff/jobs/new", "/staff/jobs/new", **fields)
    assert done.status_code == 303, done.get_data(as_text=True)[-800:]
    return read(station_app, select(Job.id).where(Job.title_zh == title))[0][0]


def push_raw(hub_url: str, app, records: list[dict]) -> dict:
    """A batch as the station would sign it, with records written by hand."""
    body = gzip.compress(json.dumps({"records": records}).encode(), mtime=0)
    batch = uuid.uuid4().hex
    code, secret = app.config["STATION_CODE"], app.config["HUB_SECRET"]
    headers = signed_headers(code, secret, "POST", "/sync/push", batch, body)
    answer = requests.post(
        f"{hub_url}/sync/push", data=body, headers=headers | {"Content-Encoding": "gzip"},
        timeout=30,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_stations_own_job_reaches_another_station_and_only_its_owner_changes_it(hub, station):
    owner, other = station(), station()
    job_id = publish(owner, "驼奶收购员甲", 41)
    assert not sync(owner).errors
    assert (
        hub.scalar("SELECT origin FROM job WHERE id = :id", id=job_id)
        == owner.config["STATION_CODE"]
    )
    assert not sync(other).errors
    assert kiosk_finds(other, "驼奶收购员甲")  # found at the other station's kiosk
    employer = read(other, select(Employer.name_zh).join(Job).where(Job.id == job_id))
    assert employer == [("合作社41",)]  # its new employer came with it

    # The owner edits it: the new version reaches the other station.
    manager = Console(owner, "editor")
    url = f"/staff/jobs/{job_id}/edit"
    page = manager.get(url).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)[1]
    fields = job_fields(title_zh="驼奶检验员甲", employer="", employer_code=credit_code(41))
    assert manager.post(url, url, **fields, version=version).status_code == 303
    assert not sync(owner).errors and not sync(other).errors
    assert kiosk_finds(other, "驼奶检验员甲") and not kiosk_finds(other, "驼奶收购员甲")

    # The other station's manager sees it in no list of its own, and cannot open it to edit.
    stranger = Console(other, "stranger")
    assert stranger.get(url).status_code == 404
    hub_job = read(other, select(Job.id).where(Job.origin == "HUB").limit(1))[0][0]
    assert stranger.get(f"/staff/jobs/{hub_job}/edit").status_code == 404  # the county's

    # A station that sends another's job (or the county's) as its own is refused at the hub.
    with other.app_context():
        [(_, data)] = load_encoded(db.session, PULLED_BY_NAME, {"job": [job_id]}).items()
        db.session.remove()
    pushed = {k: v for k, v in data.items() if not k.startswith("moderat")}
    forged = push_raw(hub.process.url, other, [
        {"kind": "job", "data": pushed | {"version": 99, "title_zh": "冒名"}},
        {"kind": "job", "data": pushed | {"version": 99, "origin": other.config["STATION_CODE"],
                                          "title_zh": "冒名"}},
    ])  # fmt: skip
    assert forged["applied"] == [] and len(forged["rejected"]) == 1  # one id, both refused
    assert hub.scalar("SELECT title_zh FROM job WHERE id = :id", id=job_id) == "驼奶检验员甲"


def test_an_employer_made_at_two_stations_before_either_synced_is_one_at_the_hub(hub, station):
    first, second = station(), station()
    code = credit_code(51)
    first_job = publish(first, "驼队向导甲", 51)
    second_job = publish(second, "驼队向导乙", 51)  # the same credit code: its own record
    [(theirs,)] = read(second, select(Job.employer_id).where(Job.id == second_job))
    quarantined = hub.scalar("SELECT count(*) FROM sync_quarantine")
    assert not sync(first).errors
    [(employer,)] = read(first, select(Job.employer_id).where(Job.id == first_job))
    assert not sync(second).errors
    # One employer for the code at the hub, the second station's job under it, nothing set aside.
    assert hub.scalar("SELECT count(*) FROM employer WHERE credit_code = :c", c=code) == 1
    assert hub.scalar("SELECT employer_id FROM job WHERE id = :id", id=second_job) == employer
    assert hub.scalar("SELECT count(*) FROM sync_quarantine") == quarantined
    # Back down: the second station's job is under the county's employer, its copy is gone,
    # and the job is still found at its kiosk by the employer's name.
    assert read(second, select(Job.employer_id).where(Job.id == second_job)) == [(employer,)]
    assert read(second, select(Employer.id).where(Employer.credit_code == code)) == [(employer,)]
    assert read(second, select(Employer.id).where(Employer.id == theirs)) == []
    assert kiosk_finds(second, "驼队向导乙")
    # The station's re-pointed job went up as its owner's new version; the first sees both.
    assert hub.scalar("SELECT version FROM job WHERE id = :id", id=second_job) == 2
    assert not sync(first).errors and not sync(second).errors
    assert read(first, select(Job.employer_id).where(Job.id == second_job)) == [(employer,)]
    # A queued edit of the merged record is settled, never brought back.
    with second.app_context():
        [(_, data)] = load_encoded(db.session, PULLED_BY_NAME, {"employer": [employer]}).items()
        db.session.remove()
    again = push_raw(
        hub.process.url,
        second,
        [
            {
                "kind": "employer",
                "data": data
                | {"id": str(theirs), "origin": second.config["STATION_CODE"], "version": 5},
            }
        ],
    )
    assert again["retired"] == [str(theirs)] and not again["rejected"]
    assert hub.scalar("SELECT count(*) FROM employer WHERE credit_code = :c", c=code) == 1


def test_a_moderation_travels_back_to_the_owner_without_undoing_its_edit(hub, station):
    owner, other = station(), station()
    job_id = publish(owner, "草原导游乙", 42)
    assert not sync(owner).errors and not sync(other).errors
    assert kiosk_finds(other, "草原导游乙")

    county = Console(hub.app, f"county{uuid.uuid4().hex[:4]}")
    page = f"/staff/moderation/{job_id}"
    missing = county.post(page, page, decision="hide", reason="")
    assert missing.status_code == 422 and "请说明原因" in missing.get_data(as_text=True)
    hidden = county.post(page, page, decision="hide", reason="工资低于最低工资标准")
    assert hidden.status_code == 303

    # Meanwhile, before it hears of it, the owner edits the job (its version moves on).
    with owner.app_context():
        job = db.session.get(Job, job_id)
        job.headcount = 7
        db.session.commit()
        db.session.remove()
    assert not sync(owner).errors
    (headcount, moderation, reason), = read(
        owner, select(Job.headcount, Job.moderation, Job.moderation_reason).where(Job.id == job_id)
    )  # fmt: skip
    assert (headcount, moderation, reason) == (7, Moderation.hidden, "工资低于最低工资标准")
    assert hub.scalar("SELECT headcount FROM job WHERE id = :id", id=job_id) == 7
    assert not kiosk_finds(owner, "草原导游乙")
    listing = Console(owner, "owner").get("/staff/jobs/?status=all").get_data(as_text=True)
    assert "县级已隐藏：工资低于最低工资标准" in listing  # the owner's staff read why

    assert not sync(other).errors
    assert not kiosk_finds(other, "草原导游乙")  # off every kiosk
    with other.app_context():
        assert other.test_client().get(f"/jobs/{job_id}").status_code == 404

    lifted = county.post(page, page, decision="lift")
    assert lifted.status_code == 303
    assert not sync(other).errors and not sync(owner).errors
    assert kiosk_finds(other, "草原导游乙") and kiosk_finds(owner, "草原导游乙")
    assert read(other, select(Job.headcount).where(Job.id == job_id)) == [(7,)]
    actions = read(hub.app, select(AuditEntry.action).where(AuditEntry.record_id == str(job_id)))
    assert [a for (a,) in actions] == ["job_hide", "job_lift"]


def test_a_job_deleted_at_the_hub_leaves_every_station_and_stays_deleted(hub, station):
    owner, other = station(), station()
    by_page = publish(owner, "牧场帮工丙", 43)
    by_command = publish(owner, "牧场帮工丁", 44)
    assert not sync(owner).errors and not sync(other).errors

    county = Console(hub.app, f"county{uuid.uuid4().hex[:4]}")
    url = f"/staff/moderation/{by_page}/delete"
    assert "不能撤销" in county.get(url).get_data(as_text=True)
    assert county.post(url, url, reason="").status_code == 422
    assert county.post(url, url, reason="用人单位已注销").status_code == 303
    made = hub.app.test_cli_runner().invoke(
        args=["hub", "delete-job", str(by_command), "--reason", "重复发布"]
    )
    assert made.exit_code == 0 and "deleted" in made.output, made.output

    # The owner edits one of them before it hears: the hub answers "retired", keeps nothing.
    with owner.app_context():
        db.session.get(Job, by_page).headcount = 9
        db.session.commit()
        db.session.remove()
    assert not sync(owner).errors and not sync(other).errors
    for app in (owner, other):
        assert read(app, select(Job.id).where(Job.id.in_([by_page, by_command]))) == []
        assert not kiosk_finds(app, "牧场帮工")
    assert hub.scalar("SELECT count(*) FROM job WHERE id IN (:a, :b)", a=by_page, b=by_command) == 0
    assert hub.scalar("SELECT count(*) FROM sync_quarantine WHERE record_id = :id",
                      id=str(by_page)) == 0  # fmt: skip
    with owner.app_context():
        assert rounds.waiting(db.session) == 0
        db.session.remove()
    audited = read(
        hub.app,
        select(AuditEntry.action, AuditEntry.detail).where(
            AuditEntry.record_id.in_([str(by_page), str(by_command)])
        ),
    )
    assert sorted(audited) == [("job_delete", "command line: 重复发布"),
                               ("job_delete", "用人单位已注销")]  # fmt: skip


def _published(app) -> dict[str, dict]:
    """Every published record a station holds, as it would travel (its own service list
    aside: each station has its own)."""
    with app.app_context():
        found = {}
        for kind in PULLED:
            if kind.name == "service_item":
                continue
            ids = [row[0] for row in db.session.execute(select(kind.table.c.id))]
            rows = load_encoded(db.session, {kind.name: kind}, {kind.name: ids})
            found |= {f"{name}:{id_}": data for (name, id_), data in rows.items()}
        db.session.remove()
    return found


def _differences(one: dict[str, dict], other: dict[str, dict]) -> list:
    """(record, field, one's value, other's value) wherever two stations differ."""
    found = [(key, "missing", key in one, key in other) for key in one.keys() ^ other.keys()]
    for key in one.keys() & other.keys():
        found += [
            (key, name, value, other[key].get(name))
            for name, value in one[key].items()
            if other[key].get(name) != value
        ]
    return found


def test_a_snapshot_start_equals_a_full_replay(hub, station, monkeypatch):
    # A county with history: station jobs edited, moderated and deleted, a hub job edited,
    # and a job long past its date.
    owner = station()
    kept, deleted = publish(owner, "羊毛分拣员戊", 45), publish(owner, "羊毛分拣员己", 46)
    assert not sync(owner).errors
    with hub.app.app_context():
        from kiosk.moderation.moderating import Decision, delete_job, moderate

        moderate(db.session, kept, Decision.close, "招满")
        delete_job(db.session, deleted, "测试")
        old = db.session.scalars(select(Job).where(Job.origin == "HUB").limit(2)).all()
        old[0].title_zh = "改过的标题"
        old[1].expires_on = local_today() - timedelta(days=45)  # retired by its date
        db.session.commit()
        expired_id = old[1].id
        db.session.remove()

    asked = []
    monkeypatch.setattr(rounds.HubClient, "snapshot",
                        lambda self, token, real=rounds.HubClient.snapshot:
                        asked.append(token) or real(self, token))  # fmt: skip
    fresh = station()
    assert asked == ["0"]  # started from the snapshot
    replayed = station(replay=True)
    assert asked == ["0"]  # this one replayed the log from its first entry

    assert not sync(fresh).errors  # it follows the log from where its snapshot began
    snapshot, replay = _published(fresh), _published(replayed)
    assert _differences(snapshot, replay) == []
    # Its job indexes, set aside while the pages came, are back; the index merges again.
    assert _indexes_and_merging(fresh) == (_indexes_and_merging(replayed)[0], 4)
    assert f"job:{kept}" in snapshot and snapshot[f"job:{kept}"]["moderation"] == "closed"
    assert f"job:{deleted}" not in snapshot and f"job:{expired_id}" not in snapshot

    # Compacted, the log still brings a replaying station to the same rows, and a station
    # that was behind still catches up from its old cursor.
    before = hub.scalar("SELECT count(*) FROM sync_change")
    with hub.app.app_context():
        db.session.execute(text("UPDATE sync_change SET logged_at = now() - interval '40 days'"))
        db.session.commit()
        db.session.remove()
    compacted = hub.app.test_cli_runner().invoke(args=["hub", "compact"])
    assert compacted.exit_code == 0 and "older than 30 days removed" in compacted.output
    assert hub.scalar("SELECT count(*) FROM sync_change") < before
    late = station(replay=True)
    assert not sync(fresh).errors and not sync(replayed).errors
    assert _differences(_published(late), _published(fresh)) == []
    assert _differences(_published(replayed), _published(fresh)) == []


def _found(app, query: str) -> set[uuid.UUID]:
    """The jobs a typed query finds on a station's kiosk (every match, by job id)."""
    with app.app_context():
        try:
            keys = search(db.session.connection(), query, Facets(), limit=COUNT_CAP).keys
            return set(db.session.scalars(select(Job.id).where(Job.search_key.in_(keys))))
        finally:
            db.session.remove()


def _indexes_and_merging(app) -> tuple[set[str], str | None]:
    """The job table's indexes on the station's disk, and the search index's automerge."""
    with app.app_context():
        try:
            names = {index["name"] for index in inspect(db.engine).get_indexes("job")}
            merging = db.session.scalar(
                text("SELECT v FROM job_search_config WHERE k = 'automerge'")
            )
            return names, merging
        finally:
            db.session.remove()


def test_a_snapshot_cut_short_leaves_the_station_as_it_was_and_the_next_round_ends_it(
    hub, tmp_path, monkeypatch
):
    # The snapshot sets the job table's indexes aside while its pages come (kiosk/jobs/
    # search.py bulk_loading); a page that fails takes that back with it.
    code = "JS-CUT"
    app = make_station(tmp_path / "cut.sqlite", code, hub.proxy.url, hub.register(code))
    declared = {index.name for index in Job.__table__.indexes}

    def cut(*_args):
        raise SQLAlchemyError("the disk is full")

    with monkeypatch.context() as patched:
        patched.setattr(rounds, "apply_changes", cut)
        assert sync(app).errors
    assert declared <= _indexes_and_merging(app)[0]
    assert read(app, select(func.count()).select_from(Job)) == [(0,)]
    assert not sync(app).errors
    names, merging = _indexes_and_merging(app)
    assert declared <= names and merging == 4
    assert read(app, select(func.count()).select_from(Job))[0][0] > 0


def test_after_a_snapshot_typed_search_finds_what_it_finds_after_a_replay(hub, station):
    # A snapshot writes its search index in bulk; a replay, change by change. Whatever a
    # seeker types, both kiosks show the same jobs.
    fresh, replayed = station(), station(replay=True)
    with replayed.app_context():  # a job the kiosk shows (open, not closed by the hub)
        shown = select(text("rowid")).select_from(text("job_search"))
        job = db.session.scalars(select(Job).where(Job.search_key.in_(shown)).limit(1)).one()
        job_id, title_zh, title_mn = job.id, job.title_zh, job.title_mn
        db.session.remove()
    syllables = lazy_pinyin(title_zh[:2])
    queries = {
        "characters": title_zh[:2],
        "pinyin": "".join(syllables),
        "initials": "".join(s[0] for s in syllables),
        "half-typed pinyin": syllables[0][:2],
        "Mongolian": title_mn.split()[0],
        "half-typed Mongolian": title_mn.split()[0][:3],
    }
    for name, query in queries.items():
        found = _found(fresh, query)
        assert job_id in found or name.startswith("half"), (name, query)
        assert found, (name, query)
        assert found == _found(replayed, query), (name, query)


def test_expired_jobs_of_other_outlets_leave_a_station_its_own_stay(hub, station):
    owner = station()
    own = publish(owner, "旧岗位庚", 47)
    assert not sync(owner).errors
    foreign = read(owner, select(Job.id).where(Job.origin == "HUB").limit(1))[0][0]
    long_ago = local_today() - timedelta(days=owner.config["SYNC_RETIRE_DAYS"] + 1)
    with owner.app_context():  # time passes: both dates are behind the retire window
        db.session.execute(
            text("UPDATE job SET expires_on = :day WHERE id IN (:a, :b)"),
            {"day": long_ago, "a": own.hex, "b": foreign.hex},
        )
        db.session.commit()
        db.session.remove()
    assert not sync(owner).errors
    assert read(owner, select(Job.id).where(Job.id == foreign)) == []
    assert read(owner, select(Job.id).where(Job.id == own)) == [(own,)]
