"""The gig board: today's and this week's approved gigs, the station's banner first, then the
league's other banners; by category; a QR code beside each gig on the kiosk and the wall."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from test_gigs import gig
from test_staff import get

from kiosk.extensions import db
from kiosk.gigs import posting
from kiosk.models import GigPost, PostStatus, local_today
from kiosk.personal_data import vault_for

STATION = "150102-gig_post"  # a demo gig post in 新城区, Hohhot


@pytest.fixture
def board_app(database, app_factory):
    app = app_factory(database, STATION_CODE=STATION)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def approved(app, title: str, *, region: str = "150102", starts: int = 0, days: int = 1,
             status: PostStatus = PostStatus.approved, **changes) -> GigPost:  # fmt: skip
    today = local_today()
    start = today + timedelta(days=starts)
    form = posting.PostForm.from_mapping(gig(
        title_zh=title, region=region, start_date=start.isoformat(),
        end_date=(start + timedelta(days=days - 1)).isoformat(), valid_until=start.isoformat(),
        **changes,
    ))  # fmt: skip
    vault = vault_for(app)
    checked = posting.check_post(db.session, form, today=today, vault=vault)
    post, _receipt = posting.create_post(db.session, checked, station_code=STATION, vault=vault)
    post.status = status
    db.session.commit()
    return post


def titles(page: str) -> list[str]:
    return re.findall(r'class="job-title">([^<]+)<', page)


def test_the_board_shows_todays_and_this_weeks_gigs_nearest_first(board_app):
    approved(board_app, "新城区今天搬家", category="moving")
    approved(board_app, "赛罕区今天装卸", region="150105", category="loading")
    approved(board_app, "新城区今天装卸", category="loading")
    approved(board_app, "新城区周末保洁", starts=5, category="cleaning")
    approved(board_app, "新城区下周保洁", starts=8, category="cleaning")  # beyond the week
    approved(board_app, "锡林浩特装卸", region="152502", category="loading")  # another league
    approved(board_app, "待审核的装卸", status=PostStatus.pending)
    approved(board_app, "退回的装卸", status=PostStatus.rejected)
    page = get(board_app.test_client(), "/gigs").get_data(as_text=True)
    today, week = page.split('id="gigs-week"')
    # By category in the categories' order (moving before loading); the banner first within.
    assert titles(today) == ["新城区今天搬家", "新城区今天装卸", "赛罕区今天装卸"]
    assert titles(week) == ["新城区周末保洁"]
    assert "220 元/天" in page


def test_a_gig_over_or_closed_to_taking_leaves_the_board(board_app):
    post = approved(board_app, "昨天截止的装卸", days=3)
    post.valid_until = local_today() - timedelta(days=1)
    db.session.commit()
    assert "昨天截止的装卸" not in get(board_app.test_client(), "/gigs").get_data(as_text=True)
    assert get(board_app.test_client(), f"/gigs/{post.id}").status_code == 404


def test_each_gig_has_its_qr_code_on_the_kiosk_and_the_wall_not_on_the_phone(board_app):
    post = approved(board_app, "新城区今天搬家")
    kiosk = get(board_app.test_client(), "/gigs").get_data(as_text=True)
    assert kiosk.count('class="gig-code"') == 1 and "<svg" in kiosk
    wall = get(board_app.test_client(), "/gigs/wall").get_data(as_text=True)
    assert 'class="gig-code"' in wall and 'http-equiv="refresh"' in wall
    phone = board_app.test_client()
    phone.set_cookie("device", "phone")
    assert 'class="gig-code"' not in get(phone, "/gigs").get_data(as_text=True)
    detail = get(phone, f"/gigs/{post.id}").get_data(as_text=True)
    assert "新城区今天搬家" in detail and "赛罕区巴特尔装卸队" in detail
    # The code leads to the gig's own page and carries nothing personal.
    assert "139" not in kiosk.split('class="gig-code"')[1].split("</figure>")[0]


def test_a_pending_gig_has_no_page(board_app):
    post = approved(board_app, "待审核的装卸", status=PostStatus.pending)
    assert get(board_app.test_client(), f"/gigs/{post.id}").status_code == 404
    assert db.session.scalars(select(GigPost)).one().status == PostStatus.pending


def test_a_card_drawn_before_shows_what_changed_since(board_app):
    # Cards are kept drawn per version of their gig: a place taken or a word changed must show
    # at the next look, in each language its own.
    from test_gig_taking import id_number, take
    from test_gigs import TITLE_MN

    post = approved(board_app, "新城区今天搬家")
    client = board_app.test_client()

    def board() -> str:
        return get(client, "/gigs").get_data(as_text=True)

    assert "剩余 3 个名额" in board()
    assert take(client, post, id_number(1)).status_code == 303
    assert "剩余 2 个名额" in board() and "剩余 3 个名额" not in board()
    db.session.expire_all()  # the take was another session's
    db.session.get(GigPost, post.id).title_mn = TITLE_MN  # the station supplies the Mongolian
    db.session.commit()
    assert TITLE_MN not in board()
    client.get("/lang/mn_Mong_CN")
    assert TITLE_MN in board() and "新城区今天搬家" not in board()
