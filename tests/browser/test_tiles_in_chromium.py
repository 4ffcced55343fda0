"""Job counts on the tiles, no dead ends and a filter tap that keeps the page, in Chromium."""

import re
from urllib.parse import quote

import pytest
from layout import assert_tidy

pytestmark = pytest.mark.browser

#: 锡林郭勒盟: most of its banners have no jobs of a given kind in the demo data.
LEAGUE = "152500"


def number(text: str) -> int:
    found = re.search(r"\d+", text)
    assert found, f"no number in {text!r}"
    return int(found.group())


def first_dead_end(page) -> str:
    """The address of a banner of the league with no jobs of some kind, found by its tile."""
    page.goto("/")
    categories = page.locator(".tiles.categories .tile").evaluate_all(
        "tiles => tiles.map(t => t.getAttribute('href'))"
    )
    for href in categories:
        page.goto(f"{href}&region={LEAGUE}")
        empty = page.locator(".tiles.areas .tile.no-jobs")
        if empty.count():
            return page.url
    raise AssertionError("no empty banner in the league for any kind of work")


@pytest.mark.parametrize(
    ("locale", "no_jobs"),
    [("zh_Hans_CN", "暂无岗位"), ("mn_Mong_CN", None)],
)
def test_a_dead_end_banner_leads_to_the_suggested_one(kiosk, shoot, locale, no_jobs):
    vertical = locale.startswith("mn")
    kiosk.goto(f"/lang/{locale}")
    league = first_dead_end(kiosk)
    assert_tidy(kiosk, vertical=vertical)
    shoot(kiosk, f"kiosk-{locale[:2]}-tiles-league")
    empty = kiosk.locator(".tiles.areas .tile.no-jobs").first
    if no_jobs:
        assert no_jobs in empty.inner_text()
    # The league's own tile counts what its banners' tiles add up to.
    counts = [
        number(t) if re.search(r"\d", t) else 0
        for t in kiosk.locator(".tiles.areas .tile:not(.highlight) .tile-count").all_inner_texts()
    ]
    assert number(kiosk.locator(".tiles.areas .tile.highlight .tile-count").inner_text()) == sum(
        counts
    )

    empty.click()
    kiosk.wait_for_selector(".ways-out")
    assert kiosk.locator(".job-card").count() == 0
    shoot(kiosk, f"kiosk-{locale[:2]}-no-results")  # first: a picture if what follows fails
    assert_tidy(kiosk, vertical=vertical)
    nearby = kiosk.locator(".ways-out .tile:not(.highlight)")
    offered = [number(t) for t in nearby.locator(".tile-count").all_inner_texts()]
    assert offered and offered == sorted(offered, reverse=True), "most jobs first"
    # The whole league is offered too, with its count.
    wider = kiosk.locator(".ways-out .tile.highlight")
    assert "region=" + LEAGUE in (wider.get_attribute("href") or "")

    expected = offered[0]
    nearby.first.click()
    kiosk.wait_for_selector(".job-card")
    shown = kiosk.locator(".count").inner_text()
    assert number(shown) == expected
    assert kiosk.locator(".job-card").count() == min(expected, 20)
    assert league  # came from there


def test_the_no_results_page_on_a_phone(phone, shoot):
    league = first_dead_end(phone)
    phone.locator(".tiles.areas .tile.no-jobs").first.click()
    phone.wait_for_selector(".ways-out .tile")
    shoot(phone, "phone-zh-no-results")
    assert_tidy(phone, vertical=False)
    here = re.sub(r"^https?://[^/]+", "", phone.url)
    phone.goto(f"/lang/mn_Mong_CN?next={quote(here)}")
    phone.wait_for_selector(".ways-out .tile")
    assert_tidy(phone, vertical=True)
    shoot(phone, "phone-mn-no-results")
    phone.goto(league)
    assert_tidy(phone, vertical=True)
    shoot(phone, "phone-mn-tiles-league")
    phone.goto("/lang/zh_Hans_CN?next=/")
    assert phone.locator(".tiles.categories .tile-count").count() > 0
    shoot(phone, "phone-zh-tiles-home")


def test_home_tiles_show_their_counts(kiosk, shoot):
    kiosk.goto("/")
    counts = kiosk.locator(".tiles.categories .tile-count").all_inner_texts()
    assert counts and all("岗位" in c for c in counts)
    shoot(kiosk, "kiosk-zh-tiles-home")
    kiosk.goto("/lang/mn_Mong_CN")
    assert kiosk.locator(".tiles.categories .tile-count").count() == len(counts)
    assert_tidy(kiosk, vertical=True)
    shoot(kiosk, "kiosk-mn-tiles-home")


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
@pytest.mark.parametrize("scrolled", [0, 150])
def test_a_filter_tap_keeps_the_page_where_it_was(kiosk, locale, scrolled):
    kiosk.goto(f"/lang/{locale}?next=/jobs?region=150100")
    # Pages in both scripts scroll down (vertical Mongolian in bands, tests/browser/screens.py).
    axis = "scrollY"
    kiosk.evaluate(f"window.scrollTo(0, {scrolled})")
    before = kiosk.evaluate(f"window.{axis}")
    assert before == scrolled
    chip = kiosk.locator(".filters .filter-row").first.locator(".chip").nth(1)
    chip.click()
    kiosk.wait_for_url(re.compile(r"type="))
    kiosk.wait_for_selector(".filters .filter-row .chip[aria-current]:nth-child(2)")
    kiosk.wait_for_timeout(300)  # past htmx's settle
    assert kiosk.evaluate(f"window.{axis}") == before
    assert kiosk.evaluate("window.scrollX + window.scrollY") == before
