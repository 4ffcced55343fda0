"""Slips: queue tickets, registration receipts and job slips, on screen and through a printer."""

import io
import re

from PIL import Image
from raw_printer import decode_raster
from sqlalchemy import select
from test_appointment_pages import csrf
from test_registration_pages import GOOD

from kiosk.extensions import db
from kiosk.i18n import CHINESE, MONGOLIAN
from kiosk.models import Job, PrintStatus, Slip, SlipKind, Ticket
from kiosk.slips.content import SLIP_TYPES
from kiosk.slips.printing import escpos_bytes
from kiosk.slips.raster import SlipContent, SlipSide, render_slip
from kiosk.slips.service import slip_fonts


def take_ticket(client, service: str):
    page = client.get("/queue/").get_data(as_text=True)
    return client.post("/queue/", data={"csrf_token": csrf(page), "service": service})


def png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("1")


def shown_slip(client, html: str) -> Image.Image:
    return png(client.get(re.search(r'src="(/s/[^"]+/slip\.png)"', html)[1]).data)


def test_walk_in_numbers_count_up_per_service(station, printer):
    client = station.test_client()
    labels = []
    for service in ("policy_consultation", "policy_consultation", "job_seeker_registration"):
        assert take_ticket(client, service).status_code == 303
        labels.append(client.get("/queue/ticket").get_data(as_text=True))
    assert ["A001" in labels[0], "A002" in labels[1], "B001" in labels[2]] == [True] * 3
    tickets = db.session.scalars(select(Ticket).order_by(Ticket.created_at))
    assert [t.queue_label for t in tickets] == ["A001", "A002", "B001"]
    jobs = printer.wait_for(3)
    assert decode_raster(jobs[2]).tobytes() == shown_slip(client, labels[2]).tobytes()


def test_an_unknown_service_gets_no_ticket(client):
    assert take_ticket(client, "no_such_service").status_code == 404
    assert db.session.scalars(select(Ticket)).first() is None


def test_the_registration_receipt_prints_with_masked_data(station, printer):
    client = station.test_client()
    form = client.get("/register/").get_data(as_text=True)
    client.post("/register/", data={**GOOD, "csrf_token": csrf(form)})
    receipt = client.get("/register/done").get_data(as_text=True)
    assert "/register/print" in receipt
    printed = client.post(
        "/register/print", data={"csrf_token": csrf(receipt)}, headers={"HX-Request": "true"}
    )
    fragment = printed.get_data(as_text=True)
    assert printed.status_code == 200 and 'class="slip"' in fragment
    assert decode_raster(printer.wait_for(1)[0]).tobytes() == shown_slip(client, fragment).tobytes()
    assert db.session.scalars(select(Slip)).one().print_status == PrintStatus.printed


def test_printing_a_receipt_needs_a_registration_in_this_session(client):
    page = client.get("/register/").get_data(as_text=True)
    assert client.post("/register/print", data={"csrf_token": csrf(page)}).status_code == 404


def test_a_job_slip_code_opens_the_job_on_a_phone(station, printer):
    client = station.test_client()
    job = db.session.scalars(select(Job)).first()
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    printed = client.post(f"/jobs/{job.id}/print", data={"csrf_token": csrf(page)})
    assert printed.status_code == 303
    slip_page = printed.headers["Location"]
    # The kiosk that printed it (its form sent before htmx took over) sees the slip and how it
    # printed, and stays a kiosk: the code's "scanned" mark is for the phone alone.
    shown = client.get(slip_page)
    assert shown.status_code == 200 and 'class="print-status printed"' in shown.get_data(
        as_text=True
    )
    assert client.get_cookie("device") is None
    assert f'action="/jobs/{job.id}/print"' in client.get(f"/jobs/{job.id}").get_data(as_text=True)
    phone = station.test_client()
    opened = phone.get(slip_page)
    assert opened.status_code == 302 and f"/jobs/{job.id}" in opened.headers["Location"]
    assert "from=qr" in opened.headers["Location"]
    assert printer.wait_for(1)


def test_every_slip_kind_says_something_and_names_its_record():
    assert set(SLIP_TYPES) == set(SlipKind)  # a new kind is its enum value and one @slip_type
    assert all(kind.kind == name and kind.subject for name, kind in SLIP_TYPES.items())


def test_a_made_up_slip_token_is_not_found(client):
    assert client.get("/s/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    assert client.get("/s/" + "x" * 500 + "/slip.png").status_code == 404


def content(locale: str) -> SlipContent:
    chinese = SlipSide(
        CHINESE, "排队号", "赛罕区家门口就业服务站", (("服务", "政策咨询"),), "请等候叫号。"
    )
    mongolian = SlipSide(
        MONGOLIAN, "ᠡᠷᠡᠮᠪᠡ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ", "ᠰᠠᠶᠢᠬᠠᠨ ᠲᠣᠭᠣᠷᠢᠭ", (("ᠦᠢᠯᠡᠴᠢᠯᠭᠡᠨ", "ᠪᠣᠳᠯᠣᠭᠣ ᠶᠢᠨ ᠵᠥᠪᠯᠡᠭᠡ"),),
        "ᠬᠦᠯᠢᠶᠡᠭᠡᠷᠡᠢ᠃",
    )  # fmt: skip
    sides = (chinese, mongolian) if locale == CHINESE else (mongolian, chinese)
    return SlipContent("A001", "http://127.0.0.1/s/token", sides)


def ink_rows(image: Image.Image) -> list[int]:
    """Rows with any black dot."""
    pixels = image.load()
    return [y for y in range(image.height) if any(pixels[x, y] == 0 for x in range(image.width))]


def test_slips_fit_both_paper_widths_and_carry_both_languages(app):
    for width in (384, 576):
        image = render_slip(content(CHINESE), width, slip_fonts())
        assert image.mode == "1" and image.width == width
        # The chosen language comes first: the two orders draw different slips.
        other = render_slip(content(MONGOLIAN), width, slip_fonts())
        assert other.tobytes() != image.tobytes()
        assert len(ink_rows(image)) > image.height // 3


def test_mongolian_columns_are_drawn_with_shaping(app):
    """Joined letters are narrower than the same letters apart: the text was shaped."""
    from kiosk.slips.raster import Painter

    painter = Painter(576, slip_fonts())
    joined = painter._length("ᠪᠣᠳᠯᠣᠭᠣ", 24)
    apart = sum(painter._length(letter, 24) for letter in "ᠪᠣᠳᠯᠣᠭᠣ")
    assert joined < apart


def test_escpos_bytes_decode_back_to_the_slip(app):
    image = render_slip(content(MONGOLIAN), 384, slip_fonts())
    data = escpos_bytes(image)
    assert data.startswith(b"\x1b@") and data.rstrip(b"\n").endswith((b"\x1dV\x00", b"\x1dVA\x00"))
    assert decode_raster(data).tobytes() == image.tobytes()
