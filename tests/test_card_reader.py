"""ID card readers in service mode, against a simulated reader on a real socket: the card
fills the form for the person to confirm; a missing reader or a bad answer is said plainly."""

import logging
import re

import pytest
from card_service import CARD
from flask_babel import force_locale, gettext
from station_app import make_app

from kiosk.registration.card_reader import (
    CardProblem,
    CardReaderError,
    ServiceReader,
    card_from_answer,
)


def test_a_card_from_the_service_has_name_and_number_and_no_photo(card_service):
    card = ServiceReader(card_service.url).read()
    assert (card.name, card.number, card.male) == ("巴特尔", "150102199003071237", True)
    assert str(card.birth_date) == "1990-03-07"
    assert not hasattr(card, "photo")
    assert "巴特尔" not in repr(card) and "1237" not in repr(card) and "呼和" not in repr(card)


@pytest.mark.parametrize(
    ("body", "status", "problem"),
    [
        ({"resultFlag": -1, "errorMsg": "no card"}, 200, CardProblem.no_card),
        (b"", 503, CardProblem.no_card),
        (b"\x00\xff garbage", 200, CardProblem.garbled),
        ({**CARD, "certNumber": "150102199003071238"}, 200, CardProblem.garbled),  # checksum
        ({**CARD, "gender": "女"}, 200, CardProblem.garbled),  # not what the number says
        ({**CARD, "bornDay": "19910307"}, 200, CardProblem.garbled),
        ({**CARD, "partyName": ""}, 200, CardProblem.garbled),
        ([1, 2, 3], 200, CardProblem.garbled),
    ],
)
def test_a_bad_answer_is_named(card_service, body, status, problem):
    card_service.answer(body, status)
    with pytest.raises(CardReaderError) as refused:
        ServiceReader(card_service.url).read()
    assert refused.value.problem == problem


def test_an_unplugged_reader_is_absent(card_service):
    url = card_service.url
    card_service.close()
    with pytest.raises(CardReaderError) as refused:
        ServiceReader(url, timeout=1).read()
    assert refused.value.problem == CardProblem.absent


def test_another_vendors_shape_is_understood():
    card = card_from_answer(
        b'{"code": 0, "data": {"name": "\xe5\xb7\xb4\xe7\x89\xb9\xe5\xb0\x94",'
        b' "idNumber": "150102199003071237", "sex": "1", "birthDate": "1990-03-07"}}'
    )
    assert card.number == "150102199003071237"


@pytest.fixture
def kiosk_with_reader(database, card_service):
    app = make_app(database, CARD_READER_URL=card_service.url)
    with app.app_context():
        yield app.test_client()


def _csrf(client) -> str:
    page = client.get("/register/").get_data(as_text=True)
    assert "Read my ID card" in page or "读取身份证" in page
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def test_the_card_fills_the_form_and_keeps_what_was_typed(kiosk_with_reader, caplog):
    caplog.set_level(logging.DEBUG)
    client = kiosk_with_reader
    form = {"csrf_token": _csrf(client), "mobile": "13912345678", "education": "college"}
    page = client.post("/register/card", data=form).get_data(as_text=True)
    assert 'value="巴特尔"' in page and 'value="150102199003071237"' in page
    assert 'value="13912345678"' in page and re.search(r'value="college"\s+checked', page)
    assert "data-card-read hidden" not in page  # "read from your card: please check"
    assert "呼和浩特市新城区" not in page and "iVBOR" not in page  # never the address or photo
    assert "呼和浩特市新城区" not in caplog.text and "1237" not in caplog.text


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_missing_reader_is_said_in_the_persons_language(kiosk_with_reader, card_service, locale):
    client = kiosk_with_reader
    client.get(f"/lang/{locale}")
    token = _csrf(client) if locale.startswith("zh") else None
    if token is None:
        page = client.get("/register/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    card_service.close()
    response = client.post("/register/card", data={"csrf_token": token, "name_zh": "王"})
    assert response.status_code == 422
    with force_locale(locale):
        message = gettext(
            "The ID card reader is not answering. Please type the number, or ask the staff."
        )
    page = response.get_data(as_text=True)
    assert message in page and 'value="王"' in page


def test_no_reader_configured_no_button(client):
    assert "formaction" not in client.get("/register/").get_data(as_text=True)
    assert client.post("/register/card").status_code in (400, 404)
