"""The county's answers travel down: a station's figures (its recommendations and what became
of them, some hired at another outlet) reach that station alone with its next pull and show on
its statistics page; the directory the county edits shows on every kiosk, in both languages.
A real hub (PostgreSQL under gunicorn) and stations on SQLite files."""

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from station_app import fresh_postgres_database, make_app
from sync_harness import hub_config, hub_process, id_number, make_station, sync
from test_staff import csrf, get, signed_in

from kiosk.demo import seed_demo
from kiosk.extensions import db
from kiosk.models import (
    Gender,
    Job,
    Seeker,
    ServiceRecord,
    StaffRole,
    Station,
    StationFigure,
    local_today,
    utcnow,
)
from kiosk.personal_data import mask_mobile, vault_for
from kiosk.registration.service import ID_CONTEXT, MOBILE_CONTEXT
from kiosk.statistics.periods import Period, PeriodKind


class CountyHub:
    def __init__(self, database_url: str, tmp: Path) -> None:
        self.database_url = database_url
        self.app = make_app(tmp / "unused.sqlite", **hub_config(database_url))
        with self.app.app_context():
            seed_demo(12, seed=7, station_code="HUB")
            db.session.remove()
        self.process = hub_process(database_url, tmp / "hub.log")
        self.process.start()

    def cli(self, *args: str) -> str:
        run = self.app.test_cli_runner().invoke(args=list(args))
        assert run.exit_code == 0, run.output
        return run.output

    def register(self, code: str, region: str, name: str, name_mn: str) -> str:
        output = self.cli("hub", "add-station", code, "--name", name, "--name-mn", name_mn,
                          "--region", region)  # fmt: skip
        return output.splitlines()[1]


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyHub]:
    with fresh_postgres_database() as url:
        hub = CountyHub(url, tmp_path_factory.mktemp("hub"))
        try:
            yield hub
        finally:
            # Killed rather than stopped: a loaded machine can keep a graceful stop past its
            # timeout, and the database is dropped right after anyway.
            hub.process.kill()
            with hub.app.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture(scope="module")
