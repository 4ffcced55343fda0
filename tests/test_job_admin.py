"""The station manager's jobs: the list, the form, closing, importing files, exporting."""

import csv
import io
import re
import zipfile
from datetime import timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from stdnum.cn import uscc
from test_staff import csrf, get, sign_in, signed_in, staff_member
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from kiosk.extensions import db
from kiosk.job_admin import importing
from kiosk.models import AuditEntry, Employer, ImportStatus, Job, JobImport, StaffRole, local_today

NEW_CODE_BASE = "91150105MA0JKA01"  # 16 characters; the 17th varies per test employer


def credit_code(n: int = 1) -> str:
    body = NEW_CODE_BASE + str(n)
    return body + uscc.calc_check_digit(body + "0")


def in_a_month() -> str:
    return (local_today() + timedelta(days=30)).isoformat()


def job_fields(**changes) -> dict:
    fields = {
        "title_zh": "驼奶收购员",
        "title_mn": "ᠲᠡᠮᠡᠭᠡᠨ ᠦ ᠰᠦᠦ",
        "category": "farming",
        "region": "150105",
        "employment_type": "full_time",
        "headcount": "2",
        "expires_on": in_a_month(),
        "pay_min": "4000",
        "pay_max": "5500",
        "pay_unit": "month",
        "employer": "new",
        "employer_code": credit_code(),
        "employer_name": "赛罕区驼奶合作社",
        "description_zh": "收购和检验驼奶",
    }
    return {**fields, **changes}


def post(client, page_url: str, url: str, data: dict | None = None, **options):
    """Open the page (for its form token), then post to `url`, in one request context each."""
    with client.application.app_context():
        page = client.get(page_url).get_data(as_text=True)
    with client.application.app_context():
        answer = client.post(url, data={"csrf_token": csrf(page), **(data or {})}, **options)
    return answer


@pytest.fixture
def manager(app):
    return signed_in(app, "li", StaffRole.manager)


def count_jobs(**where) -> int:
    query = select(func.count()).select_from(Job).filter_by(**where)
    return db.session.scalar(query)


def kiosk_finds(app, words: str) -> bool:
    with app.app_context():
        page = app.test_client().get(f"/jobs?q={words}").get_data(as_text=True)
    return "job-card" in page and words in page


def actions() -> list[str]:
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.at))]


def test_only_a_manager_reaches_the_jobs(app):
    client = app.test_client()
    for url in ("/staff/jobs/", "/staff/jobs/new", "/staff/jobs/import", "/staff/jobs/export.csv"):
        answer = get(client, url)
        assert answer.status_code == 302 and "/staff/login" in answer.headers["Location"]
    staff_member("wang")
    sign_in(client, "wang")
    for url in ("/staff/jobs/", "/staff/jobs/new", "/staff/jobs/import", "/staff/jobs/export.csv"):
        assert get(client, url).status_code == 403


def test_the_list_shows_the_stations_jobs_newest_first_with_filters(manager):
    page = get(manager, "/staff/jobs/").get_data(as_text=True)
    assert "本站岗位" in page and "岗位数：" in page
    titles = re.findall(r'class="admin-title"><a [^>]+>([^<]+)</a>', page)
    assert 0 < len(titles) <= 25
    shown = db.session.scalars(
        select(Job).where(Job.title_zh == titles[0]).order_by(Job.published_at.desc())
    ).first()
    assert shown is not None
    closed = get(manager, "/staff/jobs/?status=closed").get_data(as_text=True)
    assert "没有符合条件的岗位" in closed
    searched = get(manager, f"/staff/jobs/?status=all&q={titles[0][:2]}").get_data(as_text=True)
    assert titles[0] in searched


def test_a_new_job_is_published_and_found_at_the_kiosk(manager, app):
    before = count_jobs()
    done = post(manager, "/staff/jobs/new", "/staff/jobs/new", job_fields())
    assert done.status_code == 303
    # Said once, in the one place flashed messages are drawn.
    assert get(manager, "/staff/jobs/").get_data(as_text=True).count("岗位已发布") == 1
    assert count_jobs() == before + 1
    job = db.session.scalars(select(Job).where(Job.title_zh == "驼奶收购员")).one()
    assert job.employer.credit_code == credit_code() and job.origin == "DEMO"
    assert kiosk_finds(app, "驼奶")
    assert actions()[-1] == "job_create"
    again = post(manager, "/staff/jobs/new", "/staff/jobs/new", job_fields())
    assert again.status_code == 422 and "同一岗位" in again.get_data(as_text=True)
    assert count_jobs() == before + 1


