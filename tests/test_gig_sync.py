"""Gig posts and takes travel: a station's approved gig reaches the county's other stations
(a pending one never leaves the hub), its places are taken at the owner station alone (the
others say where), a take reaches the hub exactly once, the hub's moderation and the
employer's withdrawal reach every board. Against the real parts: the hub under gunicorn on
PostgreSQL, stations on SQLite files, through the stations' own pages."""

import html
import json
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import test_sync
from sqlalchemy import func, select
from stdnum.cn import ric
from sync_harness import capture_batch, make_station, replay, sync
from test_gig_taking import id_number
from test_gigs import gig
from test_staff import csrf
from test_sync_fleet import station as own_keyed_station
from test_sync_jobs import Console, push_raw

from kiosk.extensions import db
from kiosk.gigs import outcomes, posting, review
from kiosk.models import GigPost, GigTake, Moderation, PaidVia, PostStatus, Via, local_today
from kiosk.personal_data import COUNTY_KEYS_FILE, Vault, county_keyring, vault_for
from kiosk.sync.station import rounds

#: The hub under gunicorn on a fresh PostgreSQL database, as the sync tests have it.
hub = test_sync.hub


@pytest.fixture
def station(hub, tmp_path: Path):
    def make():
        code = f"GS-{uuid.uuid4().hex[:6].upper()}"
        app = make_station(tmp_path / f"{code}.sqlite", code, hub.proxy.url, hub.register(code))
        assert not sync(app).errors
        return app

    return make


def post_gig(app, title: str, *, approve: bool = True, **fields) -> tuple[uuid.UUID, str]:
    """An employer's post at this station, approved by its reviewer (or left waiting);
    returns its id and the employer's receipt."""
    today = local_today()
    with app.app_context():
        vault = vault_for(app)
        fields = gig(title_zh=title, address_zh=f"{title}的库房", **fields)
        form = posting.PostForm.from_mapping(fields)
        checked = posting.check_post(db.session, form, today=today, vault=vault)
        code = app.config["STATION_CODE"]
        post, receipt = posting.create_post(db.session, checked, station_code=code, vault=vault)
        db.session.commit()
        if approve:
            review.approve(post, seen_version=post.version)
            db.session.commit()
        post_id = post.id
        db.session.remove()
    return post_id, receipt


def page(app, url: str, lang: str = "zh_Hans_CN") -> str:
    client = app.test_client()
    with app.app_context():
        client.get(f"/lang/{lang}")
        return html.unescape(client.get(url).get_data(as_text=True))


def take_at(app, post_id: uuid.UUID, worker: str):
    client = app.test_client()
    url = f"/gigs/{post_id}/take"
    with app.app_context():
        form = client.get(url).get_data(as_text=True)
    with app.app_context():
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        token = token[1] if token else csrf(page(app, "/gigs"))
        return client.post(url, data={"csrf_token": token, "worker": worker})


def held(app, post_id: uuid.UUID) -> GigPost | None:
    with app.app_context():
        try:
            return db.session.get(GigPost, post_id)
        finally:
            db.session.remove()


def station_name(app) -> str:
    return f"{app.config['STATION_CODE']}站"  # as the hub's register names it (test_sync.Hub)


def test_an_approved_gig_reaches_the_other_station_and_a_pending_one_never_leaves_the_hub(
    hub, station
):
    owner, other = station(), station()
    shown, receipt = post_gig(owner, "牧场剪羊毛工")
    waiting, _ = post_gig(owner, "待审核的搬家工", approve=False)
    assert not sync(owner).errors
    assert not sync(other).errors
    # The hub holds both (the owner's records, for the county's figures) but publishes one.
    assert hub.scalar("SELECT status FROM gig_post WHERE id = :id", id=waiting) == "pending"
    logged = "SELECT count(*) FROM sync_change WHERE kind = 'gig_post' AND record_id = :id"
    assert hub.scalar(logged, id=waiting) == 0
    assert hub.scalar(logged, id=shown) == 1
    board = page(other, "/gigs")
    assert "牧场剪羊毛工" in board and "待审核的搬家工" not in board
    assert held(other, waiting) is None
    # The other station says where to take it, in both languages, and offers no take button.
    assert f"请到{station_name(owner)}报名" in board
    detail = page(other, f"/gigs/{shown}")
    assert f"请到{station_name(owner)}报名" in detail and f"/gigs/{shown}/take" not in detail
    assert f"ᠣᠷᠤᠨ ᠠᠪᠬᠤ ᠪᠠᠶᠢᠷ᠄ {station_name(owner)}" in page(other, "/gigs", "mn_Mong_CN")
    # The employer's page of the post (its edit, its takes) is at the owner station only.
    with other.app_context():
        assert other.test_client().get(f"/post/r/{receipt}").status_code == 404
    assert "牧场剪羊毛工" in page(owner, f"/post/r/{receipt}")
    # The owner's board has its own take button and no such note.
    own = page(owner, f"/gigs/{shown}")
    assert f"/gigs/{shown}/take" in own and "请到" not in own


