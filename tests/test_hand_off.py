"""The kiosk-to-phone hand-off: one token, ten minutes, one registration."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from station_app import open_phone_code

from kiosk.domain.forms import Refused
from kiosk.extensions import db
from kiosk.models import HandOff, Seeker, utcnow
from kiosk.personal_data import vault_for
from kiosk.registration.handoff import (
    HandOffProblem,
    claim,
    open_hand_off,
    usable_hand_off,
)
from kiosk.registration.service import RegistrationForm, check_registration, register_seeker

FORM = {
    "name_zh": "其其格",
    "id_number": "152502198511110043",
    "mobile": "13812345678",
    "education": "senior_middle",
    "employment_status": "flexible",
    "residence_region": "150105",
    "consent": "yes",
}


def token_from(html: str) -> str:
    return re.search(r"/register/h/([A-Za-z0-9_-]+)", html)[1]


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]


def test_a_token_has_at_least_128_random_bits_and_only_its_hash_is_kept(app):
    hand_off, token = open_hand_off(db.session)
    db.session.commit()
    assert len(token) >= 32  # 24 bytes, base64: 192 bits
    assert token not in hand_off.token_hash
    assert usable_hand_off(db.session, token).id == hand_off.id


@pytest.mark.parametrize(("age", "problem"), [(timedelta(minutes=11), HandOffProblem.expired)])
def test_an_old_token_is_refused(app, age, problem):
    _, token = open_hand_off(db.session, now=utcnow() - age)
    db.session.commit()
    with pytest.raises(Refused) as refused:
        usable_hand_off(db.session, token)
    assert refused.value.problem == problem


def test_an_unknown_token_is_refused(app):
    with pytest.raises(Refused) as refused:
        usable_hand_off(db.session, "not-a-token")
    assert refused.value.problem == HandOffProblem.unknown


def test_only_one_claim_of_a_token_succeeds(app):
    hand_off, _ = open_hand_off(db.session)
    form = RegistrationForm(**{**FORM, "consent": True})
    checked = check_registration(form)
    seeker, _ = register_seeker(db.session, vault_for(app), checked, origin="T")
    db.session.flush()
    claim(db.session, hand_off, seeker)
    with pytest.raises(Refused):
        claim(db.session, hand_off, seeker)  # a second phone racing with the same token


def test_phone_registers_and_the_kiosk_sees_it(app):
    kiosk, phone = app.test_client(), app.test_client()
    code_page = open_phone_code(kiosk).get_data(as_text=True)
    token = token_from(code_page)
    assert "<svg" in code_page
    waiting = kiosk.get("/register/phone/status", headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in waiting.get_data(as_text=True)

    form_page = phone.get(f"/register/h/{token}").get_data(as_text=True)
    response = phone.post(f"/register/h/{token}", data={**FORM, "csrf_token": csrf_from(form_page)})
    assert response.status_code == 303
    assert "其*格" in phone.get("/register/done").get_data(as_text=True)

    done = kiosk.get("/register/phone/status", headers={"HX-Request": "true"})
    html = done.get_data(as_text=True)
    assert "其*格" in html and "every 2s" not in html  # stops asking
    assert "152502198511110043" not in html

    # The token is used up: a replay, or a second phone, gets a clear refusal.
    replay = phone.post(f"/register/h/{token}", data={**FORM, "csrf_token": csrf_from(form_page)})
    assert replay.status_code == 410 and "已经用过" in replay.get_data(as_text=True)
    assert phone.get(f"/register/h/{token}").status_code == 410
    assert db.session.scalar(select(func.count()).select_from(Seeker)) == 1

    # The kiosk offers the receipt; with no printer set up the slip is still shown, and why.
    with app.app_context():  # a fresh `g`: Flask-WTF keeps the form token there
        status = kiosk.get("/register/phone/status", headers={"HX-Request": "true"})
        offer = status.get_data(as_text=True)
        printed = kiosk.post(
            "/register/print", data={"csrf_token": csrf_from(offer)}, headers={"HX-Request": "true"}
        )
    slip = printed.get_data(as_text=True)
    assert printed.status_code == 200 and "slip.png" in slip and "凭条未能打印" in slip


def test_a_phone_with_bad_input_keeps_its_token(app):
    phone = app.test_client()
    kiosk = app.test_client()
    token = token_from(open_phone_code(kiosk).get_data(as_text=True))
    form_page = phone.get(f"/register/h/{token}").get_data(as_text=True)
    bad = phone.post(
        f"/register/h/{token}",
        data={**FORM, "mobile": "123", "csrf_token": csrf_from(form_page)},
    )
    assert bad.status_code == 422
    assert f'action="/register/h/{token}"' in bad.get_data(as_text=True)
    assert db.session.scalar(select(HandOff.used_at)) is None


def test_an_expired_code_says_so_on_the_kiosk(app):
    kiosk = app.test_client()
    open_phone_code(kiosk)
    db.session.execute(HandOff.__table__.update().values(expires_at=utcnow() - timedelta(1)))
    db.session.commit()
    html = kiosk.get("/register/phone/status").get_data(as_text=True)
    assert "已过期" in html and "<html" in html  # without htmx: a whole page


def test_a_made_up_token_gets_a_not_found_page_in_the_language(app):
    response = app.test_client().get("/register/h/made-up-token")
    assert response.status_code == 404 and "不是本站的二维码" in response.get_data(as_text=True)


def test_the_phone_opens_in_the_language_of_the_kiosk_that_showed_the_code(app):
    kiosk, phone = app.test_client(), app.test_client()
    kiosk.get("/lang/mn_Mong_CN")
    code_page = open_phone_code(kiosk).get_data(as_text=True)
    link = re.search(r"(/register/h/[A-Za-z0-9_-]+\?lang=[a-zA-Z_]+)<", code_page)
    assert link, "the code's link carries the kiosk's language"
    form_page = phone.get(link[1].replace("&amp;", "&")).get_data(as_text=True)
    assert 'lang="mn-Mong"' in form_page
    # …and the phone stays in Mongolian for what follows (its own session now says so).
    assert 'lang="mn-Mong"' in phone.get("/").get_data(as_text=True)


def test_a_language_the_station_does_not_serve_is_ignored(app):
    kiosk, phone = app.test_client(), app.test_client()
    token = token_from(open_phone_code(kiosk).get_data(as_text=True))
    form_page = phone.get(f"/register/h/{token}?lang=xx_YY").get_data(as_text=True)
    assert 'lang="zh-Hans"' in form_page
