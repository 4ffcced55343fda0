"""Gig posts: the employer's form behind the station's QR code, every check before anything is
written, and the station's review (approve, send back with a reason, trust, audit)."""

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from stdnum.cn import ric
from test_job_admin import credit_code
from test_staff import csrf, get, signed_in

from kiosk.extensions import db
from kiosk.gigs import posting
from kiosk.models import AuditEntry, GigPost, PostStatus, TrustedEmployer, local_today
from kiosk.personal_data import vault_for

HOHHOT_SAIHAN = "150105"  # area class 1: 22.4 yuan an hour
ALXA_LEFT = "152921"  # 阿拉善左旗, class 1 too
WULATEZHONG = "150824"  # 乌拉特中旗, class 2: 21.7
ARUN = "150721"  # 阿荣旗, class 2
ORONQEN = "150723"  # 鄂伦春自治旗, class 3: 21.1


def token(app) -> str:
    return posting.posting_token(app.secret_key, app.config["STATION_CODE"])


def gig(**changes) -> dict:
    today = local_today()
    fields = {
        "employer_kind": "company",
        "credit_code": credit_code(3),
        "employer_name": "赛罕区巴特尔装卸队",
        "contact_name": "巴特尔",
        "contact_mobile": "13947112345",
        "title_zh": "货场装卸工",
        "title_mn": "",
        "category": "loading",
        "headcount": "3",
        "duties_zh": "装卸饲料袋，每袋25公斤",
        "requirements_zh": "身体健康，男女不限，包吃住",
        "region": HOHHOT_SAIHAN,
        "address_zh": "赛罕区金桥物流园3号库",
        "pay": "220",
        "pay_unit": "day",
        "settlement": "daily",
        "start_date": (today + timedelta(days=1)).isoformat(),
        "end_date": (today + timedelta(days=3)).isoformat(),
        "start_time": "08:00",
        "end_time": "17:00",
        "shift": "day",
        "valid_until": (today + timedelta(days=1)).isoformat(),
    }
    return {**fields, **changes}


def file_post(client, app, **changes):
    url = f"/post/{token(app)}"
    with app.app_context():
        page = client.get(url).get_data(as_text=True)
    with app.app_context():
        return client.post(url, data={"csrf_token": csrf(page), **gig(**changes)})


def posts() -> int:
    return db.session.scalar(select(func.count()).select_from(GigPost)) or 0


def problem(page: str, field: str) -> str:
    found = re.search(rf'id="{field}-problem" role="alert">([^<]+)<', page)
    assert found, f"no problem shown for {field}"
    return html.unescape(found[1])


def receipt_of(answer) -> str:
    assert answer.status_code == 303, re.findall(
        r"-problem\" role=\"alert\">([^<]+)<", answer.get_data(as_text=True)
    )
    return answer.headers["Location"].rsplit("/", 1)[1]


def test_the_form_is_reached_only_through_the_station_code(app, client):
    assert get(client, f"/post/{token(app)}").status_code == 200
    assert get(client, "/post/0123456789abcdef01234567").status_code == 404
    assert get(client, "/post/").status_code == 404
    other = posting.posting_token(app.secret_key, "OTHER-STATION")
    assert get(client, f"/post/{other}").status_code == 404


def test_a_post_waits_for_review_and_its_receipt_says_so(app, client):
    answer = file_post(client, app)
    page = get(client, f"/post/r/{receipt_of(answer)}").get_data(as_text=True)
    assert "等待服务站审核" in page
    post = db.session.scalars(select(GigPost)).one()
    assert post.status == PostStatus.pending
    assert post.pay_fen == 22000 and post.headcount == 3 and not post.flags
    # The mobile is sealed: stored only masked in the clear, opened by the vault.
    assert post.contact_mobile_masked == "139****2345"
    assert b"13947112345" not in post.contact_mobile_sealed
    opened = vault_for(app).open(post.contact_mobile_sealed, context=posting.MOBILE_CONTEXT)
    assert opened == "13947112345"
    # The receipt's token is kept only as a hash; a made-up one finds nothing.
    assert get(client, "/post/r/not-a-receipt").status_code == 404