def test_the_other_station_cannot_take_it_and_says_where(hub, station):
    owner, other = station(), station()
    shown, _ = post_gig(owner, "乳品厂装箱工")
    assert not sync(owner).errors and not sync(other).errors
    refused = take_at(other, shown, id_number(11))
    assert refused.status_code == 422
    words = html.unescape(refused.get_data(as_text=True))
    assert f"请到{station_name(owner)}报名" in words and "乳品厂装箱工" in words
    with other.app_context():
        assert db.session.scalar(select(func.count()).select_from(GigTake)) == 0
        assert db.session.get(GigPost, shown).taken == 0
        db.session.remove()
    # A take of it written by hand and pushed by the other station: set aside at the hub.
    forged = {
        "kind": "gig_take",
        "data": {
            "id": str(uuid.uuid4()), "origin": other.config["STATION_CODE"], "version": 1,
            "created_at": "2026-12-02T08:00:00+00:00", "updated_at": "2026-12-02T08:00:00+00:00",
            "post_id": str(shown), "station_code": other.config["STATION_CODE"],
            "worker_key": "0" * 64, "worker_masked": "139****5678", "checkin_code": "123456",
            "status": "taken", "confirmed_at": None,
        },
    }  # fmt: skip
    answer = push_raw(hub.proxy.url, other, [forged])
    assert answer["rejected"] == {
        forged["data"]["id"]: f"a place in a gig of {owner.config['STATION_CODE']!r}"
    }
    assert hub.scalar("SELECT count(*) FROM gig_take WHERE post_id = :id", id=shown) == 0


def test_a_caravans_offline_gig_market_reaches_the_hub_exactly_once(hub, station):
    owner, other = station(), station()
    # In a village with no link: a post approved, two places taken, one confirmed.
    link = owner.config["HUB_URL"]
    owner.config["HUB_URL"] = "http://127.0.0.1:9"  # nothing answers there
    shown, receipt = post_gig(owner, "蔬菜大棚采摘工")
    for n in (12, 13):
        taken = take_at(owner, shown, id_number(n))
        assert taken.status_code == 303, taken.get_data(as_text=True)[-600:]
    with owner.app_context():
        first = db.session.scalars(select(GigTake).order_by(GigTake.created_at)).first()
        db.session.remove()
    client = owner.test_client()
    with owner.app_context():
        token = csrf(client.get(f"/post/r/{receipt}").get_data(as_text=True))
    with owner.app_context():
        client.post(f"/post/r/{receipt}/confirm/{first.id}", data={"csrf_token": token})
    with owner.app_context():  # the first worker comes; the second, after the gig, is not paid
        post = db.session.get(GigPost, shown)
        first, second = db.session.scalars(select(GigTake).order_by(GigTake.created_at)).all()
        outcomes.check_in(db.session, post, first.checkin_code, via=Via.desk, today=post.start_date)
        after = outcomes.last_day(post) + timedelta(days=1)
        outcomes.answer_paid(db.session, second, False, via=PaidVia.desk, today=after)
        db.session.commit()
        db.session.remove()
    assert sync(owner).errors  # no link: everything waits in the outbox
    owner.config["HUB_URL"] = link
    captured = capture_batch(owner, 500)
    assert captured is not None
    # The link is back, and flaky: the hub's first answer of the round is lost on the way.
    hub.proxy.fail_next("drop_reply")
    assert not sync(owner).errors
    again = replay(hub.proxy.url, captured)  # the same push, played again
    assert again.get("replayed")
    takes = "SELECT count(*) FROM gig_take WHERE post_id = :id"
    assert hub.scalar(takes, id=shown) == 2
    assert hub.scalar("SELECT taken FROM gig_post WHERE id = :id", id=shown) == 2
    confirmed = "SELECT count(*) FROM gig_take WHERE post_id = :id AND status = 'confirmed'"
    assert hub.scalar(confirmed, id=shown) == 1
    arrived = "SELECT count(*) FROM gig_take WHERE post_id = :id AND arrived_via = 'desk'"
    assert hub.scalar(arrived, id=shown) == 1
    unpaid = "SELECT count(*) FROM gig_take WHERE post_id = :id AND paid = false"
    assert hub.scalar(unpaid, id=shown) == 1
    referrals = "SELECT count(*) FROM gig_referral r JOIN gig_take t ON t.id = r.take_id"
    assert hub.scalar(referrals + " WHERE t.post_id = :id", id=shown) == 1
    # The other station sees the places gone from the count, and holds no take of it.
    assert not sync(other).errors
    assert held(other, shown).taken == 2
    with other.app_context():
        assert db.session.scalar(select(func.count()).select_from(GigTake)) == 0
        db.session.remove()


