"""Registering on the kiosk's form: CSRF, messages beside the fields, nothing cached."""

import re

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select
from station_app import open_phone_code
from test_hand_off import FORM, csrf_from, token_from

from kiosk.extensions import db
from kiosk.models import Seeker

GOOD = {
    "name_zh": "巴特尔",
    "id_number": "150102199003071237",
    "mobile": "13912345678",
    "education": "college",
    "employment_status": "unemployed",
    "residence_region": "150121",
    "wanted_categories": ["driver", "logistics"],
    "consent": "yes",
}


def csrf_token(client) -> str:
    page = client.get("/register/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def post(client, **changes):
    return client.post("/register/", data={**GOOD, "csrf_token": csrf_token(client), **changes})


def seekers() -> int:
    return db.session.scalar(select(func.count()).select_from(Seeker))


def test_registering_shows_a_masked_receipt_and_never_caches_it(client):
    response = post(client)
    assert response.status_code == 303 and response.headers["Location"] == "/register/done"
    receipt = client.get("/register/done")
    html = receipt.get_data(as_text=True)
    assert "巴*尔" in html and "150102********1237" in html and "139****5678" in html
    assert "巴特尔" not in html and "13912345678" not in html
    assert receipt.headers["Cache-Control"] == "no-store"
    assert re.search(r"R[0-9A-Z]{9}", html)


def test_the_privacy_notice_is_shown_in_both_languages(client):
    html = client.get("/register/").get_data(as_text=True)
    assert "加密保存" in html and "ᠨᠢᠭᠤᠴᠠᠯᠠᠨ" in html


def test_a_mistyped_id_is_named_beside_the_field_in_the_language(mongolian):
    response = post(mongolian, id_number="150102199003071238")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="id_number-problem"' in html and 'aria-invalid="true"' in html
    assert "ᠪᠤᠷᠤᠭᠤ ᠪᠢᠴᠢᠭᠳᠡᠵᠡᠢ" in html  # "mistyped", in Mongolian
    assert 'value="巴特尔"' in html  # what was typed stays for correcting
    assert seekers() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"mobile": "139123456789"}, "mobile"),
        ({"name_zh": "<script>alert(1)</script>"}, "name_zh"),
        ({"name_mn": "ᠪᠠ\ue234ᠲᠦᠷ"}, "name_mn"),
        ({"skills": "技" * 10_000}, "skills"),
        ({"consent": ""}, "consent"),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(client, changes, field):
    response = post(client, **changes)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-problem"' in html
    assert "<script>alert" not in html
    assert seekers() == 0


def test_a_form_without_its_token_is_refused_with_a_message(client):
    response = client.post("/register/", data=GOOD)
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)
    assert seekers() == 0


def test_a_double_submit_keeps_one_record(client):
    token = csrf_token(client)
    for _ in range(2):
        client.post("/register/", data={**GOOD, "csrf_token": token})
    assert seekers() == 1
    assert "登记信息已更新" in client.get("/register/done").get_data(as_text=True)


def test_the_receipt_is_forgotten_with_the_session(client):
    post(client)
    client.get("/reset")
    assert client.get("/register/done").headers["Location"] == "/register/"


def zh(message: str) -> str:
    with force_locale("zh_Hans_CN"):
        return gettext(message)


UNKNOWN_COUNTY = "150199199003071236"  # a real province, no such county, a correct check digit
PLACE = "The first six digits are not a place code we know."
DIGITS = "Please type the number with 0–9."


def test_an_unknown_county_is_refused_with_a_message_not_an_error(client):
    response = post(client, id_number=UNKNOWN_COUNTY)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="id_number-problem"' in html and zh(PLACE) in html
    assert seekers() == 0


def test_an_unknown_county_is_refused_on_the_phone_form_too(app):
    kiosk, phone = app.test_client(), app.test_client()
    token = token_from(open_phone_code(kiosk).get_data(as_text=True))
    form_page = phone.get(f"/register/h/{token}").get_data(as_text=True)
    response = phone.post(
        f"/register/h/{token}",
        data={**FORM, "id_number": UNKNOWN_COUNTY, "csrf_token": csrf_from(form_page)},
    )
    assert response.status_code == 422 and zh(PLACE) in response.get_data(as_text=True)
    assert seekers() == 0


def test_an_older_holder_of_a_newer_code_registers(client):
    """锡林浩特's code dates from 1983; someone born in 1971 holds it from their first card."""
    response = post(client, id_number="152502197101011232")
    assert response.status_code == 303 and seekers() == 1


def test_the_full_width_form_of_an_id_is_the_same_person(client):
    assert post(client).status_code == 303
    again = post(
        client, id_number="１５０１０２１９９００３０７１２３７", mobile="１３９１２３４５６７８"
    )
    assert again.status_code == 303 and seekers() == 1
    assert "登记信息已更新" in client.get("/register/done").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id_number": "᠑᠕᠐᠑᠐᠒᠑᠙᠙᠐᠐᠓᠐᠗᠑᠒᠓᠗"}, "id_number"),  # Mongolian digits
        ({"id_number": "١٥٠١٠٢١٩٩٠٠٣٠٧١٢٣٧"}, "id_number"),  # Arabic-Indic digits
        ({"mobile": "᠑᠓᠙᠑᠒᠓᠔᠕᠖᠗᠘"}, "mobile"),
    ],
)
def test_digits_of_other_scripts_are_refused_with_a_message(client, changes, field):
    response = post(client, **changes)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-problem"' in html and zh(DIGITS) in html
    assert seekers() == 0


def test_the_digits_message_is_in_mongolian_too(mongolian):
    response = post(mongolian, id_number="᠑᠕᠐᠑᠐᠒᠑᠙᠙᠐᠐᠓᠐᠗᠑᠒᠓᠗")
    with force_locale("mn_Mong_CN"):
        message = gettext(DIGITS)
    assert response.status_code == 422 and message != DIGITS
    assert message in response.get_data(as_text=True)
