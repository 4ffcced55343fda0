"""Every kiosk screen fits its screen in both scripts, and axe finds nothing serious on it.

Issue 14: in vertical Mongolian the kiosk's primary actions sat off the right edge (the
registration form was 5,592 px wide) and the desk's queue 2,840 px wide at 1366x900."""

import pytest
from desk import DESK, sign_in
from layout import LAYOUT_PROBLEMS, assert_axe_clean, assert_touch_targets
from screens import BAR, tap_through, walk_kiosk

pytestmark = pytest.mark.browser

# The first shown element of each selector, and where it lies on the screen.
BOXES_OF = """(selectors) => selectors.map(s => {
  const e = [...document.querySelectorAll(s)].find(e => e.getClientRects().length);
  if (!e) return [s, null];
  const r = e.getBoundingClientRect();
  return [s, {left: r.left, right: r.right, top: r.top, bottom: r.bottom}];
})"""

SIZE = """() => ({sw: document.documentElement.scrollWidth, w: innerWidth, h: innerHeight})"""


def assert_fits(page, name: str, primary: tuple[str, ...], *, whole_screen: bool) -> None:
    """Nothing runs off the right edge; every primary action is on the screen as it stands
    (`whole_screen`), or at least within its width (a horizontal page scrolls down)."""
    size = page.evaluate(SIZE)
    assert size["sw"] <= size["w"], f"{name}: {size['sw']} px wide on a {size['w']} px screen"
    for selector, box in page.evaluate(BOXES_OF, list(primary)):
        assert box, f"{name}: nothing shown for {selector}"
        assert box["left"] >= 0 and box["right"] <= size["w"] + 1, f"{name}: {selector} {box}"
        if whole_screen:
            assert box["top"] >= 0 and box["bottom"] <= size["h"] + 1, f"{name}: {selector} {box}"


@pytest.mark.parametrize("locale", ["mn_Mong_CN", "zh_Hans_CN"])
def test_every_kiosk_screen_fits_and_is_axe_clean(kiosk, shoot, locale):
    lang = locale[:2]
    seen: list[str] = []

    def visit(page, name, primary):
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready.then(() => true)")
        shoot(page, f"fit-{lang}-{name}")  # before the checks: a failing screen is kept
        assert_fits(page, name, primary, whole_screen=lang == "mn")
        assert page.evaluate(LAYOUT_PROBLEMS, ".tile, .button, .slot, .chip, .keypad button") == []
        assert_axe_clean(page, name)
        assert_touch_targets(page, name)
        seen.append(name)

    walk_kiosk(kiosk, locale, visit)
    assert len(seen) >= 20  # every screen of the walk was checked


@pytest.mark.parametrize("locale", ["mn_Mong_CN", "zh_Hans_CN"])
def test_a_phone_in_both_scripts_is_axe_clean(phone, shoot, locale):
    lang = locale[:2]
    phone.goto(f"/lang/{locale}?next=/register/")
    assert_fits(phone, "phone form", ("#name_zh", ".step-next"), whole_screen=False)
    assert_axe_clean(phone, "phone form")
    assert_touch_targets(phone, "phone form")
    shoot(phone, f"fit-phone-{lang}-form")
    phone.goto("/jobs")
    tap_through(phone.locator(".job-card a").first)
    assert_fits(phone, "phone job", (".job h1", ".job-pay"), whole_screen=False)
    assert_axe_clean(phone, "phone job")
    shoot(phone, f"fit-phone-{lang}-job")


@pytest.mark.parametrize("locale", ["mn_Mong_CN", "zh_Hans_CN"])
def test_the_desk_queue_fits_1366_by_900(browser, served, counselor, shoot, locale):
    lang = locale[:2]
    kiosk = browser.new_page(viewport={"width": 1080, "height": 1920}, base_url=served)
    for service in range(3):  # three walk-ins waiting
        kiosk.goto("/queue/")
        kiosk.locator(".tiles.services .tile").nth(service).click()
        kiosk.wait_for_url("**/queue/ticket")
    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, counselor, locale, "/staff/queue")
    desk.locator(".call-next").click()
    desk.wait_for_selector("#queue-list .state-called")
    primary = (*BAR, "#scan", ".scan button", "#counter", ".call-next",
               ".queue-table tr:first-child .queue-actions .chip")  # fmt: skip
    shoot(desk, f"fit-desk-{lang}-queue")  # first: a picture to look at if what follows fails
    assert_fits(desk, "desk queue", primary, whole_screen=True)
    assert_axe_clean(desk, "desk queue")
    assert_touch_targets(desk, "desk queue")
    kiosk.close()
    desk.close()
