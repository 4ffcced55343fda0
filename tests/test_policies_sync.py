"""A policy item published at the hub reaches every kiosk in both scripts with its next pull;
a change and a refused publish travel as they should. A real hub (PostgreSQL under gunicorn)
and stations on SQLite files."""

import test_county_sync
from sqlalchemy import select
from sync_harness import make_station, sync
from test_staff import csrf, get, signed_in

from kiosk.extensions import db
from kiosk.models import Change, Policy, StaffRole

# The county's hub and its stations ST-A and ST-B (ST-C is in the register only).
hub = test_county_sync.hub
stations = test_county_sync.stations


FORM = {
    "code": "herder_winter_training", "sort": "15", "service_code": "skills_training",
    "title_zh": "牧民冬季技能培训", "title_mn": "ᠮᠠᠯᠴᠢᠨ ᠤ ᠡᠪᠦᠯ ᠦᠨ ᠮᠡᠷᠭᠡᠵᠢᠯ ᠦᠨ ᠪᠣᠯᠪᠠᠰᠤᠷᠠᠭᠤᠯᠬᠤ",
    "summary_zh": "牧闲期免费的技能培训。", "summary_mn": "ᠲᠥᠯᠥᠪᠦᠷᠢ ᠦᠭᠡᠢ ᠪᠣᠯᠪᠠᠰᠤᠷᠠᠭᠤᠯᠬᠤ",
    "covers_zh": "劳动年龄内的牧民", "covers_mn": "ᠬᠥᠳᠡᠯᠮᠦᠷᠢ ᠶᠢᠨ ᠨᠠᠰᠤᠨ ᠤ ᠮᠠᠯᠴᠢᠨ",
    "conditions_zh": "有培训意愿", "conditions_mn": "ᠪᠣᠯᠪᠠᠰᠤᠷᠠᠭᠤᠯᠬᠤ ᠰᠠᠨᠠᠭ᠎ᠠ ᠲᠠᠢ",
    "amount_zh": "培训免费，结业另发 500 元", "amount_mn": "ᠲᠥᠯᠥᠪᠦᠷᠢ ᠦᠭᠡᠢ᠂ 500 ᠶᠤᠸᠠᠨ",
    "documents_zh": "居民身份证\n户口簿", "documents_mn": "ᠪᠡᠶᠡ ᠶᠢᠨ ᠦᠨᠡᠮᠯᠡᠯ\nᠥᠷᠬᠡ ᠶᠢᠨ ᠳᠠᠩᠰᠠ",
    "steps_zh": "在服务站报名\n参加培训", "steps_mn": "ᠪᠠᠶᠢᠷ ᠲᠤ ᠳᠠᠩᠰᠠᠯᠠᠭᠤᠯᠬᠤ\nᠰᠤᠷᠤᠯᠴᠠᠬᠤ",
    "where_zh": "苏木就业服务站", "where_mn": "ᠰᠤᠮᠤ ᠶᠢᠨ ᠪᠠᠶᠢᠷ",
    "funding_zh": "就业补助资金", "funding_mn": "ᠠᠵᠢᠯ ᠡᠷᠬᠢᠯᠡᠯᠲᠡ ᠶᠢᠨ ᠲᠤᠰᠠᠯᠠᠮᠵᠢ ᠶᠢᠨ ᠰᠠᠩ",
}  # fmt: skip


def test_a_policy_published_at_the_hub_reaches_every_kiosk_in_both_scripts(hub, stations):
    with hub.app.app_context():
        manager = signed_in(hub.app, "county", StaffRole.manager)
        token = csrf(get(manager, "/staff/policies/new").get_data(as_text=True))

        def publish(url: str, **fields):
            with hub.app.app_context():
                return manager.post(url, data={"csrf_token": token, **FORM, **fields})

        # Bad input: no Mongolian title, nothing published, nothing logged for stations.
        logged = db.session.scalar(select(Change.seq).order_by(Change.seq.desc()).limit(1))
        refused = publish("/staff/policies/new", title_mn="", steps_mn="")
        assert refused.status_code == 422
        text = refused.get_data(as_text=True)
        assert 'id="title_mn-problem"' in text and 'id="steps_mn-problem"' in text
        assert "请同时填写蒙古文" in text
        db.session.remove()
        assert db.session.scalar(select(Policy.id)) is None
        assert db.session.scalar(
            select(Change.seq).order_by(Change.seq.desc()).limit(1)) == logged  # fmt: skip
        assert publish("/staff/policies/new").status_code == 302
        db.session.remove()
    for app in stations.values():
        assert not sync(app).errors
    a, b = stations["ST-A"], stations["ST-B"]
    kiosk = a.test_client()
    listed = kiosk.get("/policies/?q=mumin").get_data(as_text=True)  # 牧民 by its pinyin
    assert 'data-policy="herder_winter_training"' in listed and "牧民冬季技能培训" in listed
    item = kiosk.get("/policies/item/herder_winter_training").get_data(as_text=True)
    assert "培训免费，结业另发 500 元" in item and "/appointments/skills_training" in item
    kiosk.get("/lang/mn_Mong_CN")
    mongolian = kiosk.get("/policies/item/herder_winter_training").get_data(as_text=True)
    assert "ᠮᠠᠯᠴᠢᠨ ᠤ ᠡᠪᠦᠯ ᠦᠨ ᠮᠡᠷᠭᠡᠵᠢᠯ ᠦᠨ ᠪᠣᠯᠪᠠᠰᠤᠷᠠᠭᠤᠯᠬᠤ" in mongolian
    assert "ᠥᠷᠬᠡ ᠶᠢᠨ ᠳᠠᠩᠰᠠ" in mongolian and "牧民冬季技能培训" not in mongolian
    assert "herder_winter_training" in b.test_client().get("/policies/").get_data(as_text=True)

    # A change at the hub replaces the item at the stations, in both scripts.
    with hub.app.app_context():
        assert publish("/staff/policies/herder_winter_training", amount_zh="结业另发 800 元",
                       amount_mn="800 ᠶᠤᠸᠠᠨ").status_code == 302  # fmt: skip
        db.session.remove()
    assert not sync(a).errors
    changed = a.test_client().get("/policies/item/herder_winter_training").get_data(as_text=True)
    assert "结业另发 800 元" in changed and "500 元" not in changed
    with a.app_context():
        rows = db.session.scalars(select(Policy).where(Policy.code == FORM["code"])).all()
        assert len(rows) == 1 and rows[0].amount_mn == "800 ᠶᠤᠸᠠᠨ" and rows[0].origin == "HUB"
        db.session.remove()


def test_the_starter_file_published_at_the_hub_reaches_a_new_station(hub, stations, tmp_path):
    assert "7 policies published" in hub.cli("policies", "import", "--starter")
    secret = hub.register("ST-N", "150102", "新站", "ᠰᠢᠨ᠎ᠡ ᠪᠠᠶᠢᠷ")
    fresh = make_station(tmp_path / "ST-N.sqlite", "ST-N", hub.process.url, secret)
    assert not sync(fresh).errors  # from the snapshot
    page = fresh.test_client().get("/policies/").get_data(as_text=True)
    for code in ("startup_loan", "internship_subsidy", "herder_winter_training"):
        assert f'data-policy="{code}"' in page
