"""The manager's jobs in real Chromium at a desk: create a job, import a file with a few bad
rows (progress, preview, consent), see the jobs; in both languages."""

import csv
import io
from datetime import timedelta

import pytest
from desk import DESK, sign_in
from layout import assert_tidy, assert_vertical_mongolian_in_webfont
from stdnum.cn import uscc

from kiosk.job_admin.importing import COLUMNS, header_row
from kiosk.models import local_today

pytestmark = pytest.mark.browser


def credit_code(n: int) -> str:
    body = f"91150105MA0JKB00{n}"
    return body + uscc.calc_check_digit(body + "0")


def jobs_file() -> bytes:
    """Twelve rows, three of them bad, as Excel on Chinese Windows saves a CSV (GB18030)."""
    until = (local_today() + timedelta(days=40)).isoformat()
    titles = "草原管护员 牧民合作社会计 奶食品加工工 蒙餐厨师 羊绒分拣工 风电运维工 乡村快递员 " \
        "民宿服务员 那达慕场地工 马术教练 驼奶收购员 兽医助理"  # fmt: skip
    titles = titles.split()
    rows = []
    for n, title in enumerate(titles):
        values = {
            "title_zh": title, "category": "农牧业", "region": "150105",
            "employer_code": credit_code(n % 3), "employer_name": f"赛罕区第{n % 3 + 1}合作社",
            "pay_min": "3500", "pay_max": "5200", "pay_unit": "月", "employment_type": "全职",
            "headcount": "2", "expires_on": until, "description_zh": f"{title}，包食宿",
        }  # fmt: skip
        if n == 3:
            values["pay_max"] = "100"
        if n == 6:
            values["expires_on"] = "下个月"
        if n == 9:
            values["title_zh"] = "马" * 70
        rows.append([values.get(c.key, "") for c in COLUMNS])
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header_row(), *rows])
    return buffer.getvalue().encode("gb18030")


@pytest.mark.settings(JOB_IMPORT_CHUNK_ROWS="2")
@pytest.mark.parametrize("locale", ["zh_Hans_CN", "mn_Mong_CN"])
def test_a_manager_creates_and_imports_jobs(browser, served, manager, shoot, locale):
    lang = locale[:2]
    vertical = lang == "mn"
    desk = browser.new_page(viewport=DESK, base_url=served)
    sign_in(desk, manager, locale, "/staff/jobs/")
    shoot(desk, f"jobs-admin-{lang}-1-list")
    assert_tidy(desk, vertical=vertical)
    if vertical:
        assert_vertical_mongolian_in_webfont(desk, "h1")

    desk.locator("a[href='/staff/jobs/new']").first.click()
    desk.wait_for_url("**/staff/jobs/new")
    desk.fill("#title_zh", "<b>骆驼饲养员</b>")
    desk.fill("#title_mn", "ᠲᠡᠮᠡᠭᠡ ᠠᠰᠠᠷᠠᠭᠴᠢ")
    desk.select_option("#category", "farming")
    desk.select_option("#region", "150105")
    desk.select_option("#employment_type", "full_time")
    desk.fill("#headcount", "3")
    desk.fill("#expires_on", (local_today() + timedelta(days=30)).isoformat())
    desk.fill("#pay_min", "4000")
    desk.fill("#pay_max", "3000")  # wrong: below the lowest
    desk.select_option("#pay_unit", "month")
    desk.fill("#employer_code", credit_code(7))
    desk.fill("#employer_name", "赛罕区驼队")
    desk.locator(".job-form button.submit").click()
    desk.wait_for_selector("#pay_max-problem")
    shoot(desk, f"jobs-admin-{lang}-2-form-problem")
    assert_tidy(desk, vertical=vertical)
    desk.fill("#pay_max", "5000")
    desk.locator(".job-form button.submit").click()
    desk.wait_for_selector(".admin-jobs")
    assert desk.url.endswith("/staff/jobs/"), desk.locator("main").inner_text()[:500]
    title = "ᠲᠡᠮᠡᠭᠡ ᠠᠰᠠᠷᠠᠭᠴᠢ" if vertical else "<b>骆驼饲养员</b>"  # markup shows as text
    assert desk.locator(".admin-title a").first.inner_text() == title

    desk.goto("/staff/jobs/import")
    desk.set_input_files("#file", files=[{"name": "岗位.csv", "mimeType": "text/csv",
                                          "buffer": jobs_file()}])  # fmt: skip
    desk.locator(".upload button").click()
    desk.wait_for_selector("progress.import-bar")
    shoot(desk, f"jobs-admin-{lang}-3-checking")
    desk.wait_for_selector(".import-counts", timeout=20_000)
    assert desk.locator(".import-counts .good dd").inner_text() == "9"
    assert desk.locator(".import-problems li").count() == 3
    desk.locator(".import-run button").scroll_into_view_if_needed()
    shoot(desk, f"jobs-admin-{lang}-4-preview")
    assert_tidy(desk, vertical=vertical)

    desk.locator(".import-run button").click()  # without consent: nothing happens
    desk.wait_for_selector(".import-progress .notice")
    desk.locator(".import-run input[name=skip_bad]").check()
    desk.locator(".import-run button").click()
    desk.wait_for_selector(".import-progress .print-status")
    assert "9" in desk.locator(".import-progress .print-status").inner_text()
    desk.locator(".import-progress a.button").click()
    desk.wait_for_url("**/staff/jobs/")
    assert desk.locator(".admin-title a", has_text="草原管护员").count() == 1
    assert_tidy(desk, vertical=vertical)
    # Scrolled to the jobs (the sticky bar then covers what went by, so checked before).
    desk.locator(".admin-jobs tbody tr").first.scroll_into_view_if_needed()
    shoot(desk, f"jobs-admin-{lang}-5-imported")
    desk.close()