def test_every_wrong_field_says_what_is_wrong_and_nothing_is_saved(manager):
    before = count_jobs()
    wrong = job_fields(
        title_zh="焊" * 61,
        title_mn="\ue234\ue235",  # a Menksoft-era code point
        pay_min="6000",
        pay_max="5000",
        expires_on=(local_today() - timedelta(days=1)).isoformat(),
        employer_code="91150105MA0JOB0199",
        category="",
        headcount="0",
    )
    answer = post(manager, "/staff/jobs/new", "/staff/jobs/new", wrong)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    messages = ("最多 60 个字", "旧式蒙古文输入法", "最高工资不能低于最低工资", "这个日期已经过去",
                "不是有效的统一社会信用代码", "此项必填", "1 到 9999 人")  # fmt: skip
    for message in messages:
        assert message in page, message
    assert 'id="pay_max-problem"' in page and 'aria-invalid="true"' in page
    assert count_jobs() == before

    unknown = post(manager, "/staff/jobs/new", "/staff/jobs/new", job_fields(employer_name=""))
    assert "这个用人单位是新的" in unknown.get_data(as_text=True)
    manager.get("/lang/mn_Mong_CN")
    mongolian = post(manager, "/staff/jobs/new", "/staff/jobs/new", job_fields(pay_max="1"))
    assert mongolian.status_code == 422 and "ᠴᠠᠯᠢᠩ" in mongolian.get_data(as_text=True)
    assert count_jobs() == before


def test_markup_in_a_title_shows_as_text(manager):
    post(manager, "/staff/jobs/new", "/staff/jobs/new", job_fields(title_zh="<b>焊工</b>"))
    page = get(manager, "/staff/jobs/?q=焊工").get_data(as_text=True)
    assert "&lt;b&gt;焊工&lt;/b&gt;" in page and "<b>焊工" not in page


def test_an_edit_on_a_stale_form_overwrites_nothing(manager, app):
    post(manager, "/staff/jobs/new", "/staff/jobs/new", job_fields())
    job = db.session.scalars(select(Job).where(Job.title_zh == "驼奶收购员")).one()
    url = f"/staff/jobs/{job.id}/edit"
    with app.app_context():
        stale_page = manager.get(url).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', stale_page)[1]
    first = post(manager, url, url, {**job_fields(title_zh="驼奶检验员"), "version": version})
    assert first.status_code == 303 and actions()[-1] == "job_edit"
    assert kiosk_finds(app, "检验员") and not kiosk_finds(app, "收购员")

    with app.app_context():
        late = manager.post(url, data={"csrf_token": csrf(stale_page), "version": version,
                                       **job_fields(title_zh="骆驼饲养员")})  # fmt: skip
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and "有人修改了这个岗位" in page and "驼奶检验员" in page
    db.session.expire_all()
    assert db.session.get(Job, job.id).title_zh == "驼奶检验员"


def test_closing_takes_a_job_out_of_the_kiosk_and_reopening_brings_it_back(manager, app):
    post(manager, "/staff/jobs/new", "/staff/jobs/new", job_fields())
    job = db.session.scalars(select(Job).where(Job.title_zh == "驼奶收购员")).one()
    closed = post(manager, "/staff/jobs/", f"/staff/jobs/{job.id}/close")
    assert closed.status_code == 303 and not kiosk_finds(app, "驼奶")
    assert "驼奶收购员" in get(manager, "/staff/jobs/?status=closed").get_data(as_text=True)
    post(manager, "/staff/jobs/", f"/staff/jobs/{job.id}/reopen")
    assert kiosk_finds(app, "驼奶")
    assert actions()[-2:] == ["job_close", "job_reopen"]


# --- import ------------------------------------------------------------------------------

HEADER = importing.header_row()


def file_row(**changes) -> list[str]:
    values = {
        "title_zh": "驼奶收购员",
        "title_mn": "",
        "category": "农牧业",
        "region": "150105",
        "employer_code": credit_code(),
        "employer_name": "赛罕区驼奶合作社",
        "pay_min": "4000",
        "pay_max": "5500",
        "pay_unit": "月",
        "employment_type": "全职",
        "headcount": "1",
        "expires_on": in_a_month(),
        **changes,
    }
    return [values.get(c.key, "") for c in importing.COLUMNS]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    return buffer.getvalue().encode(encoding)