def test_a_household_posts_with_the_persons_id_sealed(app, client):
    body = "15010519800101123"
    number = body + ric.calc_check_digit(body + "0")
    answer = file_post(client, app, employer_kind="household", credit_code="",
                       household_id=number, employer_name="张家")  # fmt: skip
    receipt_of(answer)
    post = db.session.scalars(select(GigPost)).one()
    assert post.credit_code == "" and number.encode() not in post.household_id_sealed
    assert post.employer_key == vault_for(app).lookup_hash(number, context=posting.ID_CONTEXT)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    answer = file_post(client, app, employer_kind="household", household_id=wrong,
                       title_zh="剪羊毛")  # fmt: skip
    assert answer.status_code == 422
    assert "居民身份证号码" in problem(answer.get_data(as_text=True), "household_id")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"credit_code": "91150105MA0JKA0130"}, "credit_code", "统一社会信用代码"),
        ({"credit_code": ""}, "credit_code", "此项必填"),
        ({"contact_mobile": "1394711234"}, "contact_mobile", "11位手机号码"),
        ({"headcount": "0"}, "headcount", "1 到 9999"),
        ({"headcount": "10000"}, "headcount", "1 到 9999"),
        ({"headcount": "three"}, "headcount", "1 到 9999"),
        ({"pay": "two hundred"}, "pay", "200 或 22.5"),
        ({"pay": "0"}, "pay", "200 或 22.5"),
        ({"end_date": "2020-01-01"}, "end_date", "不能早于开始日期"),
        ({"start_date": "2020-01-01"}, "start_date", "已经过去"),
        ({"end_time": "07:00"}, "end_time", "跨夜班"),
        ({"title_zh": "<b>装卸</b>"}, "title_zh", "不要输入 < 和 >"),
        ({"address_zh": "金桥\x1b[2J物流园"}, "address_zh", "控制字符"),
        ({"duties_zh": "装卸\u202e饲料"}, "duties_zh", "书写方向"),
        ({"category": "astrology"}, "category", "列出的值"),
        ({"region": "150100"}, "region", "列出的值"),
        ({"valid_until": "2099-01-01"}, "valid_until", "不能晚于最后一天"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_saved(app, client, changes, field, words):
    answer = file_post(client, app, **changes)
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert words in problem(page, field)
    assert "没有保存" in page
    assert posts() == 0


def test_every_problem_is_shown_at_once(app, client):
    answer = file_post(client, app, credit_code="123", headcount="0", pay="1", pay_unit="hour")
    page = answer.get_data(as_text=True)
    for field in ("credit_code", "headcount", "pay"):
        problem(page, field)


@pytest.mark.parametrize(
    ("county", "unit", "pay", "hours", "refused", "figure"),
    [
        (HOHHOT_SAIHAN, "hour", "22.3", ("08:00", "12:00"), True, "每小时不得低于 22.4 元"),
        (HOHHOT_SAIHAN, "hour", "22.4", ("08:00", "12:00"), False, ""),
        (WULATEZHONG, "hour", "21.6", ("08:00", "12:00"), True, "每小时不得低于 21.7 元"),
        (WULATEZHONG, "hour", "21.7", ("08:00", "12:00"), False, ""),
        (ORONQEN, "hour", "21.10", ("08:00", "12:00"), False, ""),
        (ORONQEN, "hour", "21", ("08:00", "12:00"), True, "每小时不得低于 21.1 元"),
        # A day rate against the hours it states: 9 h × 22.4 = 201.6 in class 1.
        (HOHHOT_SAIHAN, "day", "200", ("08:00", "17:00"), True, "日薪不得低于 201.6 元"),
        (HOHHOT_SAIHAN, "day", "202", ("08:00", "17:00"), False, ""),
        (HOHHOT_SAIHAN, "day", "180", ("08:00", "16:00"), False, ""),
        # 10 h overnight at class 3: 211.
        (ORONQEN, "day", "210", ("20:00", "06:00"), True, "日薪不得低于 211 元"),
        (ORONQEN, "day", "211", ("20:00", "06:00"), False, ""),
        # A piece rate says nothing of the hours: it is not judged by the hourly minimum.
        (HOHHOT_SAIHAN, "piece", "2", ("08:00", "17:00"), False, ""),
    ],
)
def test_pay_below_the_countys_minimum_is_refused_with_the_figure(
    app, client, county, unit, pay, hours, refused, figure
):
    shift = "overnight" if hours[1] < hours[0] else "day"
    answer = file_post(client, app, region=county, pay_unit=unit, pay=pay,
                       start_time=hours[0], end_time=hours[1], shift=shift)  # fmt: skip
    if refused:
        assert answer.status_code == 422
        assert figure in problem(answer.get_data(as_text=True), "pay")
        assert posts() == 0
    else:
        receipt_of(answer)
        assert posts() == 1


def test_the_minimum_wage_data_names_every_county_once():
    rules = posting.wage_rules()
    classes = [entry["class"] for entry in rules["counties"].values()]
    # The notice's own counts: 18 + 2 + 12, 16 + 14, 15 + 26.
    assert (classes.count(1), classes.count(2), classes.count(3)) == (32, 30, 41)
    assert rules["effective"] == "2024-12-01"
    assert posting.area_class(ALXA_LEFT) == 1 and posting.area_class(ARUN) == 2


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("限男性，身体健康", ["discrimination"]),
        ("女士勿扰", ["discrimination"]),
        ("只招汉族", ["discrimination"]),
        ("限本地户口", ["hukou"]),
        ("外地人勿扰", ["hukou"]),
        ("包就业，百分百录用", ["guarantee"]),
        ("男女不限，包吃住，日结", []),
        ("年满18周岁，能吃苦，会骑马", []),
        ("熟练剪毛工优先，自带剪子", []),
    ],
)
def test_wording_is_flagged_not_refused(app, client, text, flags):
    receipt_of(file_post(client, app, requirements_zh=text))
    post = db.session.scalars(select(GigPost)).one()
    assert post.flags.split() == flags
    assert post.status == PostStatus.pending


