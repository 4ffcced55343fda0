"""Registering again with an ID number on file: the name and mobile on file change only when
confirmed, by the mobile on file or by a counselor at the desk; unconfirmed, nothing changes."""

from dataclasses import replace

import pytest
from flask import current_app
from sqlalchemy import select
from test_registration_pages import GOOD as GOOD_POST
from test_registration_pages import csrf_token
from test_registration_service import GOOD
from test_staff import signed_in

from kiosk.extensions import db
from kiosk.models import AuditEntry, Seeker
from kiosk.personal_data import vault_for
from kiosk.registration.service import (
    ChangeNotConfirmed,
    Confirmation,
    check_registration,
    register_seeker,
)

STRANGER = {"name_zh": "王小明", "mobile": "13800001111"}


def register(form, confirmation: Confirmation | None = None):
    checked = check_registration(form)
    seeker, created = register_seeker(
        db.session,
        vault_for(current_app),
        checked,
        origin="T1",
        confirmation=confirmation or Confirmation(),
    )
    db.session.commit()
    return seeker, created


def on_file() -> tuple[str, str, int]:
    db.session.expire_all()
    seeker = db.session.scalars(select(Seeker)).one()
    return seeker.name_zh, seeker.mobile_masked, seeker.version


def test_a_new_name_and_mobile_without_confirmation_change_nothing(app):
    register(GOOD)
    with pytest.raises(ChangeNotConfirmed) as unconfirmed:
        register(replace(GOOD, name_zh="王小明", mobile="13800001111", education="college"))
    db.session.rollback()
    assert unconfirmed.value.changes == ("name_zh", "mobile")
    assert unconfirmed.value.mobile_masked == "139****5678" and not unconfirmed.value.tried
    assert on_file() == ("巴特尔", "139****5678", 1)


def test_a_wrong_mobile_on_file_changes_nothing(app):
    register(GOOD)
    with pytest.raises(ChangeNotConfirmed) as unconfirmed:
        register(replace(GOOD, mobile="13800001111"), Confirmation(mobile="13912340000"))
    db.session.rollback()
    assert unconfirmed.value.tried and unconfirmed.value.changes == ("mobile",)
    assert on_file() == ("巴特尔", "139****5678", 1)


@pytest.mark.parametrize(
    "confirmation",
    [Confirmation(mobile="139 1234 5678"), Confirmation(mobile="１３９１２３４５６７８"),
     Confirmation(by_staff=True)],
)  # fmt: skip
def test_the_mobile_on_file_or_a_counselor_confirms_the_change(app, confirmation):
    register(GOOD)
    _, created = register(replace(GOOD, name_zh="王小明", mobile="13800001111"), confirmation)
    assert not created and on_file() == ("王小明", "138****1111", 2)


def test_what_is_not_identity_changes_without_asking(app):
    register(replace(GOOD, name_mn="", name_latin=""))
    # Same name and mobile; a Mongolian name added where there was none; other wishes.
    again, _ = register(replace(GOOD, name_latin="", education="college", wanted_pay_min="5000"))
    assert again.name_mn == GOOD.name_mn and again.wanted_pay_min == 5000
    assert on_file() == ("巴特尔", "139****5678", 2)


def test_keeping_the_mobile_on_file_is_knowing_it(app):
    register(GOOD)
    again, _ = register(replace(GOOD, name_zh="巴特尔图"))  # a name corrected, same mobile
    assert again.name_zh == "巴特尔图"


def post(client, **changes):
    return client.post(
        "/register/", data={**GOOD_POST, "csrf_token": csrf_token(client), **changes}
    )


def test_the_kiosk_asks_for_the_mobile_on_file_and_says_nothing_changed(client):
    assert post(client).status_code == 303
    asked = post(client, **STRANGER)
    html = asked.get_data(as_text=True)
    assert asked.status_code == 422
    assert "这个身份证号已经登记过" in html and "139****5678" in html and "什么都没有改变" in html
    assert 'name="confirm_mobile"' in html and 'name="desk_confirmed"' not in html
    assert "13912345678" not in html  # only the masked hint
    assert on_file() == ("巴特尔", "139****5678", 1)

    wrong = post(client, **STRANGER, confirm_mobile="13900000000")
    assert wrong.status_code == 422 and 'id="confirm_mobile-problem"' in wrong.get_data(
        as_text=True
    )
    # Ticking the counselor's box without being signed in confirms nothing.
    assert post(client, **STRANGER, desk_confirmed="yes").status_code == 422
    assert on_file() == ("巴特尔", "139****5678", 1)

    assert post(client, **STRANGER, confirm_mobile="13912345678").status_code == 303
    assert on_file() == ("王小明", "138****1111", 2)


def test_the_question_is_in_mongolian_too(mongolian):
    assert post(mongolian).status_code == 303
    html = post(mongolian, **STRANGER).get_data(as_text=True)
    assert "139****5678" in html and "ᠪᠦᠷᠢᠳᠬᠡᠭᠰᠡᠨ" in html


def test_a_counselor_at_the_desk_confirms_and_it_is_audited(app):
    desk = signed_in(app, "wang")
    with app.app_context():
        assert post(desk).status_code == 303
    with app.app_context():
        asked = post(desk, **STRANGER).get_data(as_text=True)
    assert 'name="desk_confirmed"' in asked
    with app.app_context():
        assert post(desk, **STRANGER, desk_confirmed="yes").status_code == 303
    assert on_file() == ("王小明", "138****1111", 2)
    assert "confirm_registration_change" in db.session.scalars(select(AuditEntry.action)).all()