def test_the_hubs_moderation_hides_the_gig_at_the_owner_and_the_others(hub, station):
    owner, other = station(), station()
    shown, receipt = post_gig(owner, "草原围栏修理工")
    assert not sync(owner).errors and not sync(other).errors
    assert "草原围栏修理工" in page(other, "/gigs")
    runner = hub.app.test_cli_runner()
    done = runner.invoke(
        args=["hub", "moderate-gig", str(shown), "hide", "--reason", "工资与实际不符，待核实"]
    )
    assert done.exit_code == 0, done.output
    assert hub.scalar("SELECT version FROM gig_post WHERE id = :id", id=shown) == 2  # owner's
    assert not sync(owner).errors and not sync(other).errors
    assert "草原围栏修理工" not in page(other, "/gigs")
    assert "草原围栏修理工" not in page(owner, "/gigs")
    assert held(owner, shown).moderation is Moderation.hidden
    # The employer reads the county's reason on the post's page at the owner station.
    assert "工资与实际不符，待核实" in page(owner, f"/post/r/{receipt}")
    # A bad decision, no reason, no such post: refused, nothing changed.
    for wrong in ([shown, "erase", "x"], [shown, "lift", " "], [uuid.uuid4(), "lift", "x"]):
        post_id, decision, reason = wrong
        refused = runner.invoke(
            args=["hub", "moderate-gig", str(post_id), decision, "--reason", reason]
        )
        assert refused.exit_code != 0
    moderation = "SELECT moderation FROM gig_post WHERE id = :id"
    assert hub.scalar(moderation, id=shown) == "hidden"
    lifted = runner.invoke(args=["hub", "moderate-gig", str(shown), "lift", "--reason", "已核实"])
    assert lifted.exit_code == 0, lifted.output
    assert not sync(owner).errors and not sync(other).errors
    assert "草原围栏修理工" in page(other, "/gigs")
    assert "草原围栏修理工" in page(owner, "/gigs")


def test_the_hubs_gig_page_hides_it_with_a_reason_audited(hub, station):
    owner, other = station(), station()
    shown, receipt = post_gig(owner, "牧区打草工")
    assert not sync(owner).errors and not sync(other).errors
    county = Console(hub.app, f"gigs{uuid.uuid4().hex[:4]}")
    # The jobs page links to the gig posts; found by outlet and by title.
    assert "/staff/moderation/gigs/" in county.get("/staff/moderation/").get_data(as_text=True)
    code = owner.config["STATION_CODE"]
    found = html.unescape(county.get(f"/staff/moderation/gigs/?outlet={code}&q=打草")
                          .get_data(as_text=True))  # fmt: skip
    assert "牧区打草工" in found and "零工信息数：1" in found and "已发布到零工信息栏" in found
    nothing = county.get("/staff/moderation/gigs/?q=不存在的活").get_data(as_text=True)
    assert "没有符合条件的零工信息" in nothing
    page_url = f"/staff/moderation/gigs/{shown}"
    # No reason: refused beside the field, in the language, nothing changed.
    missing = county.post(page_url, page_url, decision="hide", reason=" ")
    assert missing.status_code == 422
    assert "请说明原因：发布站点和用人方会看到" in missing.get_data(as_text=True)
    moderation = "SELECT moderation FROM gig_post WHERE id = :id"
    assert hub.scalar(moderation, id=shown) == "none"
    with county.app.app_context():
        county.client.get("/lang/mn_Mong_CN")
    again = county.post(page_url, page_url, decision="close", reason="")
    assert again.status_code == 422 and "ᠠᠵᠢᠯ ᠣᠯᠭᠠᠭᠴᠢ ᠤᠩᠰᠢᠨ᠎ᠠ" in again.get_data(as_text=True)
    with county.app.app_context():
        county.client.get("/lang/zh_Hans_CN")
    hidden = county.post(page_url, page_url, decision="hide", reason="工价与实际不符，待核实")
    assert hidden.status_code == 303
    assert hub.scalar(moderation, id=shown) == "hidden"
    audited = "SELECT detail FROM audit_entry WHERE action = 'gig_post_hide' AND record_id = :id"
    assert hub.scalar(audited, id=str(shown)) == "工价与实际不符，待核实"
    after = html.unescape(county.get(page_url).get_data(as_text=True))
    assert "县级已隐藏" in after and "工价与实际不符，待核实" in after
    assert not sync(owner).errors and not sync(other).errors
    assert "牧区打草工" not in page(other, "/gigs") and "牧区打草工" not in page(owner, "/gigs")
    assert "工价与实际不符，待核实" in page(owner, f"/post/r/{receipt}")
    lifted = county.post(page_url, page_url, decision="lift", reason="")
    assert lifted.status_code == 303 and hub.scalar(moderation, id=shown) == "none"
    assert not sync(other).errors
    assert "牧区打草工" in page(other, "/gigs")
    assert county.get(f"/staff/moderation/gigs/{uuid.uuid4()}").status_code == 404


