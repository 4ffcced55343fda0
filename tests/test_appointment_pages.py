"""Booking on the kiosk as a person would: service, day, time, phone number, slip."""

import re
from datetime import datetime, timedelta

import pytest
from flask_babel import force_locale
from raw_printer import decode_raster
from sqlalchemy import func, select

from kiosk.appointments import booking
from kiosk.appointments.booking import BookingProblem
from kiosk.appointments.labels import BOOKING_PROBLEMS
from kiosk.appointments.schedule import START_FORMAT
from kiosk.extensions import db
from kiosk.models import (
    BEIJING,
    Appointment,
    AppointmentStatus,
    PrintStatus,
    ServiceItem,
    Slip,
    Slot,
)

MOBILE = "13912345678"


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def slot_links(client, service: str = "policy_consultation", day_index: int = 1) -> list[str]:
    """The bookable times of the service's second open day (today's may already be past)."""
    page = client.get(f"/appointments/{service}").get_data(as_text=True)
    # Each day's chip carries its link twice (href and hx-get): one day once, in order.
    days = list(dict.fromkeys(re.findall(r"/appointments/[a-z_]+\?day=([0-9-]+)", page)))
    day = days[day_index]
    page = client.get(f"/appointments/{service}?day={day}").get_data(as_text=True)
    return re.findall(r'href="(/appointments/[a-z_]+/at/[0-9T:-]+)"', page)


def book(client, slot_url: str, mobile: str = MOBILE, **extra):
    form = client.get(slot_url).get_data(as_text=True)
    return client.post(slot_url, data={"csrf_token": csrf(form), "mobile": mobile, **extra})


def appointments() -> int:
    return db.session.scalar(select(func.count()).select_from(Appointment))


def test_the_service_list_is_the_standard_one(client):
    page = client.get("/appointments/").get_data(as_text=True)
    for name in ("政策咨询", "求职登记", "失业登记", "职业指导", "岗位推荐", "技能培训", "就业见习",
                 "创业指导", "就业援助", "上门或代办服务"):  # fmt: skip
        assert name in page


def test_booking_prints_a_slip_the_printer_receives_as_shown(station, printer):
    client = station.test_client()
    response = book(client, slot_links(client)[0])
    assert response.status_code == 303 and response.headers["Location"] == "/appointments/done"
    done = client.get("/appointments/done")
    html = done.get_data(as_text=True)
    assert done.headers["Cache-Control"] == "no-store"
    assert "A001" in html and "139****5678" in html and MOBILE not in html
    image_url = re.search(r'src="(/s/[^"]+/slip\.png)"', html)[1]
    on_screen = _png(client.get(image_url).data)
    received = decode_raster(printer.wait_for(1)[0])
    assert received.size == on_screen.size and received.width == 576
    assert received.tobytes() == on_screen.tobytes()
    slip = db.session.scalars(select(Slip)).one()
    assert slip.print_status == PrintStatus.printed and slip.attempts == 1
    # No personal data in the QR address or the page's links.
    assert MOBILE not in image_url


def _png(data: bytes):
    import io

    from PIL import Image

    return Image.open(io.BytesIO(data)).convert("1")


def test_a_dead_printer_keeps_the_booking_and_offers_a_reprint(app_factory, database, printer):
    printer.close()  # nothing listens on the printer's port any more
    app = app_factory(database, PRINTER=printer.url)
    with app.app_context():
        client = app.test_client()
        assert book(client, slot_links(client)[0]).status_code == 303
        html = client.get("/appointments/done").get_data(as_text=True)
        assert "could not be printed" in html or "未能打印" in html
        slip = db.session.scalars(select(Slip)).one()
        assert slip.print_status == PrintStatus.failed and "ConnectionRefused" in slip.print_error
        assert appointments() == 1
        reprint = re.search(r'action="(/s/[^"]+/print)"', html)[1]
        assert client.post(reprint, data={"csrf_token": csrf(html)}).status_code == 303
        db.session.expire_all()
        assert db.session.get(Slip, slip.id).attempts == 2


