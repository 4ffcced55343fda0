"""Taking a gig without an app: at the kiosk by ID card or typed number, at the desk; never
more places than wanted; a printed gig slip; the employer sees the workers masked, confirms."""

import re
import threading

from raw_printer import decode_raster
from sqlalchemy import func, select
from station_app import screenshot_path
from stdnum.cn import ric
from test_gig_board import STATION, approved, board_app  # noqa: F401  (the fixture)
from test_gigs import problem
from test_staff import csrf, get, signed_in

from kiosk.extensions import db
from kiosk.gigs import taking
from kiosk.models import GigPost, GigTake, PrintStatus, Slip, SlipKind, TakeStatus
from kiosk.personal_data import vault_for
from kiosk.slips.service import slip_content


def id_number(n: int) -> str:
    body = f"15010219850103{n:03d}"
    return body + ric.calc_check_digit(body + "0")


def take(client, gig: GigPost, worker: str, **data):
    url = f"/gigs/{gig.id}/take"
    with client.application.app_context():
        page = client.get(url).get_data(as_text=True)
    with client.application.app_context():
        return client.post(url, data={"csrf_token": csrf(page), "worker": worker, **data})


def places(gig: GigPost) -> int:
    db.session.expire_all()
    return db.session.get(GigPost, gig.id).taken


def test_a_worker_takes_a_place_at_the_kiosk_and_gets_the_slip(database, app_factory, printer):
    printing = app_factory(database, STATION_CODE=STATION, PRINTER=printer.url)
    with printing.app_context():
        slip_of_a_take(printing, printer)
        db.session.remove()
        db.engine.dispose()


def slip_of_a_take(board_app, printer) -> None:  # noqa: F811
    gig = approved(board_app, "货场装卸工", headcount="2")
    client = board_app.test_client()
    answer = take(client, gig, id_number(1))
    assert answer.status_code == 303 and "/s/" in answer.headers["Location"]
    placed = db.session.scalars(select(GigTake)).one()
    assert placed.worker_masked == id_number(1)[:6] + "********" + id_number(1)[-4:]
    assert re.fullmatch(r"\d{6}", placed.checkin_code)
    assert places(gig) == 1
    slip = db.session.scalars(select(Slip).where(Slip.kind == SlipKind.gig)).one()
    assert slip.subject_id == placed.id
    assert slip.print_status == PrintStatus.printed
    job = printer.wait_for(1)[0]
    picture = decode_raster(job)
    picture.save(screenshot_path("gig-slip-zh_Hans_CN.png"))
    assert picture.height > 400
    # The slip: what, where, when, the pay, the employer's phone, the check-in code.
    with board_app.test_request_context():
        content = slip_content(db.session, slip)
    said = " ".join(" ".join(f"{k} {v}" for k, v in side.rows) + side.title
                    for side in content.sides)  # fmt: skip
    for text in ("货场装卸工", "赛罕区金桥物流园3号库", "220", "13947112345", placed.checkin_code):
        assert text in said, text
    assert id_number(1) not in said and content.headline == placed.checkin_code
    assert "ᠡᠳᠦᠷ" in said  # the other language's side too


def test_the_same_worker_twice_and_a_bad_number_are_refused(board_app):  # noqa: F811
    gig = approved(board_app, "货场装卸工", headcount="3")
    client = board_app.test_client()
    take(client, gig, "13947110001")
    again = take(client, gig, "139 4711 0001")  # the same mobile, spaced
    assert again.status_code == 422 and "您已报名" in again.get_data(as_text=True)
    bad = take(client, gig, "1394711")
    assert bad.status_code == 422
    assert "11位手机号码" in problem(bad.get_data(as_text=True), "worker")
    assert places(gig) == 1


def test_never_more_places_than_wanted(board_app):  # noqa: F811
    gig = approved(board_app, "货场装卸工", headcount="1")
    client = board_app.test_client()
    assert take(client, gig, "13947110001").status_code == 303
    full = take(client, gig, "13947110002")
    assert full.status_code == 422 and "名额已满" in full.get_data(as_text=True)
    assert places(gig) == 1 and db.session.scalar(select(func.count(GigTake.id))) == 1


def test_workers_racing_for_the_last_places_get_exactly_them(board_app):  # noqa: F811
    gig = approved(board_app, "货场装卸工", headcount="3")
    vault = vault_for(board_app)
    results: list[str] = []
    start = threading.Barrier(12)

    def worker(n: int) -> None:
        with board_app.app_context():
            start.wait()
            person = taking.worker_of(f"139471100{n:02d}", vault, today=gig.start_date)
            try:
                taking.take(db.session, gig.id, person, today=gig.start_date,
                            station_code=STATION)  # fmt: skip
                db.session.commit()
                results.append("took")
            except Exception as refused:  # refused, or the database busy
                db.session.rollback()
                results.append(type(refused).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("took") == 3
    assert places(gig) == 3 and db.session.scalar(select(func.count(GigTake.id))) == 3


def test_the_employer_sees_the_workers_masked_and_confirms(board_app):  # noqa: F811
    from test_gigs import file_post, receipt_of

    client = board_app.test_client()
    receipt = receipt_of(file_post(client, board_app, region="150102"))
    post = db.session.scalars(select(GigPost)).one()
    desk = signed_in(board_app, "wang")
    with board_app.app_context():
        page = desk.get(f"/staff/gigs/{post.id}").get_data(as_text=True)
    with board_app.app_context():
        desk.post(f"/staff/gigs/{post.id}/approve",
                  data={"csrf_token": csrf(page), "version": str(post.version)})  # fmt: skip
    # At the desk: the counselor takes a place for a worker with no phone.
    with board_app.app_context():
        page = desk.get(f"/staff/gigs/{post.id}").get_data(as_text=True)
    with board_app.app_context():
        answer = desk.post(f"/staff/gigs/{post.id}/take",
                           data={"csrf_token": csrf(page), "worker": id_number(2)})  # fmt: skip
    assert answer.status_code == 303
    placed = db.session.scalars(select(GigTake)).one()
    employer = get(client, f"/post/r/{receipt}").get_data(as_text=True)
    assert placed.worker_masked in employer and id_number(2) not in employer
    with board_app.app_context():
        page = client.get(f"/post/r/{receipt}").get_data(as_text=True)
    with board_app.app_context():
        client.post(f"/post/r/{receipt}/confirm/{placed.id}", data={"csrf_token": csrf(page)})
    db.session.expire_all()
    assert db.session.get(GigTake, placed.id).status == TakeStatus.confirmed
    # Another post's receipt cannot confirm this worker.
    other = receipt_of(file_post(client, board_app, region="150102", title_zh="别的活"))
    with board_app.app_context():
        page = client.get(f"/post/r/{other}").get_data(as_text=True)
    with board_app.app_context():
        forged = client.post(f"/post/r/{other}/confirm/{placed.id}",
                             data={"csrf_token": csrf(page)})  # fmt: skip
    assert forged.status_code == 404
