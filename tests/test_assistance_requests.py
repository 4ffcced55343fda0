"""A person asks for a home visit or an errand themselves, at the kiosk or on their phone:
bad answers said beside their field in their language with nothing saved; a good request
lands on the counselor's list by village with the mobile masked, sealed where stored, in no
URL, log or audit line; the counselor of the outlet sees the number on the visit page."""

import logging
import re

import pytest
from sqlalchemy import func, select
from test_assistance import WOMAN
from test_registration_service import register
from test_staff import csrf, get, signed_in

from kiosk.assistance.requests import CONTACT_CONTEXT
from kiosk.extensions import db
from kiosk.models import AuditEntry, HomeRequest, RequestChannel, StaffRole
from kiosk.personal_data import vault_for

ASK = "/help-at-home/"
GOOD = {
    "kind": "door_to_door", "needs": ["unemployment_registration", "training"],
    "township": "宝力根苏木", "village": "巴彦嘎查", "suits": ["weekday_morning"],
    "asked_by": "relative", "mobile": "13845671234", "consent": "yes",
}  # fmt: skip


def ask(client, data: dict, lang: str | None = None):
    url = ASK + (f"?lang={lang}" if lang else "")
    token = csrf(client.get(url).get_data(as_text=True))
    return client.post(ASK, data={"csrf_token": token, **data})


def requests() -> int:
    return db.session.scalar(select(func.count()).select_from(HomeRequest))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"village": ""}, "village", "此项必填"),
        ({"needs": []}, "needs", "此项必填"),
        ({"mobile": "1384567"}, "mobile", "手机号码是 11 位数字"),
        ({"mobile": "١٣٨٤٥٦٧١٢٣٤"}, "mobile", "0–9"),
        ({"consent": ""}, "consent", "请阅读"),
        ({"asked_by": "neighbour"}, "asked_by", "请从"),
    ],
)
def test_a_bad_answer_is_said_beside_its_field_and_nothing_is_saved(app, changes, field, message):
    answer = ask(app.test_client(), {**GOOD, **changes})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422
    problem = re.search(rf'<p class="field-problem" id="{field}-problem"[^>]*>([^<]*)<', text)
    assert problem and message in problem[1], (field, problem and problem[1])
    assert requests() == 0


def test_the_answers_are_said_in_mongolian(app):
    client = app.test_client()
    answer = ask(client, {**GOOD, "village": ""}, lang="mn_Mong_CN")
    assert answer.status_code == 422
    assert 'id="village-problem"' in answer.get_data(as_text=True)
    assert "此项必填" not in answer.get_data(as_text=True)


def test_asked_at_the_kiosk_it_lands_on_the_list_by_village_masked(app, caplog):
    caplog.set_level(logging.DEBUG)
    kiosk = app.test_client()
    form = kiosk.get(ASK).get_data(as_text=True)
    assert 'inputmode="none" data-keys="digits"' in form  # the kiosk's own keys, no keyboard
    assert 'data-keys="pinyin"' in form and "data-keys-dock" in form
    answer = ask(kiosk, GOOD)
    assert answer.status_code == 303 and answer.location.endswith("/help-at-home/done")
    assert "13845671234" not in answer.location
    done = kiosk.get(answer.location).get_data(as_text=True)
    assert "138****1234" in done and "13845671234" not in done
    home = db.session.scalars(select(HomeRequest)).one()
    assert home.channel == RequestChannel.kiosk and home.village == "巴彦嘎查"
    assert home.what == "办理失业登记、报名参加培训" and home.asked_by == "亲属"
    assert home.suits == "工作日上午" and home.contact_masked == "138****1234"
    assert b"13845671234" not in home.contact_sealed
    vault = vault_for(app)
    assert vault.open(home.contact_sealed, context=CONTACT_CONTEXT) == "13845671234"
    assert home.seeker_id is None  # nobody registered with that mobile
    audits = [e.detail + e.record_id for e in db.session.scalars(select(AuditEntry))]
    assert audits and not any("13845671234" in a for a in audits)
    assert "13845671234" not in caplog.text

    desk = signed_in(app, "wang")
    listed = get(desk, "/staff/assistance/requests").get_data(as_text=True)
    card = listed[listed.index("宝力根苏木 巴彦嘎查") :]
    assert "138****1234" in card and "在自助服务机" in card
    assert "13845671234" not in listed
    visit = get(desk, f"/staff/assistance/requests/{home.id}/visit").get_data(as_text=True)
    assert "13845671234" in visit  # the counselor of the outlet calls back
    manager = signed_in(app, "li", StaffRole.manager)
    other = get(manager, f"/staff/assistance/requests/{home.id}/visit").get_data(as_text=True)
    assert "13845671234" not in other


def test_asked_on_a_phone_by_a_registered_person_it_finds_them(app):
    seeker, _ = register(WOMAN)
    phone = app.test_client()
    phone.get(ASK + "?from=qr")  # opened from the kiosk's code: this browser is a phone
    form = phone.get(ASK).get_data(as_text=True)
    assert 'inputmode="none"' not in form and "data-keys-dock" not in form
    assert ask(phone, {**GOOD, "mobile": WOMAN.mobile, "asked_by": "myself"}).status_code == 303
    home = db.session.scalars(select(HomeRequest)).one()
    assert home.channel == RequestChannel.phone and home.seeker_id == seeker.id


def test_asked_in_mongolian_the_counselor_reads_the_words_chosen(app):
    client = app.test_client()
    assert ask(client, GOOD, lang="mn_Mong_CN").status_code == 303
    home = db.session.scalars(select(HomeRequest)).one()
    assert "ᠠᠵᠢᠯ ᠦᠭᠡᠢ ᠪᠡᠷ ᠳᠠᠩᠰᠠᠯᠠᠭᠤᠯᠬᠤ" in home.what and home.asked_by == "ᠠᠯᠠᠭ ᠰᠠᠳᠤ"
