"""Tapping through the kiosk in real Chromium, in both languages, on the kiosk and a phone."""

import re

import pytest
from layout import assert_tidy, assert_vertical_mongolian_in_webfont
from playwright.sync_api import expect
from screens import tap_through

pytestmark = pytest.mark.browser


def test_tap_through_in_chinese(kiosk, shoot):
    kiosk.goto("/")
    assert_tidy(kiosk, vertical=False)
    shoot(kiosk, "kiosk-zh-1-home")
    tap_through(kiosk.get_by_role("link", name="司机"))
    tap_through(kiosk.get_by_role("link", name="呼和浩特市"))
    assert_tidy(kiosk, vertical=False)
    shoot(kiosk, "kiosk-zh-2-prefectures-counties")
    tap_through(kiosk.get_by_role("link", name="全部", exact=False).first)
    assert "region=150100" in kiosk.url
    kiosk.wait_for_selector(".job-card")  # the list, not the page it leaves (a loaded box)
    cards = kiosk.locator(".job-card")
    assert cards.count() > 0
    assert_tidy(kiosk, vertical=False)
    shoot(kiosk, "kiosk-zh-3-list")

    # A filter chip swaps only the results (htmx) and keeps the address in step.
    kiosk.evaluate("window.stillThisPage = true")
    kiosk.get_by_role("link", name="全职", exact=True).click()
    kiosk.wait_for_url(re.compile(r"type=full_time"))
    kiosk.wait_for_selector('.chip[aria-current]:has-text("全职")')
    assert kiosk.evaluate("window.stillThisPage") is True
    types = kiosk.locator(".job-card .job-meta").all_inner_texts()
    assert types and all("全职" in t for t in types if "·" in t)
    shoot(kiosk, "kiosk-zh-4-filtered")

    tap_through(kiosk.locator(".job-card a").first)
    assert kiosk.locator(".job h1").inner_text()
    assert kiosk.locator(".qr svg").is_visible()
    assert_tidy(kiosk, vertical=False)
    shoot(kiosk, "kiosk-zh-5-detail")
    tap_through(kiosk.get_by_role("link", name="首页"))
    assert kiosk.url.endswith("/")


def test_tap_through_in_mongolian(kiosk, shoot):
    kiosk.goto("/")
    kiosk.locator('.bar-lang a[lang="mn-Mong"]').click()
    expect(kiosk.locator("html")).to_have_attribute("lang", "mn-Mong")
    assert_vertical_mongolian_in_webfont(kiosk, "h1")
    assert_tidy(kiosk, vertical=True)
    shoot(kiosk, "kiosk-mn-1-home")
    tap_through(kiosk.locator(".tiles.categories .tile").first)
    assert_tidy(kiosk, vertical=True)
    shoot(kiosk, "kiosk-mn-2-prefectures")
    tap_through(kiosk.locator(".tiles.areas .tile").nth(1))  # the first prefecture
    tap_through(kiosk.locator(".tiles.areas .tile").first)  # all of that prefecture
    assert kiosk.locator(".job-card").count() > 0
    assert_vertical_mongolian_in_webfont(kiosk, ".job-title")
    assert_tidy(kiosk, vertical=True)
    shoot(kiosk, "kiosk-mn-3-list")
    tap_through(kiosk.locator(".job-card a").first)
    assert_vertical_mongolian_in_webfont(kiosk, ".job h1")
    assert_tidy(kiosk, vertical=True)
    shoot(kiosk, "kiosk-mn-4-detail")
    kiosk.locator('.bar-lang a[lang="zh-Hans"]').click()
    expect(kiosk.locator("html")).to_have_attribute("lang", "zh-Hans")
    assert kiosk.locator(".job h1").inner_text()  # still on the same job


