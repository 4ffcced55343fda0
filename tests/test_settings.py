"""Station settings as the manager uses them: services, opening hours, the printer."""

import re
from datetime import datetime, time, timedelta

import pytest
from raw_printer import decode_raster
from sqlalchemy import func, select
from station_app import screenshot_path
from test_staff import csrf, get, sign_in, signed_in, staff_member

from kiosk.appointments.booking import book
from kiosk.extensions import db, limiter
from kiosk.models import (
    BEIJING,
    AuditEntry,
    LocalState,
    ServiceItem,
    Slip,
    Slot,
    StaffRole,
    Station,
    Ticket,
    local_today,
    new_id,
)
from kiosk.personal_data import vault_for
from kiosk.queue.numbers import issue_ticket
from kiosk.slips.printing import PrinterSettingError, printer_for


@pytest.fixture
def manager(app):
    return signed_in(app, "li", StaffRole.manager)


def send(client, page: str, url: str, data: dict, **headers):
    """Post a form the way the page would (its own CSRF token), in a request's own context."""
    with client.application.app_context():
        token = csrf(client.get(page).get_data(as_text=True))
        return client.post(url, data={"csrf_token": token, **data}, headers=headers)


def service(code: str) -> ServiceItem:
    db.session.expire_all()
    return db.session.scalars(select(ServiceItem).where(ServiceItem.code == code)).one()


def service_form(item: ServiceItem, **changes) -> dict:
    form = {
        "name_zh": item.name_zh,
        "name_mn": item.name_mn,
        "queue_letter": item.queue_letter,
        "sort": str(item.sort),
        "slot_capacity": str(item.slot_capacity),
        "version": str(item.version),
        **({"active": "on"} if item.active else {}),
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def edit(client, code: str, **changes):
    item = service(code)
    url = f"/staff/settings/services/{item.id}"
    return send(client, url, url, service_form(item, **changes))


def kiosk_page(app, url: str) -> str:
    with app.app_context():
        return app.test_client().get(url).get_data(as_text=True)


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.at)))


def test_only_the_station_manager_opens_settings(app):
    client = app.test_client()
    for url in ("/staff/settings/", "/staff/settings/hours", "/staff/settings/printer"):
        anonymous = get(client, url)
        assert anonymous.status_code == 302 and "/staff/login" in anonymous.headers["Location"]
    staff_member("wang")
    sign_in(client, "wang")
    assert get(client, "/staff/settings/").status_code == 403
    refused = send(client, "/staff/queue", "/staff/settings/hours", {"days": "1", "opens": "09:00"})
    assert refused.status_code == 403


def test_a_renamed_service_shows_on_the_kiosk(manager, app):
    saved = edit(manager, "policy_consultation", name_zh="政策与补贴咨询")
    assert saved.status_code == 303
    listing = get(manager, "/staff/settings/").get_data(as_text=True)
    assert "已保存：政策与补贴咨询" in listing
    assert "政策与补贴咨询" in kiosk_page(app, "/appointments/")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "edit_service")).one()
    assert entry.detail == "policy_consultation: name_zh"


def test_an_inactive_service_leaves_the_kiosk_but_keeps_its_history(manager, app):
    ticket = issue_ticket(db.session, service("internship"), origin="T")
    db.session.commit()
    assert edit(manager, "internship", active=None).status_code == 303
    for url in ("/appointments/", "/queue/"):
        assert "就业见习" not in kiosk_page(app, url)
    with app.app_context():
        assert app.test_client().get("/appointments/internship").status_code == 404
    assert db.session.get(Ticket, ticket.id) is not None
    listing = get(manager, "/staff/settings/").get_data(as_text=True)
    assert "就业见习" in listing and "不在服务机上显示" in listing
    # And back again.
    assert edit(manager, "internship", active="on").status_code == 303
    assert "就业见习" in kiosk_page(app, "/appointments/")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name_zh": "  "}, "name_zh", "此项必填。"),
        ({"name_zh": "长" * 41}, "name_zh", "内容太长了。"),
        ({"name_mn": "\ue26a\ue2b1"}, "name_mn", "旧式蒙古文输入法"),
        ({"name_mn": "政策"}, "name_mn", "请只用蒙古文字母。"),
        ({"queue_letter": "B"}, "queue_letter", "这个字母已被使用：求职登记"),
        ({"queue_letter": "O"}, "queue_letter", "一个拉丁大写字母"),
        ({"slot_capacity": "21"}, "slot_capacity", "1 到 20"),
        ({"slot_capacity": "0"}, "slot_capacity", "1 到 20"),
        ({"sort": "x"}, "sort", "0 到 9999"),
    ],
)
def test_bad_service_input_is_refused_beside_the_field(manager, changes, field, message):
    before = service_form(service("policy_consultation"))
    refused = edit(manager, "policy_consultation", **changes)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    problem = re.search(rf'<p class="field-problem" id="{field}-problem"[^>]*>([^<]+)</p>', html)
    assert problem and message in problem[1]
    assert service_form(service("policy_consultation")) == before
    assert "edit_service" not in audit_actions()


