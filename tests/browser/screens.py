"""Every screen a walk-in meets at the kiosk, walked as a person taps through them.

`walk_kiosk(page, locale, visit)` opens each screen in turn and calls `visit(page, name,
primary)` on it, `primary` being the selectors of what the person must be able to reach
there (the screen's actions and what they came for)."""

from collections.abc import Callable

Visit = Callable[[object, str, tuple[str, ...]], None]

#: What every kiosk screen offers: the way home and the language switch.
BAR = (".bar-home", ".bar-lang a")


def tap_through(target) -> None:
    """Tap what opens another screen (a link, a form's button) and wait until that screen has
    loaded: just after the tap a loaded box may still answer "loaded" for the old one."""
    page = target.page
    before = page.url
    target.click()
    page.wait_for_url(lambda url: url != before)


def _tap(page, selector: str) -> None:
    tap_through(page.locator(selector).first)


def _fill_registration(page) -> None:
    """A complete, valid form, filled the quick way (typing is tested elsewhere)."""
    page.fill("#name_zh", "巴特尔")
    page.fill("#name_mn", "ᠪᠠᠭᠠᠲᠦᠷ")
    page.fill("#id_number", "150102199003071237")
    page.fill("#mobile", "13912345678")
    for name, value in (
        ("education", "college"),
        ("employment_status", "unemployed"),
        ("wanted_categories", "driver"),
        ("consent", "yes"),
    ):
        page.locator(f'input[name="{name}"][value="{value}"]').evaluate("box => box.checked = true")
    page.select_option("#residence_region", "150121")


def walk_kiosk(page, locale: str, visit: Visit) -> None:
    page.goto(f"/lang/{locale}?next=/")
    visit(page, "home", (*BAR, ".tiles.categories .tile", ".tiles.actions .tile"))

    _tap(page, ".tiles.categories .tile")
    visit(page, "prefectures", (*BAR, ".bar-back", ".tiles.areas .tile"))
    tap_through(page.locator(".tiles.areas .tile").nth(1))
    visit(page, "counties", (*BAR, ".bar-back", ".tiles.areas .tile"))
    _tap(page, ".tiles.areas .tile")
    visit(page, "list", (*BAR, ".bar-back", ".filters", ".job-card"))
    _tap(page, ".job-card a")
    visit(page, "job", (*BAR, ".bar-back", ".job h1", ".job-pay", ".qr svg", ".slip-area button"))

    page.goto("/search")
    if page.locator('.keypad[data-layout="search"]').is_hidden():  # Mongolian keys first
        visit(page, "search-keys", (*BAR, "#q", ".keypad-mongolian button"))
        page.locator('[data-show-layout="search"]').click()
    for key in "sj":
        page.locator(f'.keypad button[data-key="{key}"]').click()
    page.wait_for_selector("#search-results .job-card")
    visit(page, "search", (*BAR, "#q", ".keypad button", "#search-results .job-card"))

    page.goto("/")
    _tap(page, ".tiles.actions form.tile-form button")  # register: the phone hand-off first
    page.wait_for_url("**/register/phone")
    visit(page, "hand-off", (*BAR, ".qr svg", ".hand-off-status", ".tiles.actions .tile"))
    _tap(page, ".tiles.actions .tile")
    page.wait_for_url("**/register/")
    # The form in steps, each a screen: the step's fields and its way on are on it.
    steps = page.locator(".form-step")
    for number in range(steps.count()):
        step = f"#{steps.nth(number).get_attribute('id')}"
        visit(
            page,
            f"form-{number + 1}",
            (f"{step} h2", f"{step} .field", f"{step} .step-nav a:last-child, {step} .submit"),
        )
        if number + 1 < steps.count():
            page.locator(f"{step} .step-next").click()
            page.wait_for_function("() => true")  # let the scroll land
    _fill_registration(page)
    page.locator("button.submit").click()
    page.wait_for_url("**/register/done")
    visit(page, "receipt", (*BAR, ".big-number", ".slip-area button", ".tiles.actions .tile"))

    page.goto("/appointments/")
    visit(page, "services", (*BAR, ".tiles.services .tile", ".tiles.actions .tile"))
    _tap(page, ".tiles.services .tile")
    page.locator(".days .chip").nth(1).click()
    page.wait_for_selector(".days .chip:nth-child(2)[aria-current]")
    visit(page, "times", (*BAR, ".bar-back", ".days .chip", "a.slot"))
    _tap(page, "a.slot")
    page.wait_for_url("**/appointments/*/at/*")
    visit(page, "confirm", (*BAR, ".bar-back", "#mobile", ".keypad button", "button.submit"))
    page.fill("#mobile", "13912345678")
    page.locator("button.submit").click()
    page.wait_for_url("**/appointments/done")
    code = page.locator(".receipt .digits").inner_text()
    visit(
        page,
        "booked",
        (*BAR, ".big-number", ".receipt .digits", ".slip-image", ".tiles.actions .tile"),
    )

    page.goto("/appointments/manage")
    visit(page, "manage", (*BAR, ".bar-back", "#code", ".keypad button", "button.submit"))
    page.fill("#code", code)
    page.locator("button.submit").click()
    page.wait_for_selector("button.danger")
    visit(page, "managing", (*BAR, ".bar-back", "button.danger", ".days .chip", ".slot"))
    tap_through(page.locator("button.danger"))
    visit(page, "cancelled", (*BAR, ".tiles.actions .tile"))

    page.goto("/queue/")
    visit(page, "queue", (*BAR, ".tiles.services .tile"))
    _tap(page, ".tiles.services .tile")
    page.wait_for_url("**/queue/ticket")
    visit(
        page,
        "ticket",
        (*BAR, ".ticket-number", ".slip-image", ".slip button", ".tiles.actions .tile"),
    )