def a_few_bad_rows() -> list[list[str]]:
    return [
        file_row(title_zh="牧场机械维修工"),
        file_row(title_zh="草原防火巡护员", pay_max="100"),  # row 3: pay below the lowest
        file_row(title_zh="奶食品加工工", expires_on="明年"),  # row 4: not a date
        file_row(title_zh="羊绒分拣工", employer_code=credit_code(2), employer_name=""),  # row 5
        file_row(title_zh="牧场机械维修工"),  # row 6: the same job as row 2
        file_row(
            title_zh="蒙餐厨师",
            category="餐饮",
            employment_type="兼职",
            pay_unit="日",
            pay_min="200",
            pay_max="300",
        ),
    ]


def upload(client, content: bytes, name: str = "jobs.csv"):
    url = "/staff/jobs/import"
    with client.application.app_context():
        token = csrf(client.get(url).get_data(as_text=True))
    # Encoded here in memory: the test client would spool a large body to an unclosed file.
    fields = {"csrf_token": token, "file": FileStorage(io.BytesIO(content), name)}
    boundary, body = encode_multipart(fields)
    with client.application.app_context():
        return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def checked_import(client) -> tuple[JobImport, str]:
    """Poll the latest import until its rows are checked, as the page does."""
    job_import = db.session.scalars(select(JobImport).order_by(JobImport.created_at.desc())).first()
    url = f"/staff/jobs/imports/{job_import.id}"
    for _ in range(50):
        get(client, url, **{"HX-Request": "true"})
        db.session.expire_all()
        if db.session.get(JobImport, job_import.id).status != ImportStatus.checking:
            break
    return db.session.get(JobImport, job_import.id), get(client, url).get_data(as_text=True)


def test_an_import_with_bad_rows_needs_consent_and_imports_all_good_rows_once(manager, app):
    before = count_jobs()
    answer = upload(manager, csv_bytes(a_few_bad_rows(), "gb18030"))  # Excel on Chinese Windows
    assert answer.status_code == 303
    job_import, page = checked_import(manager)
    assert (job_import.total_rows, job_import.good_rows) == (6, 2)
    assert "坏行" in page and "牧场机械维修工" in page and "蒙餐厨师" in page
    for line in ("第 3 行，“最高工资”列：最高工资不能低于最低工资",
                 "第 4 行，“截止日期”列：请按 2026-12-31 的格式填写日期",
                 "第 5 行，“用人单位名称”列：这个用人单位是新的",
                 "第 6 行，“职位名称”列：与第 2 行是同一岗位"):  # fmt: skip
        assert line in page, line

    url = f"/staff/jobs/imports/{job_import.id}"
    refused = post(manager, url, f"{url}/run")
    assert refused.status_code == 409 and "没有导入任何岗位" in refused.get_data(as_text=True)
    assert count_jobs() == before

    done = post(manager, url, f"{url}/run", {"skip_bad": "yes"})
    assert done.status_code == 303
    assert "已导入岗位：2" in get(manager, url).get_data(as_text=True)
    assert count_jobs() == before + 2
    assert kiosk_finds(app, "牧场机械") and kiosk_finds(app, "蒙餐")
    replay = post(manager, "/staff/jobs/import", f"{url}/run", {"skip_bad": "yes"})
    assert replay.status_code == 409 and count_jobs() == before + 2
    assert actions()[-1] == "job_import"
    assert db.session.get(JobImport, job_import.id).content is None


def test_rows_are_checked_a_chunk_per_poll_with_a_progress_bar(manager, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)
    rows = [file_row(title_zh=f"护林员{n}号") for n in range(5)]
    upload(manager, csv_bytes(rows))
    job_import = db.session.scalars(select(JobImport)).one()
    url = f"/staff/jobs/imports/{job_import.id}"
    first = get(manager, url, **{"HX-Request": "true"}).get_data(as_text=True)
    assert '<section id="import-progress"' in first
    assert "<progress" in first and 'value="2"' in first and "已检查 2 / 5 行" in first
    assert "<html" not in first  # htmx gets only the fragment
    # htmx parses a fragment with scripting off: a refresh in it would reload the page under
    # the counselor a second later (the preview and its checkbox lost).
    assert "http-equiv" not in first
    without_js = get(manager, url).get_data(as_text=True)
    assert '<meta http-equiv="refresh"' in without_js and 'value="4"' in without_js
    job_import, _page = checked_import(manager)
    assert job_import.status == ImportStatus.checked and job_import.good_rows == 5


