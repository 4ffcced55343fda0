"""A client that sends too much is stopped with a message in its language."""

import re

import pytest
from station_app import open_phone_code

from kiosk.extensions import limiter


@pytest.fixture
def limited_client(app_factory, database):
    app = app_factory(
        database,
        RATELIMIT_ENABLED=True,
        RATE_LIMIT_REGISTER="3 per minute",
        RATE_LIMIT_HAND_OFF="2 per minute",
        RATE_LIMIT_BOOK="2 per minute",
        RATE_LIMIT_PRINT="2 per minute",
    )
    with app.app_context():
        limiter.reset()
        yield app.test_client()


def test_registration_attempts_are_limited(limited_client):
    page = limited_client.get("/register/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    answers = [
        limited_client.post("/register/", data={"csrf_token": token}).status_code for _ in range(4)
    ]
    assert answers == [422, 422, 422, 429]
    refused = limited_client.post("/register/", data={"csrf_token": token})
    assert "请稍等一分钟" in refused.get_data(as_text=True)


def test_new_phone_codes_are_limited(limited_client):
    answers = [open_phone_code(limited_client).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_booking_attempts_are_limited(limited_client):
    from test_appointment_pages import book, slot_links

    url = slot_links(limited_client)[0]
    answers = [book(limited_client, url, mobile="12").status_code for _ in range(3)]
    assert answers == [422, 422, 429]


def test_walk_in_tickets_are_limited(limited_client):
    page = limited_client.get("/queue/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    answers = [
        limited_client.post(
            "/queue/", data={"csrf_token": token, "service": "internship"}
        ).status_code
        for _ in range(3)
    ]
    assert answers == [303, 303, 429]