def test_a_stale_form_does_not_overwrite_a_newer_edit(manager):
    item = service("career_guidance")
    url = f"/staff/settings/services/{item.id}"
    old_form = service_form(item)
    assert edit(manager, "career_guidance", name_zh="职业指导（新）").status_code == 303
    stale = send(manager, url, url, {**old_form, "name_zh": "职业指导（旧）"})
    assert stale.status_code == 422 and "有人在您打开后保存了" in stale.get_data(as_text=True)
    assert service("career_guidance").name_zh == "职业指导（新）"


def test_a_new_service_gets_a_code_from_its_name(manager, app):
    page = "/staff/settings/services/new"
    data = {"name_zh": "法律援助", "name_mn": "ᠬᠠᠤᠯᠢ ᠶᠢᠨ ᠲᠤᠰᠠᠯᠠᠮᠵᠢ", "slot_capacity": "2"}
    assert send(manager, page, page, {**data, "queue_letter": "L"}).status_code == 303
    assert send(manager, page, page, {**data, "queue_letter": "m"}).status_code == 303
    made = db.session.scalars(select(ServiceItem).where(ServiceItem.name_zh == "法律援助")).all()
    assert sorted((s.code, s.queue_letter, s.active) for s in made) == [
        ("falvyuanzhu", "L", False),
        ("falvyuanzhu_2", "M", False),
    ]
    # Unchecked "on the kiosk" means not shown yet; a chosen code must be free.
    taken = send(manager, page, page, {**data, "queue_letter": "N", "code": "internship"})
    assert taken.status_code == 422 and "本站已有服务使用这个代码" in taken.get_data(as_text=True)
    shown = send(manager, page, page, {**data, "queue_letter": "N", "active": "on"})
    assert shown.status_code == 303
    assert "法律援助" in kiosk_page(app, "/appointments/")
    assert audit_actions().count("add_service") == 3


def test_lowering_seats_keeps_every_booking(manager, app):
    item = service("policy_consultation")  # three seats a slot
    day = local_today() + timedelta(days=3)
    starts = [datetime.combine(day, time(9), BEIJING) + timedelta(minutes=30 * n) for n in range(3)]
    past = datetime.combine(local_today() - timedelta(days=1), time(9), BEIJING)
    slots = [
        Slot(
            id=new_id(),
            service_id=item.id,
            starts_at=at,
            ends_at=at + timedelta(minutes=30),
            capacity=3,
        )
        for at in (*starts, past)
    ]
    db.session.add_all(slots)
    db.session.commit()
    for mobile in ("13900000001", "13900000002"):
        book(
            db.session,
            vault_for(app),
            slots[0].id,
            mobile,
            origin="T",
            now=starts[0] - timedelta(days=1),
        )
    book(
        db.session,
        vault_for(app),
        slots[1].id,
        "13900000003",
        origin="T",
        now=starts[0] - timedelta(days=1),
    )
    db.session.commit()

    saved = edit(manager, "policy_consultation", slot_capacity="1")
    assert saved.status_code == 303
    listing = get(manager, "/staff/settings/").get_data(as_text=True)
    assert "按新名额调整的未来时段：2" in listing
    assert "因预约人数超过新名额而保留原名额的未来时段：1" in listing
    db.session.expire_all()
    capacities = [
        (db.session.get(Slot, s.id).capacity, db.session.get(Slot, s.id).booked) for s in slots
    ]
    # Booked beyond the new number: kept; booked within it or empty: lowered; past: untouched.
    assert capacities == [(3, 2), (1, 1), (1, 0), (3, 0)]
    assert "seats 3→1, kept 1" in db.session.scalars(select(AuditEntry.detail)).all()[-1]


