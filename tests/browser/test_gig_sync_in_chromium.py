"""Another station's gig on this station's board, in Chromium, in both languages: shown with
its pay and days, and "take it at <that station>" where this station's own gigs have the take
button (its places are counted at the station that posted it)."""

from datetime import timedelta

import pytest
from layout import assert_tidy
from sqlalchemy import select
from station_app import make_app
from test_gigs import gig

from kiosk.extensions import db
from kiosk.gigs import posting
from kiosk.models import PostStatus, Station, local_today
from kiosk.personal_data import vault_for

pytestmark = pytest.mark.browser

HERE = "150102-gig_post"  # a demo gig post in 新城区, Hohhot


def synced_gig(database) -> tuple[str, dict[str, str]]:
    """A gig as a pull from the hub leaves it: approved, made at another demo station of the
    league. Returns its id and that station."""
    app = make_app(database, STATION_CODE=HERE)
    with app.app_context():
        owner = db.session.scalars(
            select(Station).where(Station.code != HERE, Station.region_code == "150105")
        ).first()
        start = local_today() + timedelta(days=1)
        fields = gig(title_zh="牧场剪羊毛工", start_date=start.isoformat())
        form = posting.PostForm.from_mapping(fields)
        checked = posting.check_post(db.session, form, today=local_today(), vault=vault_for(app))
        post, _ = posting.create_post(
            db.session, checked, station_code=owner.code, vault=vault_for(app)
        )
        post.origin, post.status = owner.code, PostStatus.approved
        db.session.commit()
        found = str(post.id), {"zh": owner.name_zh, "mn": owner.name_mn or owner.name_zh}
        db.session.remove()
        db.engine.dispose()
    return found


@pytest.mark.settings(STATION_CODE=HERE)
@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_another_stations_gig_says_where_to_take_it(database, served, kiosk, shoot, locale):
    post_id, owner = synced_gig(database)
    kiosk.goto(f"/lang/{locale}?next=/gigs")
    kiosk.wait_for_url("**/gigs")
    note = kiosk.locator(".gig-elsewhere")
    assert note.count() == 1
    name = owner[locale[:2]]
    assert name in note.inner_text()
    assert_tidy(kiosk, vertical=locale.startswith("mn"))
    note.scroll_into_view_if_needed()  # the week's gigs: below the fold of a vertical page
    shoot(kiosk, f"gigsync-board-{locale}")
    kiosk.goto(f"/gigs/{post_id}")
    assert kiosk.locator(f"a[href='/gigs/{post_id}/take']").count() == 0
    assert name in kiosk.locator(".gig-elsewhere").inner_text()
    shoot(kiosk, f"gigsync-gig-{locale}")
