"""No dead ends in real Chromium: from a job, one tap to its county's list, one more to another."""

import pytest

pytestmark = pytest.mark.browser


def test_back_from_a_job_reaches_its_county_list_and_another_job(kiosk):
    kiosk.goto("/")
    kiosk.get_by_role("link", name="司机").click()
    kiosk.get_by_role("link", name="呼和浩特市").click()
    kiosk.locator(".tiles.areas .tile").first.click()  # all of it (some counties have none yet)
    county_url = kiosk.url
    cards = kiosk.locator(".job-card a")
    assert cards.count() >= 2
    first = cards.nth(0).locator(".job-title").inner_text()
    second = cards.nth(1).locator(".job-title").inner_text()
    cards.first.click()
    assert kiosk.locator(".job h1").inner_text() == first

    kiosk.locator(".bar-back").click()  # one tap: the same county's list
    assert kiosk.url == county_url
    kiosk.locator(".job-card a").nth(1).click()  # one more: another job
    assert kiosk.locator(".job h1").inner_text() == second