def test_a_withdrawn_gig_leaves_the_other_board_and_the_owner_keeps_it(hub, station):
    owner, other = station(), station()
    shown, receipt = post_gig(owner, "驼场饲养帮工")
    assert not sync(owner).errors and not sync(other).errors
    assert "驼场饲养帮工" in page(other, "/gigs")
    client = owner.test_client()
    with owner.app_context():
        token = csrf(client.get(f"/post/r/{receipt}").get_data(as_text=True))
    with owner.app_context():
        gone = client.post(f"/post/r/{receipt}/withdraw", data={"csrf_token": token})
    assert gone.status_code == 303
    assert not sync(owner).errors and not sync(other).errors
    assert "驼场饲养帮工" not in page(other, "/gigs")
    assert held(other, shown) is None
    assert held(owner, shown).status is PostStatus.withdrawn
    assert "驼场饲养帮工" not in page(owner, "/gigs")
    assert hub.scalar("SELECT status FROM gig_post WHERE id = :id", id=shown) == "withdrawn"


def test_a_gig_past_its_end_is_retired_from_the_other_station_only(hub, station):
    owner, other = station(), station()
    shown, _ = post_gig(owner, "秋收打捆工")
    assert not sync(owner).errors and not sync(other).errors
    later = local_today() + timedelta(days=400)  # as if its end were past the window
    for app in (owner, other):
        with app.app_context():
            rounds.retire_expired(db.session, app.config["STATION_CODE"], later)
            db.session.remove()
    assert held(other, shown) is None
    assert held(owner, shown) is not None


def test_a_post_made_before_the_countys_keys_is_sealed_again_with_them(hub, tmp_path):
    """A caravan posts offline before it ever synced (its own keys); the first round adopts
    the county's, and the post goes up sealed and keyed with them."""
    box = own_keyed_station(hub, tmp_path, f"GK-{uuid.uuid4().hex[:4].upper()}")
    body = "15010519800101123"
    number = body + ric.calc_check_digit(body + "0")
    shown, _ = post_gig(box, "家政保洁工", employer_kind="household", credit_code="",
                        household_id=number, employer_name="张家")  # fmt: skip
    before = held(box, shown)
    assert not sync(box).errors
    ring = county_keyring(json.loads((Path(box.instance_path) / COUNTY_KEYS_FILE).read_text()))
    county = Vault(ring.sealing[0], ring.lookup)  # the county's keys alone: no station's own
    after = held(box, shown)
    assert after.employer_key != before.employer_key
    assert after.employer_key == county.lookup_hash(number, context=posting.ID_CONTEXT)
    assert county.open(after.household_id_sealed, context=posting.ID_CONTEXT) == number
    assert county.open(after.contact_mobile_sealed, context=posting.MOBILE_CONTEXT) == "13947112345"
    assert hub.scalar("SELECT employer_key FROM gig_post WHERE id = :id", id=shown) == (
        after.employer_key
    )
