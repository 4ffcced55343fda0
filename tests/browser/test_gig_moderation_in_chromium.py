"""The county's gig posts at the hub in Chromium, in both languages: reached from the jobs
page, a station's gig found by its title, hidden with a reason (refused when left out), the
reason shown on its page and the state in the list; then the decision lifted."""

import pytest
from county_hub import MANAGER, STATION_CODE, county_hub
from desk import DESK, sign_in
from layout import assert_tidy
from sync_harness import sync
from test_gigs import gig

from kiosk.extensions import db
from kiosk.gigs import posting, review
from kiosk.models import local_today
from kiosk.personal_data import vault_for

pytestmark = pytest.mark.browser


@pytest.fixture
def county(postgres_url, tmp_path):
    """A hub under gunicorn, and a station that posted and approved a gig (pushed by a sync)."""
    with county_hub(postgres_url, tmp_path) as (server, _hub, station):
        with station.app_context():
            vault = vault_for(station)
            fields = gig(title_zh="牧场剪羊毛工", address_zh="锡林浩特市郊牧场")
            form = posting.PostForm.from_mapping(fields)
            checked = posting.check_post(db.session, form, today=local_today(), vault=vault)
            post, _receipt = posting.create_post(
                db.session, checked, station_code=STATION_CODE, vault=vault
            )
            db.session.commit()
            review.approve(post, seen_version=post.version)
            db.session.commit()
            post_id = post.id
            db.session.remove()
        assert not sync(station).errors
        yield server, post_id


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_the_countys_gig_posts_hidden_with_a_reason_and_lifted(browser, county, shoot, locale):
    server, post_id = county
    lang = locale[:2]
    vertical = lang == "mn"
    page = browser.new_page(viewport=DESK, base_url=server.url)
    sign_in(page, MANAGER, locale, "/staff/moderation/")
    page.locator("a.moderation-gigs-link").click()
    page.wait_for_url("**/staff/moderation/gigs/")
    row = page.locator(f"tbody tr[data-post='{post_id}']")
    row.wait_for()
    assert "牧场剪羊毛工" in row.inner_text() and "XLHT-01" in row.inner_text()
    assert_tidy(page, vertical=vertical)
    row.scroll_into_view_if_needed()
    shoot(page, f"gigmod-{lang}-list")
    page.fill("#q", "没有这个")
    page.locator("form.admin-filter button[type=submit]").click()
    page.locator("p.empty").wait_for()
    page.fill("#q", "剪羊毛")
    page.locator("form.admin-filter button[type=submit]").click()
    row.wait_for()

    row.locator("a").click()
    page.wait_for_url(f"**/staff/moderation/gigs/{post_id}")
    page.locator("button[value=hide]").click()  # no reason: refused beside the field
    page.locator("#reason-problem").wait_for()
    assert_tidy(page, vertical=vertical)
    shoot(page, f"gigmod-{lang}-reason-missing")
    page.fill("#reason", "工价与实际不符，待核实")
    page.locator("button[value=hide]").click()
    page.locator(".gig-reason").wait_for()
    assert "工价与实际不符，待核实" in page.locator(".gig-reason").inner_text()
    assert page.locator("button[value=lift]").count() == 1
    assert_tidy(page, vertical=vertical)
    shoot(page, f"gigmod-{lang}-hidden")

    page.goto("/staff/moderation/gigs/")
    hidden = page.locator(f"tbody tr[data-post='{post_id}'] .gig-state")
    hidden.wait_for()
    assert hidden.inner_text().strip() == {"zh": "县级已隐藏", "mn": "ᠰᠢᠶᠠᠨ ᠡᠴᠡ ᠨᠢᠭᠤᠭᠰᠠᠨ"}[lang]
    page.goto(f"/staff/moderation/gigs/{post_id}")
    page.locator("button[value=lift]").click()
    page.locator("button[value=lift]").wait_for(state="detached")
    assert page.locator(".gig-reason").count() == 0
    page.close()