def test_search_with_the_on_screen_keypad(kiosk, shoot):
    kiosk.goto("/search")
    for key in "sj":
        kiosk.locator(f'.keypad button[data-key="{key}"]').click()
    # The answer to "s" may show first; wait for the answer to "sj".
    expect(kiosk.locator("#search-results .job-title").first).to_contain_text("司机")
    assert kiosk.locator("#q").input_value() == "sj"
    assert_tidy(kiosk, vertical=False)
    shoot(kiosk, "kiosk-zh-6-search")
    kiosk.locator('.keypad[data-layout="search"] button[data-key="back"]').click()
    assert kiosk.locator("#q").input_value() == "s"


def test_search_in_mongolian_screen(kiosk, shoot):
    kiosk.goto("/lang/mn_Mong_CN?next=/search")
    kiosk.locator('[data-show-layout="search"]').click()  # Latin letters, not the Mongolian keys
    kiosk.locator('.keypad button[data-key="h"]').click()
    kiosk.locator('.keypad button[data-key="g"]').click()
    kiosk.wait_for_selector("#search-results .job-card")
    shoot(kiosk, "kiosk-mn-5-search")  # first: a picture to look at if what follows fails
    assert_tidy(kiosk, vertical=True)


def test_everything_works_without_javascript(kiosk_without_js, shoot):
    page = kiosk_without_js
    page.goto("/")
    tap_through(
        page.get_by_role("link", name="焊接", exact=False)
        .or_(page.get_by_role("link", name="维修电工"))
        .first
    )
    tap_through(page.locator(".tiles.areas .tile").first)
    assert page.locator(".job-card").count() > 0
    page.goto("/search")
    page.locator('.keypad button[data-key="s"]').click()
    page.locator('.keypad button[data-key="j"]').click()
    assert page.locator("#q").input_value() == "sj"
    assert page.locator(".job-card").count() > 0
    shoot(page, "kiosk-zh-7-search-without-js")


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_job_printed_without_javascript_shows_its_slip_and_the_kiosk_stays_a_kiosk(
    kiosk_without_js, printer, shoot, locale
):
    page, lang = kiosk_without_js, locale[:2]
    page.goto(f"/lang/{locale}?next=/jobs")
    job = page.locator(".job-card a").first.get_attribute("href")
    page.goto(job)
    page.locator(".slip-area button").click()
    page.wait_for_url("**/s/*")  # the slip's own page, not the phone's page of the job
    expect(page.locator(".slip .print-status.printed")).to_have_count(1)
    assert printer.wait_for(1)
    assert_tidy(page, vertical=lang == "mn")
    shoot(page, f"kiosk-{lang}-job-slip-without-js")
    page.goto(job)
    assert page.locator(".slip-area button").count() == 1  # still a kiosk: it prints


def test_job_on_a_phone_in_both_languages(phone, shoot):
    phone.goto("/jobs?q=siji")
    href = phone.locator(".job-card a").first.get_attribute("href")
    phone.goto(f"{href}{'&' if '?' in href else '?'}from=qr")
    assert phone.locator(".job h1").is_visible()
    assert phone.locator(".qr").count() == 0  # the phone already holds the job
    assert_tidy(phone, vertical=False)
    shoot(phone, "phone-zh-job")
    phone.goto(f"/lang/mn_Mong_CN?next={href}")
    assert_vertical_mongolian_in_webfont(phone, ".job h1")
    assert_tidy(phone, vertical=True)
    shoot(phone, "phone-mn-job")
    # A phone keeps its session: no idle reset script is ever sent to it.
    assert phone.locator('script[src*="kiosk.js"]').count() == 0


@pytest.mark.settings(IDLE_TIMEOUT_SECONDS="2")
def test_idle_kiosk_goes_home_and_forgets(kiosk):
    kiosk.goto("/lang/mn_Mong_CN?next=/jobs?q=sj")
    assert kiosk.locator("html").get_attribute("lang") == "mn-Mong"
    kiosk.wait_for_url(re.compile(r"/$"), timeout=6000)
    assert kiosk.locator("html").get_attribute("lang") == "zh-Hans"
