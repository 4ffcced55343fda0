"""A hostile visitor, through gunicorn: every public and staff form gets inputs built to break
it. Whatever comes in, no server error, no markup reflected, nothing half-saved, and no second
person made from look-alike digits."""

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from station_app import gunicorn_station, make_app

from kiosk.extensions import db
from kiosk.models import StaffRole
from kiosk.staff.accounts import create_staff

PASSWORD = "a long enough password"
MARKUP = ('<script>alert("x")</script>', '"><img src=x onerror=alert(1)>')
#: What the corpus throws at each text field.
HOSTILE = (
    *MARKUP,
    "\x00",
    "王\x1b[31m五",
    "\u202eevil.exe",
    "\ue234\ue235",  # an old Mongolian keyboard's private-use letters
    "\r\nSet-Cookie: x=1",
    "' OR 1=1 --",
    "%00%0d%0a",
    "王" * 5000,
    "\u0301\u0301\u0301",
    "file:///etc/passwd",
)
#: Real identity and mobile numbers, and the same ones in digits people cannot see apart.
ID, MOBILE = "150102199003071237", "13912345678"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
MONGOLIAN = str.maketrans("0123456789", "᠐᠑᠒᠓᠔᠕᠖᠗᠘᠙")
TABLES = ("seeker", "appointment", "ticket", "job", "employer", "service_item", "service_record")


@pytest.fixture
def station(database: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    app = make_app(database)
    with app.app_context():
        create_staff(db.session, "boss", "Boss", PASSWORD, StaffRole.manager)
        db.session.commit()
        db.engine.dispose()
    # The limits would stop the corpus long before its end (they are tested on their own).
    with gunicorn_station(database, tmp_path / "gunicorn.log", RATELIMIT_ENABLED="false") as url:
        yield url, database


def counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, url
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]


def check(answer: requests.Response) -> None:
    assert answer.status_code < 500, (answer.request.url, answer.status_code)
    for markup in MARKUP:
        assert markup not in answer.text, answer.request.url


def register(session: requests.Session, base: str, **fields: str) -> requests.Response:
    form = {
        "name_zh": "巴特尔", "id_number": ID, "mobile": MOBILE, "education": "college",
        "employment_status": "unemployed", "residence_region": "150121", "consent": "yes",
        **fields,
    }  # fmt: skip
    form["csrf_token"] = token(session, f"{base}/register/")
    return session.post(f"{base}/register/", data=form, timeout=10, allow_redirects=False)


def test_the_public_forms_refuse_every_hostile_input_and_save_nothing(station):
    base, database = station
    kiosk = requests.Session()
    before = counts(database)
    seekers = before["seeker"]
    for value in HOSTILE:
        for field in ("name_zh", "name_mn", "id_number", "mobile", "skills", "residence_place"):
            answer = register(kiosk, base, **{field: value})
            check(answer)
            # Free text may be taken as text ("' OR 1=1 --" is only words); the identity
            # fields take nothing odd, and no field takes controls or private-use letters.
            if field in ("name_zh", "id_number", "mobile") or value[0] in "\x00\u202e\ue234":
                assert answer.status_code == 422, (field, value[:20])
            # Refused: nothing saved. Taken: still the one person this ID belongs to.
            now = counts(database)["seeker"]
            assert now == seekers if answer.status_code != 303 else now == 1, (field, value[:9])
            seekers = now
        check(kiosk.get(f"{base}/jobs", params={"q": value[:200]}, timeout=10))
        check(kiosk.get(f"{base}/search", params={"q": value[:200]}, timeout=10))
        managed = kiosk.post(
            f"{base}/appointments/manage",
            data={"code": value[:200], "csrf_token": token(kiosk, f"{base}/appointments/manage")},
            timeout=10,
        )
        check(managed)
    assert counts(database) == before | {"seeker": seekers}


def test_look_alike_digits_never_make_a_second_person(station):
    base, database = station
    kiosk = requests.Session()
    assert register(kiosk, base).status_code == 303
    again = register(
        kiosk, base, id_number=ID.translate(FULL_WIDTH), mobile=MOBILE.translate(FULL_WIDTH)
    )
    assert again.status_code == 303  # the same person, typed on a full-width keyboard
    refused = register(kiosk, base, id_number=ID.translate(MONGOLIAN))
    assert refused.status_code == 422 and "0–9" in refused.text
    assert counts(database)["seeker"] == 1


def test_the_staff_forms_take_hostile_input_without_a_server_error(station):
    base, database = station
    desk = requests.Session()
    form = {"username": "boss", "password": PASSWORD}
    form["csrf_token"] = token(desk, f"{base}/staff/login")
    signed = desk.post(f"{base}/staff/login", data=form, timeout=10, allow_redirects=False)
    assert signed.status_code == 303
    before = counts(database)
    forms = {
        "/staff/seekers/": ("q",),
        "/staff/queue/check-in": ("scan",),
        "/staff/settings/services/new": ("name_zh", "name_mn", "queue_letter", "slot_capacity"),
        "/staff/settings/hours": ("opens", "closes"),
        "/staff/settings/printer": ("address",),
        "/staff/jobs/new": ("title_zh", "employer_code", "pay_min", "expires_on"),
        "/staff/accounts": ("username", "display_name"),
    }
    pages = {"/staff/queue/check-in": "/staff/queue", "/staff/seekers/": "/staff/seekers/"}
    for url, fields in forms.items():
        for value in HOSTILE:
            for field in fields:
                data = {field: value, "csrf_token": token(desk, base + pages.get(url, url))}
                check(desk.post(base + url, data=data, timeout=10))
    # A broken multipart body is a bad request, not a crash inside the CSRF check.
    broken = desk.post(
        f"{base}/staff/jobs/import",
        data=b'--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nno end',
        headers={"Content-Type": "multipart/form-data; boundary=x"},
        timeout=10,
    )
    assert broken.status_code == 400
    assert counts(database) == before