def test_new_hours_shape_the_days_not_made_yet(manager, app):
    def times_on(day_index: int) -> list[str]:
        page = kiosk_page(app, "/appointments/job_recommendation")
        day = re.findall(r"/appointments/[a-z_]+\?day=([0-9-]+)", page)[day_index]
        page = kiosk_page(app, f"/appointments/job_recommendation?day={day}")
        return re.findall(r"<strong>(\d\d:\d\d)</strong>", page)

    looked_at = times_on(1)  # looked at, nobody booked: no slot is kept for it
    assert looked_at[0] == "08:30"
    page = "/staff/settings/hours"
    data = {"days": list("1234567"), "opens": "10:00", "closes": "12:00"}
    assert send(manager, page, page, data).status_code == 303
    station = db.session.scalars(select(Station).where(Station.code == "DEMO")).one()
    db.session.refresh(station)
    assert (station.open_days, station.opens_at, station.closes_at) == (
        "1234567",
        time(10),
        time(12),
    )
    saved = get(manager, page).get_data(as_text=True)
    assert saved.count("营业日和时间已保存") == 1 and "已经预约的不受影响" in saved
    assert times_on(5) == ["10:00", "10:30", "11:00", "11:30"]  # a day nobody has opened yet
    assert times_on(1) == ["10:00", "10:30", "11:00", "11:30"]  # nor booked
    assert "edit_hours" in audit_actions()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"opens": "09:00", "closes": "17:00"}, "days", "请至少选择一天"),
        ({"days": ["1"], "opens": "12:00", "closes": "09:00"}, "closes", "晚于开门时间"),
        ({"days": ["1"], "opens": "nine", "closes": "17:00"}, "opens", "08:30"),
    ],
)
def test_bad_hours_are_refused(manager, data, field, message):
    page = "/staff/settings/hours"
    refused = send(manager, page, page, data)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert re.search(rf'id="{field}-problem"[^>]*>[^<]*{message}', html)
    station = db.session.scalars(select(Station).where(Station.code == "DEMO")).one()
    assert station.open_days == "12345" and station.opens_at == time(8, 30)


def test_the_test_print_arrives_at_the_printer_set_here(manager, app, printer):
    page = "/staff/settings/printer"
    saved = send(manager, page, page, {"address": printer.url, "dots": "384"})
    assert saved.status_code == 303
    assert "打印机设置已保存" in get(manager, page).get_data(as_text=True)
    assert db.session.get(LocalState, "printer").value == printer.url

    printed = send(
        manager,
        page,
        "/staff/settings/printer/test",
        {},
        **{"HX-Request": "true", "HX-Target": "test-print"},
    )
    assert printed.status_code == 200
    assert "测试凭条已送到打印机" in printed.get_data(as_text=True)
    picture = decode_raster(printer.wait_for(1)[0])
    assert picture.width == 384 and picture.height > 300
    picture.save(screenshot_path("settings-test-print.png"))

    # A real slip now goes to the printer chosen here too, at its paper width.
    with app.app_context():
        kiosk = app.test_client()
        token = csrf(kiosk.get("/queue/").get_data(as_text=True))
        kiosk.post("/queue/", data={"csrf_token": token, "service": "internship"})
    assert decode_raster(printer.wait_for(2)[1]).width == 384
    assert {"edit_printer", "test_print"} <= set(audit_actions())


def test_a_closed_port_shows_why_and_changes_nothing(manager, printer):
    page = "/staff/settings/printer"
    send(manager, page, page, {"address": printer.url, "dots": "576"})
    printer.close()
    slips = db.session.scalar(select(func.count()).select_from(Slip))
    failed = send(manager, page, "/staff/settings/printer/test", {})
    html = failed.get_data(as_text=True)
    assert failed.status_code == 502
    assert "测试凭条没有打印出来。打印机拒绝了连接" in html
    assert db.session.get(LocalState, "printer").value == printer.url
    assert db.session.scalar(select(func.count()).select_from(Slip)) == slips
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "test_print")).one()
    assert "refused" in entry.detail


