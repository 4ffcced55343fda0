"""A licence photo in Chromium, in both languages: the employer chooses a phone camera's photo
on the posting form, the page shrinks it before it is sent, and the counselor sees it beside the
post under review, then writes the Mongolian the employer left out."""

from datetime import timedelta

import pytest
from layout import assert_tidy
from test_gig_licence import camera_photo
from test_gigs_in_chromium import open_posting_form
from test_job_admin import credit_code

from kiosk.models import local_today

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_licence_photo_goes_small_and_the_reviewer_sees_it(
    browser, served, phone, counselor, shoot, locale
):
    vertical = locale.startswith("mn")
    desk = open_posting_form(browser, served, phone, counselor, locale, shoot)
    photo = camera_photo(4000, 3000)
    phone.set_input_files("#licence", files=[{"name": "IMG_0412.jpg", "mimeType": "image/jpeg",
                                              "buffer": photo}])  # fmt: skip
    phone.wait_for_function("() => !document.querySelector('#licence').dataset.shrinking")
    sent = phone.evaluate("() => document.querySelector('#licence').files[0].size")
    assert sent < len(photo) / 3, (sent, len(photo))  # shrunk on the phone before it goes
    # The page's own button and answer, in the page's language (not the browser's "Choose File").
    said = phone.locator(".photo-chosen").inner_text()
    assert ("已选择照片" in said) != vertical and said
    phone.locator(".photo-button").scroll_into_view_if_needed()
    shoot(phone, f"gigs-licence-chosen-{locale}")
    assert_tidy(phone, vertical=vertical)

    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    for field, value in {"credit_code": credit_code(6), "employer_name": "新城区乌兰搬家队",
                         "contact_name": "乌兰", "contact_mobile": "13947154321",
                         "title_zh": "搬家帮工", "headcount": "2", "duties_zh": "搬运家具",
                         "requirements_zh": "男女不限", "address_zh": "新城区海东路12号",
                         "pay": "260"}.items():  # fmt: skip
        phone.fill(f"#{field}", value)
    phone.select_option("#category", "moving")
    phone.select_option("#region", "150105")
    for field in ("start_date", "end_date", "valid_until"):
        phone.fill(f"#{field}", tomorrow)
    phone.locator("form.gig-form button[type=submit]").click()
    phone.wait_for_url("**/post/r/*")
    assert "已随信息提交" in phone.content() or vertical

    desk.goto("/staff/gigs/")
    desk.locator(".gig-row a", has_text="搬家帮工").first.click()
    image = desk.locator("figure.licence-photo img")
    desk.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                           arg=image.element_handle())  # fmt: skip
    natural = desk.evaluate("(img) => [img.naturalWidth, img.naturalHeight]",
                            image.element_handle())  # fmt: skip
    assert natural == [1200, 1600]  # upright, and no larger than a reviewer needs
    image.scroll_into_view_if_needed()
    shoot(desk, f"gigs-licence-review-{locale}")
    assert_tidy(desk, vertical=vertical)

    # The employer wrote no Mongolian: the station writes it before approving.
    desk.fill("#title_mn", "ᠭᠡᠷ ᠨᠡᠬᠦᠴᠡᠬᠦ ᠳᠤ ᠲᠤᠰᠠᠯᠠᠬᠤ")
    desk.locator(".gig-mongolian button[type=submit]").click()
    desk.locator("p.print-status", has_text="蒙古文已保存" if not vertical else "ᠮᠣᠩᠭᠣᠯ").wait_for()
    assert desk.locator("#title_mn").input_value() == "ᠭᠡᠷ ᠨᠡᠬᠦᠴᠡᠬᠦ ᠳᠤ ᠲᠤᠰᠠᠯᠠᠬᠤ"
    desk.locator(".gig-mongolian").scroll_into_view_if_needed()
    shoot(desk, f"gigs-review-mongolian-{locale}")
    assert_tidy(desk, vertical=vertical)
    desk.context.close()