def stations(hub: CountyHub, tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("stations")
    made = {}
    for code, region, name, name_mn in (
        ("ST-A", "150102", "新城站", "ᠰᠢᠨ᠎ᠡ ᠬᠣᠲᠠ ᠶᠢᠨ ᠪᠠᠶᠢᠷ"),
        ("ST-B", "150102", "海拉尔站", "ᠬᠠᠶᠢᠯᠠᠷ ᠤᠨ ᠪᠠᠶᠢᠷ"),
        ("ST-C", "150103", "回民站", "ᠬᠣᠲᠣᠩ ᠪᠠᠶᠢᠷ"),
    ):
        secret = hub.register(code, region, name, name_mn)
        if code != "ST-C":  # ST-C is only in the register (a gig post without a box)
            app = make_station(tmp / f"{code}.sqlite", code, hub.process.url, secret)
            assert not sync(app).errors
            made[code] = app
    return made


def _seeker(app, rng_seed: int) -> uuid.UUID:
    import random

    rng = random.Random(rng_seed)
    with app.app_context():
        vault = vault_for(app)
        code = app.config["STATION_CODE"]
        number, mobile = id_number(rng), f"139{rng.randrange(10**8):08d}"
        seeker = Seeker(
            origin=code, registration_no=f"R{uuid.uuid4().hex[:9].upper()}", name_zh="其其格",
            id_number_sealed=vault.seal(number, context=ID_CONTEXT),
            id_number_hash=vault.lookup_hash(number, context=ID_CONTEXT),
            id_number_masked=number[:6] + "********" + number[-4:], gender=Gender.female,
            birth_date=date(1980, 3, 1), mobile_sealed=vault.seal(mobile, context=MOBILE_CONTEXT),
            mobile_hash=vault.lookup_hash(mobile, context=MOBILE_CONTEXT),
            mobile_masked=mask_mobile(mobile), education="senior_middle",
            residence_region_code="150102", employment_status="unemployed",
            consented_at=utcnow(), consent_version="2026-1",
        )  # fmt: skip
        db.session.add(seeker)
        db.session.commit()
        seeker_id = seeker.id
        db.session.remove()
    return seeker_id


def test_a_station_gets_its_own_figures_with_the_next_pull(hub, stations):
    a, b = stations["ST-A"], stations["ST-B"]
    today = local_today()
    person = _seeker(a, 1)
    with a.app_context():
        jobs = db.session.scalars(select(Job.id).order_by(Job.published_at.desc()).limit(3)).all()
        # Three jobs recommended at ST-A today; one hire recorded here at a later visit.
        db.session.add(
            ServiceRecord(origin="ST-A", seeker_id=person, visited_on=today, served_by="wang",
                          services=["policy"], outcomes=["jobs_recommended"],
                          recommended_job_ids=[str(j) for j in jobs])
        )  # fmt: skip
        db.session.add(
            ServiceRecord(origin="ST-A", seeker_id=person, visited_on=today, served_by="wang",
                          services=["policy"], outcomes=["hired"], hired_job_id=jobs[0])
        )  # fmt: skip
        db.session.commit()
        db.session.remove()
    assert not sync(a).errors
    # ST-B recorded the same person hired into the second job (it reached the hub from there).
    with hub.app.app_context():
        db.session.add(
            ServiceRecord(origin="ST-B", seeker_id=person, visited_on=today, served_by="li",
                          services=["policy"], outcomes=["hired"], hired_job_id=jobs[1])
        )  # fmt: skip
        db.session.commit()
        db.session.remove()
    month = Period.containing(PeriodKind.month, today)
    # Nothing has come down yet: the station's page says so.
    with a.app_context():
        manager = signed_in(a, "boss", StaffRole.manager)
        before = get(manager, "/staff/statistics/").get_data(as_text=True)
    assert "县里的反馈数据尚未下发" in before
    out = hub.cli("hub", "publish-figures", "--period", month.slug)
    assert "station figures changed" in out
    assert not sync(a).errors and not sync(b).errors
    with a.app_context():
        rows = db.session.scalars(select(StationFigure)).all()
        assert {row.station_code for row in rows} == {"ST-A"}
        db.session.remove()
    with b.app_context():
        rows = db.session.scalars(select(StationFigure)).all()
        assert rows and {row.station_code for row in rows} == {"ST-B"}
        db.session.remove()
    page = get(manager, "/staff/statistics/").get_data(as_text=True)
    assert "本站推荐 3 次 → 实现就业 2 次，其中 1 次在其他网点。" in page
    row = page.split('data-indicator="placed"')[1].split("</tr>")[0]
    assert 'data-count="own"><span class="num">1</span>' in row
    assert 'data-count="county"><span class="num">1</span>' in row  # the same person, once
    # Published again with nothing new: nothing changes, nothing travels again.
    assert "0 station figures changed" in hub.cli("hub", "publish-figures", "--period", month.slug)
    # Mongolian.
    with a.app_context():
        manager.get("/lang/mn_Mong_CN")
    text = get(manager, "/staff/statistics/").get_data(as_text=True)
    assert "ᠪᠤᠰᠤᠳ ᠴᠡᠭ ᠲᠦ" in text


def test_the_directory_the_county_edits_shows_on_every_kiosk(hub, stations):
    a = stations["ST-A"]
    today = local_today()
    not_today = str((today + timedelta(days=1)).isoweekday())
    with hub.app.app_context():
        manager = signed_in(hub.app, "county", StaffRole.manager)
        page = get(manager, "/staff/county/directory/ST-C").get_data(as_text=True)
        token = csrf(page)

        def save(code: str, **fields):
            form = {
                "csrf_token": token, "name_zh": f"{code}网点", "name_mn": "", "kind": "gig_post",
                "address_zh": "", "address_mn": "", "phone": "", "open_days": "1234567",
                "opens_at": "00:00", "closes_at": "23:59", "services_zh": "", "services_mn": "",
                **fields,
            }  # fmt: skip
            with hub.app.app_context():
                return manager.post(f"/staff/county/directory/{code}", data=form)

        # Bad input: every problem beside its field, nothing saved.
        refused = save("ST-C", phone="call me", open_days="89", opens_at="18:00", closes_at="08:00",
                       services_zh="\n".join(f"服务{n}" for n in range(25)))  # fmt: skip
        assert refused.status_code == 422
        text = refused.get_data(as_text=True)
        for name in ("phone", "open_days", "closes_at", "services_zh"):
            assert f'id="{name}-problem"' in text, name
        saved = save(
            "ST-C",
            name_zh="回民区零工驿站",
            name_mn="ᠬᠣᠲᠣᠩ ᠲᠦᠷ ᠠᠵᠢᠯ ᠤᠨ ᠥᠷᠲᠡᠭᠡ",
            phone="0471-6281234",
            address_zh="中山西路 8 号", address_mn="ᠵᠦᠩᠰᠠᠨ ᠵᠠᠮ 8",
            services_zh="政策咨询\n岗位推荐\n零工对接", services_mn="ᠪᠣᠳᠣᠯᠭ᠎ᠠ\nᠠᠵᠢᠯ ᠰᠠᠨᠠᠯ",
        )  # fmt: skip
        assert saved.status_code == 302
        assert save("ST-B", name_zh="海拉尔站", kind="doorstep", open_days=not_today,
                    services_zh="求职登记").status_code == 302  # fmt: skip
        db.session.remove()
    assert not sync(a).errors
    kiosk = a.test_client()
    page = kiosk.get("/outlets/").get_data(as_text=True)
    c_card = page.split('data-station="ST-C"')[1].split("</li>\n    \n")[0]
    b_card = page.split('data-station="ST-B"')[1].split('data-station="ST-C"')[0]
    assert "回民区零工驿站" in c_card and "正在开放" in c_card and "零工对接" in c_card
    assert "0471-6281234" in c_card and "零工驿站" in c_card
    assert "海拉尔站" in b_card and "现在休息" in b_card
    assert 'data-station="ST-A"' not in page  # not itself
    # Its own banner (新城区, with ST-B) comes first.
    assert page.index('data-station="ST-B"') < page.index('data-station="ST-C"')
    kiosk.get("/lang/mn_Mong_CN")
    mongolian = kiosk.get("/outlets/").get_data(as_text=True)
    assert "ᠬᠣᠲᠣᠩ ᠲᠦᠷ ᠠᠵᠢᠯ ᠤᠨ ᠥᠷᠲᠡᠭᠡ" in mongolian and "ᠠᠵᠢᠯ ᠰᠠᠨᠠᠯ" in mongolian
    assert "ᠣᠳᠣ ᠨᠡᠭᠡᠭᠡᠲᠡᠢ" in mongolian
    # The home screen leads there.
    assert "/outlets/" in kiosk.get("/").get_data(as_text=True)
    # The quarter's directory as a workbook.
    with hub.app.app_context():
        from io import BytesIO

        from openpyxl import load_workbook

        book = load_workbook(BytesIO(get(manager, "/staff/county/directory.xlsx").data))
        gigs = [row[1].value for row in book["零工市场与零工驿站"].iter_rows(min_row=2)]
        others = [row[1].value for row in book["服务站"].iter_rows(min_row=2)]
        assert "回民区零工驿站" in gigs and "回民区零工驿站" not in others and "海拉尔站" in others
        db.session.remove()
    with hub.app.app_context():
        station = db.session.scalars(select(Station).where(Station.code == "ST-C")).one()
        assert station.services_zh == ["政策咨询", "岗位推荐", "零工对接"]
        db.session.remove()