def test_one_post_per_job_per_workplace_shows_the_original(app, client):
    receipt_of(file_post(client, app))
    # The same job at the same place, spaced and full-width differently: the original shown.
    again = file_post(client, app, title_zh="货场 装卸工", pay="250")
    assert again.status_code == 409
    page = again.get_data(as_text=True)
    assert "已发布过" in page and "赛罕区金桥物流园3号库" in page and "220" in page
    assert posts() == 1
    # Another workplace is another post.
    receipt_of(file_post(client, app, address_zh="赛罕区金桥物流园5号库"))
    assert posts() == 2


def decide(desk, post: GigPost, decision: str, **data):
    url = f"/staff/gigs/{post.id}"
    with desk.application.app_context():
        page = desk.get(url).get_data(as_text=True)
    with desk.application.app_context():
        form = {"csrf_token": csrf(page), "version": str(post.version), **data}
        return desk.post(f"{url}/{decision}", data=form)


def the_post() -> GigPost:
    db.session.expire_all()
    return db.session.scalars(select(GigPost)).one()


def test_rejected_with_a_reason_the_employer_reads_then_the_fix_is_approved(app, client):
    desk = signed_in(app, "wang")
    receipt = receipt_of(file_post(client, app))
    queue = get(desk, "/staff/gigs/").get_data(as_text=True)
    assert "货场装卸工" in queue and "139****2345" not in queue
    shown = get(desk, f"/staff/gigs/{the_post().id}").get_data(as_text=True)
    assert "139****2345" in shown and "13947112345" not in shown

    # A reason is required; nothing changes without one.
    answer = decide(desk, the_post(), "reject", reason="  ")
    assert answer.status_code == 422 and the_post().status == PostStatus.pending
    reason = "请写明装卸的具体货物和每天的休息时间"
    assert decide(desk, the_post(), "reject", reason=reason).status_code == 303
    page = get(client, f"/post/r/{receipt}").get_data(as_text=True)
    assert reason in page and the_post().status == PostStatus.rejected

    # The employer corrects it: back to the queue.
    with app.app_context():
        edit_page = client.get(f"/post/r/{receipt}/edit").get_data(as_text=True)
    assert "13947112345" not in edit_page  # the sealed mobile is typed again, never shown
    version = re.search(r'name="version" value="(\d+)"', edit_page)[1]
    with app.app_context():
        fixed = gig(duties_zh="装卸饲料袋，每袋25公斤，中午休息一小时", version=version)
        fixed["csrf_token"] = csrf(edit_page)
        answer = client.post(f"/post/r/{receipt}/edit", data=fixed)
    assert answer.status_code == 303
    post = the_post()
    assert post.status == PostStatus.pending and post.review_reason == ""
    assert decide(desk, post, "approve").status_code == 303
    assert the_post().status == PostStatus.approved
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.at)).all()
    assert [a for a in actions if a.startswith("gig_")] == ["gig_post_reject", "gig_post_approve"]