def test_reprint_reaches_the_printer_again(station, printer):
    client = station.test_client()
    book(client, slot_links(client)[0])
    html = client.get("/appointments/done").get_data(as_text=True)
    reprint = re.search(r'action="(/s/[^"]+/print)"', html)[1]
    fragment = client.post(reprint, data={"csrf_token": csrf(html)}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.get_data(as_text=True)
    jobs = printer.wait_for(2)
    assert len(jobs) == 2 and decode_raster(jobs[0]).tobytes() == decode_raster(jobs[1]).tobytes()


def test_another_session_cannot_reprint_a_slip(station, printer):
    client = station.test_client()
    book(client, slot_links(client)[0])
    html = client.get("/appointments/done").get_data(as_text=True)
    reprint = re.search(r'action="(/s/[^"]+/print)"', html)[1]
    stranger = station.test_client()
    with station.app_context():  # a fresh `g`: Flask-WTF keeps the form token there
        page = stranger.get("/appointments/manage").get_data(as_text=True)
        assert stranger.post(reprint, data={"csrf_token": csrf(page)}).status_code == 403


@pytest.mark.parametrize("mobile", ["139123456789", "1391234567", "abc", "<b>1</b>"])
def test_a_bad_phone_number_is_refused_beside_the_field(client, mobile):
    response = book(client, slot_links(client)[0], mobile=mobile)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'aria-invalid="true"' in html
    assert "11 位数字" in html and "<b>1</b>" not in html
    assert appointments() == 0


def test_a_double_submit_books_once(client):
    url = slot_links(client)[0]
    assert book(client, url).status_code == 303
    again = book(client, url)
    assert again.status_code == 422 and "已预约" in again.get_data(as_text=True)
    assert appointments() == 1


def test_a_full_width_number_is_the_same_phone(client):
    url = slot_links(client)[0]
    assert book(client, url, mobile="１３９１２３４５６７８").status_code == 303
    again = book(client, url, mobile=MOBILE)
    assert again.status_code == 422 and "已预约" in again.get_data(as_text=True)
    assert appointments() == 1


@pytest.mark.parametrize("mobile", ["᠑᠓᠙᠑᠒᠓᠔᠕᠖᠗᠘", "١٣٩١٢٣٤٥٦٧٨"])  # Mongolian, Arabic-Indic
def test_digits_of_other_scripts_are_refused_with_a_message(client, mobile):
    response = book(client, slot_links(client)[0], mobile=mobile)
    with force_locale("zh_Hans_CN"):
        expected = str(BOOKING_PROBLEMS[BookingProblem.digits])
    assert expected != "Please type the number with 0–9."  # translated
    assert response.status_code == 422 and expected in response.get_data(as_text=True)
    assert appointments() == 0


def test_a_full_slot_says_so_and_is_shown_full(client):
    url = slot_links(client)[0]
    capacity = db.session.scalars(
        select(ServiceItem.slot_capacity).where(ServiceItem.code == "policy_consultation")
    ).first()
    for n in range(capacity):
        assert book(client, url, mobile=f"1391234{n:04d}").status_code == 303
    refused = book(client, url, mobile="13800000000")
    assert refused.status_code == 422 and "约满" in refused.get_data(as_text=True)
    assert appointments() == capacity
    assert db.session.scalar(select(func.count()).select_from(Slot)) == 1  # one row, made once
    assert url not in slot_links(client)  # no longer offered


def test_a_slot_in_the_past_is_refused(client, monkeypatch):
    url = slot_links(client)[0]
    starts = datetime.strptime(url.rsplit("/", 1)[1], START_FORMAT).replace(tzinfo=BEIJING)
    # The page was opened in time; the phone number was typed after the slot began.
    monkeypatch.setattr(booking, "utcnow", lambda: starts + timedelta(minutes=1))
    refused = book(client, url)
    assert refused.status_code == 422 and "已经过去" in refused.get_data(as_text=True)
    assert appointments() == 0
    assert db.session.scalar(select(func.count()).select_from(Slot)) == 0  # nothing half-made


def test_a_time_off_the_timetable_is_not_found(client):
    url = slot_links(client)[0]
    assert client.get(url[:-2] + "07").status_code == 404  # between two slots
    assert client.get(url.replace("policy_consultation", "parcels")).status_code == 404
    assert client.get(url.rsplit("/", 1)[0] + "/tomorrow").status_code == 404


def test_booking_without_a_csrf_token_is_refused(client):
    url = slot_links(client)[0]
    assert client.post(url, data={"mobile": MOBILE}).status_code == 400
    assert appointments() == 0


def test_the_keypad_works_without_javascript(client):
    url = slot_links(client)[0]
    form = client.get(url).get_data(as_text=True)
    typed = client.post(url, data={"csrf_token": csrf(form), "mobile": "1391", "key": "2"})
    assert typed.status_code == 200 and 'value="13912"' in typed.get_data(as_text=True)
    assert appointments() == 0


def test_cancel_by_the_slip_code_frees_the_seat(client):
    url = slot_links(client)[0]
    book(client, url)
    code = db.session.scalars(select(Appointment.code)).one()
    page = client.get("/appointments/manage").get_data(as_text=True)
    unknown = client.post(
        "/appointments/manage", data={"csrf_token": csrf(page), "code": "0000000000"}
    )
    assert unknown.status_code == 422 and 'aria-invalid="true"' in unknown.get_data(as_text=True)
    found = client.post(
        "/appointments/manage", data={"csrf_token": csrf(page), "code": code.lower()}
    )
    assert found.status_code == 303
    managing = client.get("/appointments/manage/current").get_data(as_text=True)
    assert "139****5678" in managing
    cancelled = client.post("/appointments/manage/cancel", data={"csrf_token": csrf(managing)})
    assert cancelled.status_code == 200
    appointment = db.session.scalars(select(Appointment)).one()
    db.session.refresh(appointment)
    assert appointment.status == AppointmentStatus.cancelled
    assert db.session.get(Slot, appointment.slot_id).booked == 0


def test_moving_a_booking_prints_a_new_slip(client):
    first, second = slot_links(client)[:2]
    book(client, first)
    code = db.session.scalars(select(Appointment.code)).one()
    page = client.get("/appointments/manage").get_data(as_text=True)
    client.post("/appointments/manage", data={"csrf_token": csrf(page), "code": code})
    new_start = second.rsplit("/", 1)[1]
    day = new_start[:10]  # the day's times, as the picker's day chip asks for them
    managing = client.get(f"/appointments/manage/current?day={day}").get_data(as_text=True)
    assert f'value="{new_start}"' in managing
    moved = client.post(
        "/appointments/manage/move", data={"csrf_token": csrf(managing), "start": new_start}
    )
    assert moved.status_code == 303
    appointment = db.session.scalars(select(Appointment)).one()
    db.session.refresh(appointment)
    assert appointment.slot.starts_at.astimezone(BEIJING).strftime(START_FORMAT) == new_start
    assert [s.booked for s in db.session.scalars(select(Slot).order_by(Slot.starts_at))] == [0, 1]
    assert db.session.scalar(select(func.count()).select_from(Slip)) == 2


def test_booking_pages_are_in_mongolian_too(mongolian):
    page = mongolian.get("/appointments/").get_data(as_text=True)
    assert "ᠪᠣᠳᠯᠣᠭᠣ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠭᠡ" in page
    html = book(mongolian, slot_links(mongolian)[0], mobile="12").get_data(as_text=True)
    with force_locale("mn_Mong_CN"):
        expected = str(BOOKING_PROBLEMS[BookingProblem.mobile])
    assert expected.startswith("ᠭᠠᠷ ᠤᠲᠠᠰᠤ") and expected in html


def test_booking_with_the_registration_just_made(client):
    from test_registration_pages import GOOD

    form = client.get("/register/").get_data(as_text=True)
    client.post("/register/", data={**GOOD, "mobile": "13700001111", "csrf_token": csrf(form)})
    url = slot_links(client)[0]
    page = client.get(url).get_data(as_text=True)
    assert "137****1111" in page and "13700001111" not in page
    booked = client.post(url, data={"csrf_token": csrf(page), "use_registration": "yes"})
    assert booked.status_code == 303
    appointment = db.session.scalars(select(Appointment)).one()
    assert appointment.mobile_masked == "137****1111" and appointment.seeker_id is not None