def test_an_exported_file_imports_again_only_as_duplicates(manager):
    post(manager, "/staff/jobs/new", "/staff/jobs/new", job_fields(title_zh="=cmd|' /C calc'!A0"))
    exported = get(manager, "/staff/jobs/export.xlsx?status=open&q=cmd")
    sheet = load_workbook(io.BytesIO(exported.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER and len(rows) == 2
    title = sheet["A2"]
    assert title.data_type == "s" and title.value == "'=cmd|' /C calc'!A0"

    as_csv = get(manager, "/staff/jobs/export.csv?status=open&q=cmd").data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(as_csv)))[1][0] == "'=cmd|' /C calc'!A0"
    assert actions()[-2:] == ["job_export", "job_export"]

    upload(manager, exported.data, "jobs.xlsx")
    job_import, page = checked_import(manager)
    assert job_import.good_rows == 0 and "已有同一岗位" in page
    assert "导入好行" not in page  # nothing to import: only "cancel"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(range(256)) * 40, "无法读取这个文件"),
        (b"PK\x03\x04" + b"\x00" * 200, "无法读取这个文件"),
        ("名字,年龄\n张三,30\n".encode(), "没有模板的表头"),
        (",".join(HEADER[:3]).encode() + b"\n", "缺少这些列：工作地区代码、统一社会信用代码"),
        (",".join(HEADER).encode() + b"\n", "文件里没有岗位"),
    ],
)
def test_a_broken_file_fails_with_a_clear_message_and_imports_nothing(manager, content, message):
    before = count_jobs()
    upload(manager, content)
    job_import, page = checked_import(manager)
    assert job_import.status == ImportStatus.failed and message in page
    assert "没有导入任何岗位" in page and count_jobs() == before


def xlsx_with_dimension(ref: str) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(file_row())
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+"', f'<dimension ref="{ref}"'.encode(), data)
            target.writestr(info, data)
    return out.getvalue()


def test_an_xlsx_declaring_a_huge_sheet_or_too_many_rows_is_refused(manager, monkeypatch):
    upload(manager, xlsx_with_dimension("A1:XFD1048576"), "bomb.xlsx")
    job_import, page = checked_import(manager)
    assert job_import.status == ImportStatus.failed and "文件太大" in page

    upload(manager, xlsx_with_dimension("A1:R2"), "fine.xlsx")
    job_import, _page = checked_import(manager)
    assert job_import.status == ImportStatus.checked and job_import.good_rows == 1

    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    upload(manager, csv_bytes([file_row(title_zh=f"护林员{n}号") for n in range(4)]))
    job_import, page = checked_import(manager)
    assert job_import.status == ImportStatus.failed and "超过 3 行" in page


def test_a_file_over_the_size_cap_gets_a_page_in_the_language(manager):
    too_big = b"x" * (importing.MAX_BYTES + 100_000)
    answer = upload(manager, too_big)
    assert answer.status_code == 413 and "文件超过 5 MB" in answer.get_data(as_text=True)
    manager.get("/lang/mn_Mong_CN")
    answer = upload(manager, too_big)
    assert answer.status_code == 413 and "5 MB" in answer.get_data(as_text=True)
    assert "ᠹᠠᠶᠢᠯ" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(JobImport)) == 0


def test_the_template_downloads_and_a_cancelled_import_imports_nothing(manager):
    template = get(manager, "/staff/jobs/import/template.xlsx")
    assert template.status_code == 200
    assert list(next(load_workbook(io.BytesIO(template.data)).active.values)) == HEADER
    as_csv = get(manager, "/staff/jobs/import/template.csv").data
    assert as_csv.decode("utf-8-sig").strip() == ",".join(HEADER)

    before = count_jobs()
    upload(manager, csv_bytes([file_row()]))
    job_import, _page = checked_import(manager)
    url = f"/staff/jobs/imports/{job_import.id}"
    assert post(manager, url, f"{url}/cancel").status_code == 303
    assert post(manager, url, f"{url}/run").status_code == 409
    assert count_jobs() == before
    assert db.session.scalar(select(func.count()).select_from(Employer).where(
        Employer.credit_code == credit_code())) == 0  # fmt: skip