def test_an_edited_live_post_goes_back_to_review(app, client):
    desk = signed_in(app, "wang")
    receipt = receipt_of(file_post(client, app))
    decide(desk, the_post(), "approve")
    with app.app_context():
        edit_page = client.get(f"/post/r/{receipt}/edit").get_data(as_text=True)
    with app.app_context():
        client.post(f"/post/r/{receipt}/edit", data={"csrf_token": csrf(edit_page),
                    "version": str(the_post().version), **gig(pay="300")})  # fmt: skip
    assert the_post().status == PostStatus.pending and the_post().pay_fen == 30000


def test_a_stale_decision_is_refused(app, client):
    desk = signed_in(app, "wang")
    receipt_of(file_post(client, app))
    post = the_post()
    stale = post.version
    assert decide(desk, post, "approve").status_code == 303
    post.version = stale  # the reviewer's page was read before the first decision
    answer = decide(desk, post, "reject", reason="重复")
    assert answer.status_code == 422 and "已被他人处理" in answer.get_data(as_text=True)
    assert the_post().status == PostStatus.approved


def test_a_trusted_employer_publishes_at_once_but_flagged_wording_still_waits(app, client):
    desk = signed_in(app, "wang")
    receipt_of(file_post(client, app))
    assert decide(desk, the_post(), "approve", trust="1").status_code == 303
    assert db.session.get(TrustedEmployer, credit_code(3)) is not None
    receipt_of(file_post(client, app, title_zh="仓库搬运工"))
    receipt_of(file_post(client, app, title_zh="夜班装车", requirements_zh="限男性"))
    db.session.expire_all()
    by_title = {p.title_zh: p for p in db.session.scalars(select(GigPost))}
    assert by_title["仓库搬运工"].status == PostStatus.approved
    assert by_title["仓库搬运工"].published_at_once
    assert by_title["夜班装车"].status == PostStatus.pending
    queue = get(desk, "/staff/gigs/").get_data(as_text=True)
    published = queue.split("直接发布")[1]
    assert "仓库搬运工" in published and "夜班装车" not in published
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert "gig_employer_trust" in actions


def test_a_counselor_keys_in_a_post_at_the_desk(app):
    desk = signed_in(app, "wang")
    with app.app_context():
        page = desk.get("/staff/gigs/new").get_data(as_text=True)
    with app.app_context():
        answer = desk.post("/staff/gigs/new", data={"csrf_token": csrf(page), **gig()})
    assert answer.status_code == 303
    assert the_post().status == PostStatus.pending
    assert "gig_post_desk" in set(db.session.scalars(select(AuditEntry.action)))
    # Only signed-in staff reach the desk's form and the queue.
    assert get(app.test_client(), "/staff/gigs/new").status_code in (302, 303)