def test_the_failure_reason_is_in_the_managers_language(manager, printer):
    page = "/staff/settings/printer"
    send(manager, page, page, {"address": printer.url, "dots": "576"})
    printer.close()
    get(manager, "/lang/mn_Mong_CN")
    failed = send(
        manager,
        page,
        "/staff/settings/printer/test",
        {},
        **{"HX-Request": "true", "HX-Target": "test-print"},
    )
    html = failed.get_data(as_text=True)
    assert failed.status_code == 200 and 'class="print-status failed"' in html
    assert "ᠬᠡᠪᠯᠡᠭᠦᠷ" in html and "拒绝" not in html


def test_no_printer_is_a_choice(manager):
    page = "/staff/settings/printer"
    assert send(manager, page, page, {"address": "", "dots": "576"}).status_code == 303
    failed = send(manager, page, "/staff/settings/printer/test", {})
    assert failed.status_code == 502 and "没有设置打印机" in failed.get_data(as_text=True)


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("http://192.168.1.50:9100", "tcp://、usb://、cups:// 或 file://"),
        ("tcp://192.168.1.50:99999", "1 到 65535"),
        ("tcp://192.168.1.50:0", "1 到 65535"),
        ("tcp://:9100", "tcp://主机:端口"),
        ("usb://epson", "usb://厂商:产品"),
        ("file://relative", "只有打印机设备"),
        ("file:///tmp/x", "只有打印机设备"),
        ("file:///var/lib/kiosk/kiosk.sqlite", "只有打印机设备"),
        ("file:///dev/usb/../../tmp/x", "只有打印机设备"),
    ],
)
def test_a_bad_printer_address_is_refused(manager, address, message):
    page = "/staff/settings/printer"
    refused = send(manager, page, page, {"address": address, "dots": "576"})
    assert refused.status_code == 422
    assert re.search(
        r'id="address-problem"[^>]*>[^<]*' + re.escape(message), refused.get_data(as_text=True)
    )
    assert db.session.get(LocalState, "printer") is None


def test_a_file_that_is_not_a_printer_is_never_written(manager, tmp_path):
    target = tmp_path / "kiosk.sqlite.copy"
    target.write_bytes(b"precious")
    page = "/staff/settings/printer"
    refused = send(manager, page, page, {"address": f"file://{target}", "dots": "576"})
    assert refused.status_code == 422
    send(manager, page, f"{page}/test", {})  # a test print goes nowhere without a printer
    assert target.read_bytes() == b"precious"
    with pytest.raises(PrinterSettingError):  # nor does a configured one (KIOSK_PRINTER)
        printer_for(f"file://{target}")
    assert target.read_bytes() == b"precious"


def test_forms_without_their_token_are_refused(manager):
    item = service("policy_consultation")
    with manager.application.app_context():
        answers = [
            manager.post(
                f"/staff/settings/services/{item.id}", data=service_form(item, name_zh="X")
            ),
            manager.post(
                "/staff/settings/hours", data={"days": "1", "opens": "9:00", "closes": "10:00"}
            ),
            manager.post("/staff/settings/printer", data={"address": "", "dots": "576"}),
            manager.post("/staff/settings/printer/test"),
        ]
    assert [answer.status_code for answer in answers] == [400] * 4
    assert service("policy_consultation").name_zh == "政策咨询"
    assert db.session.get(LocalState, "printer") is None


def test_test_prints_are_rate_limited_like_other_prints(app_factory, database):
    app = app_factory(database, RATELIMIT_ENABLED=True, RATE_LIMIT_PRINT="2 per minute")
    with app.app_context():
        limiter.reset()
        staff_member("li", StaffRole.manager)
        client = app.test_client()
        sign_in(client, "li")
        page = "/staff/settings/printer"
        answers = [send(client, page, f"{page}/test", {}).status_code for _ in range(3)]
        limiter.reset()
    assert answers == [502, 502, 429]  # no printer is set: refused twice, then stopped