def test_the_posting_code_leads_to_the_form(app):
    desk = signed_in(app, "wang")
    page = get(desk, "/staff/gigs/code").get_data(as_text=True)
    assert "<svg" in page and f"/post/{token(app)}" in page


def supply(desk, post: GigPost, **texts):
    """The station's Mongolian for the post, sent from its review page as a decision is."""
    return decide(desk, post, "mongolian", **texts)


TITLE_MN = "ᠠᠴᠢᠶ᠎ᠠ ᠪᠠᠭᠤᠯᠭᠠᠭᠴᠢ"


def test_the_station_writes_the_mongolian_the_employer_left_out(app, client):
    desk = signed_in(app, "wang")
    receipt_of(file_post(client, app))  # Chinese only: "the station writes it"
    answer = supply(desk, the_post(), title_mn=TITLE_MN, address_mn="ᠰᠠᠶᠢᠬᠠᠨ 3 ᠳ᠋ᠤᠭᠠᠷ ᠠᠩᠭᠢ")
    assert answer.status_code == 303
    post = the_post()
    assert post.title_mn == TITLE_MN and post.title_zh == "货场装卸工"  # the Chinese untouched
    assert post.status == PostStatus.pending  # the station's words send nothing back
    assert "gig_post_mongolian" in set(db.session.scalars(select(AuditEntry.action)))
    assert decide(desk, post, "approve").status_code == 303
    # A live post (a trusted employer's goes live at once) can still be given its Mongolian.
    assert supply(desk, the_post(), title_mn=TITLE_MN, duties_mn="ᠲᠡᠵᠢᠭᠡᠯ ᠠᠴᠢᠬᠤ").status_code == 303
    assert the_post().duties_mn == "ᠲᠡᠵᠢᠭᠡᠯ ᠠᠴᠢᠬᠤ" and the_post().address_mn == ""
    client.get("/lang/mn_Mong_CN")
    assert TITLE_MN in get(client, "/gigs").get_data(as_text=True)


def test_a_mongolian_text_without_mongolian_letters_is_refused_for_everyone(app, client):
    # The employer's form: Chinese typed into the Mongolian field would stand on the board.
    answer = file_post(client, app, title_mn="货场装卸工")
    assert answer.status_code == 422 and posts() == 0
    assert "蒙古文" in problem(answer.get_data(as_text=True), "title_mn")
    # Mongolian with digits and a Chinese place name beside it is right.
    receipt_of(
        file_post(client, app, title_mn="ᠠᠴᠢᠶ᠎ᠠ ᠪᠠᠭᠤᠯᠭᠠᠭᠴᠢ 3", address_mn="金桥 ᠠᠮᠠᠯᠠᠨ ᠰᠠᠭᠤᠷᠢ")
    )
    desk = signed_in(app, "wang")
    before = the_post().version
    answer = supply(desk, the_post(), title_mn="Loader", duties_mn="<b>ᠠᠴᠢᠬᠤ</b>")
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "蒙古文" in problem(page, "title_mn") and problem(page, "duties_mn")
    assert 'value="Loader"' in page  # what was typed stays in the field
    assert the_post().version == before and the_post().title_mn.startswith("ᠠᠴᠢᠶ᠎ᠠ")


def test_the_stations_mongolian_is_refused_when_the_post_changed_meanwhile(app, client):
    desk = signed_in(app, "wang")
    receipt_of(file_post(client, app))
    post = the_post()
    stale = post.version
    assert supply(desk, post, title_mn=TITLE_MN).status_code == 303
    post.version = stale  # read before the first save
    answer = supply(desk, post, title_mn="ᠪᠤᠰᠤᠳ")
    assert answer.status_code == 422 and "已被他人处理" in answer.get_data(as_text=True)
    assert the_post().title_mn == TITLE_MN
