"""The kiosk's pages over HTTP: what a tap, a filter, an htmx swap or bad input gets."""

import re

import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.jobs import search
from kiosk.models import Job, local_today
from kiosk.models.base import table_of

MONGOLIAN = re.compile("[\u1820-\u18aa]")


def first_job() -> Job:
    return db.session.scalars(
        select(Job).where(Job.expires_on >= local_today()).order_by(Job.search_key.desc())
    ).first()


def test_home_shows_category_tiles_in_chinese_by_default(client):
    html = client.get("/").get_data(as_text=True)
    assert 'lang="zh-Hans"' in html
    assert "找工作" in html
    for name in ("司机", "餐饮", "农牧业"):
        assert name in html


def test_language_switch_keeps_the_page_and_the_choice(client):
    response = client.get("/lang/mn_Mong_CN?next=/jobs?category=driver")
    assert response.status_code == 302
    assert response.headers["Location"] == "/jobs?category=driver"
    html = client.get("/").get_data(as_text=True)
    assert 'lang="mn-Mong"' in html and 'class="vertical"' in html
    assert "找工作" not in html
    assert MONGOLIAN.search(html)


def test_language_switch_never_redirects_off_site(client):
    attempts = ["//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example"]
    attempts += ["/\n/evil.example", "/\r/evil.example", "http:/evil.example", "/" + "a" * 600]
    for target in attempts:
        response = client.get("/lang/zh_Hans_CN", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_language_switch_returns_to_the_page_it_was_tapped_on(client):
    # After htmx pushed a filtered address, the Referer is that address.
    response = client.get(
        "/lang/mn_Mong_CN", headers={"Referer": "http://localhost/jobs?q=sj&type=gig"}
    )
    assert response.headers["Location"] == "/jobs?q=sj&type=gig"
    other_site = client.get("/lang/zh_Hans_CN", headers={"Referer": "http://evil.example/x"})
    assert other_site.headers["Location"] == "/"


def test_unknown_locale_is_a_404_page_in_the_current_language(mongolian):
    response = mongolian.get("/lang/xx_YY")
    assert response.status_code == 404
    assert MONGOLIAN.search(response.get_data(as_text=True))


def test_browse_category_then_prefecture_then_county(client):
    areas = client.get("/areas?category=driver").get_data(as_text=True)
    assert "呼和浩特市" in areas and "锡林郭勒盟" in areas
    counties = client.get("/areas?category=driver&region=150100").get_data(as_text=True)
    assert "土默特左旗" in counties and "锡林郭勒盟" not in counties
    listing = client.get("/jobs?category=driver&region=150121")
    assert listing.status_code == 200
    assert "土默特左旗" in listing.get_data(as_text=True)


def test_job_list_page_and_htmx_fragment(client):
    page = client.get("/jobs?q=siji")
    assert page.status_code == 200
    assert "<html" in page.get_data(as_text=True)
    assert "HX-Request" in page.headers["Vary"]
    fragment = client.get("/jobs?q=siji", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "司机" in body
    assert "HX-Request" in fragment.headers["Vary"]


def test_job_detail_with_employer_pay_station_and_phone_qr(client):
    job = first_job()
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert job.title_zh in html
    assert job.employer.name_zh in html
    assert str(job.pay_min) in html
    assert job.station.name_zh in html
    assert "<svg" in html  # the QR code that opens the same job on a phone


def test_job_detail_in_mongolian_uses_mongolian_fields_and_dates(mongolian):
    job = first_job()
    html = mongolian.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert job.title_mn in html
    # The project's own date formatter, the year upright in the column (kiosk/web/upright.py).
    assert f'<span class="tcy">{job.published_at.year}</span> ᠣᠨ' in html
    assert not re.search(r"\d{4} M\d", html)  # what CLDR would have printed ("2026 M11 22")


def test_qr_opens_the_phone_page_at_the_public_address(app, client):
    app.config["PUBLIC_URL"] = "http://192.0.2.10:8000"
    job = first_job()
    # The QR code's content is not in the page as text; decode what it was made from.
    from kiosk.jobs.views import _phone_url

    with app.test_request_context():
        assert _phone_url(str(job.id)) == f"http://192.0.2.10:8000/jobs/{job.id}?from=qr"


def test_phone_opened_from_qr_is_remembered_and_never_idle_reset(client):
    job = first_job()
    response = client.get(f"/jobs/{job.id}?from=qr")
    assert "device=phone" in response.headers["Set-Cookie"]
    assert "kiosk.js" not in response.get_data(as_text=True)
    assert "kiosk.js" not in client.get("/").get_data(as_text=True)


def test_kiosk_forgets_the_person_after_the_idle_time(app, client, monkeypatch):
    import kiosk.web.idle as home_views

    clock = [1_000_000.0]
    monkeypatch.setattr(home_views, "time", lambda: clock[0])
    client.get("/lang/mn_Mong_CN")
    clock[0] += app.config["IDLE_TIMEOUT_SECONDS"] - 1
    assert 'lang="mn-Mong"' in client.get("/").get_data(as_text=True)
    clock[0] += app.config["IDLE_TIMEOUT_SECONDS"] + 1
    assert 'lang="zh-Hans"' in client.get("/").get_data(as_text=True)


def test_reset_clears_the_session(client):
    client.get("/lang/mn_Mong_CN")
    assert client.get("/reset").headers["Location"] == "/"
    assert 'lang="zh-Hans"' in client.get("/").get_data(as_text=True)


def test_healthz_reports_role_database_and_jobs(client):
    body = client.get("/healthz").get_json()
    assert body["ok"] is True and body["database"] is True
    assert body["role"] == "station"
    assert body["jobs"] > 0


@pytest.mark.parametrize(
    "url",
    [
        "/jobs?category=astronaut",
        "/jobs?region=999999",
        "/jobs?type=forever",
        "/jobs?pay=1",
        "/jobs?days=2",
        "/jobs?page=0",
        "/jobs?page=x",
        "/jobs?page=9999",
        "/jobs?page=²",
        "/jobs?pay=²",
        "/jobs?days=³",
        "/search?page=²",
        "/jobs?page=99999999999999999999",
        "/jobs/not-a-uuid",
        "/jobs/00000000-0000-7000-8000-000000000000",
        "/areas?category=astronaut",
        "/areas?region=150121",
        "/nowhere",
    ],
)
def test_unknown_things_get_a_404_page_in_the_language(mongolian, url):
    response = mongolian.get(url)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert MONGOLIAN.search(html)
    assert 'href="/"' in html  # a way home


def test_a_huge_query_gets_a_clear_message_not_a_search(client):
    response = client.get("/jobs", query_string={"q": "司" * 10_000})
    assert response.status_code == 200
    assert "搜索内容太长了" in response.get_data(as_text=True)


def test_markup_in_the_query_is_never_reflected(client):
    attack = '<script>alert(1)</script><img src=x onerror=alert(2)>"'
    for url in ("/jobs", "/search"):
        html = client.get(url, query_string={"q": attack}).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html


def test_keypad_without_javascript_types_into_the_search(client):
    html = client.get("/search", query_string={"q": "si", "key": "j"}).get_data(as_text=True)
    assert 'value="sij"' in html
    assert "司机" in html
    html = client.get("/search", query_string={"q": "sij", "key": "back"}).get_data(as_text=True)
    assert 'value="si"' in html
    html = client.get("/search", query_string={"q": "sij", "key": "clear"}).get_data(as_text=True)
    assert 'value=""' in html


def test_search_fragment_for_htmx_typing(client):
    response = client.get("/search?q=hangong", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert "<html" not in body and "焊" in body


def test_pages_with_errors_never_show_a_traceback(app, client, monkeypatch):
    from kiosk.jobs import queries

    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(queries, "find_jobs", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/jobs?q=never-cached")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "database on fire" not in html and "Traceback" not in html
    assert "系统出了点问题" in html


def test_a_job_past_its_open_until_date_leaves_the_lists(app, client):
    from datetime import timedelta

    job = first_job()
    title_query = {"q": job.title_zh, "region": job.region_code}
    assert str(job.id) in client.get("/jobs", query_string=title_query).get_data(as_text=True)
    job.expires_on = local_today() - timedelta(days=1)
    db.session.commit()
    assert str(job.id) not in client.get("/jobs", query_string=title_query).get_data(as_text=True)
    detail = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "此岗位已停止招聘" in detail


def test_expired_jobs_are_not_found_and_leave_the_index_at_the_daily_run(app, client, runner):
    from datetime import timedelta

    from sqlalchemy import text, update

    def indexed() -> int:
        return db.session.scalar(text("SELECT count(*) FROM job_search"))

    def listed() -> int:
        return int(re.search(r"共 (\d+) 个岗位", client.get("/jobs").get_data(as_text=True))[1])

    total, before = listed(), indexed()
    # A day passes: these jobs' last day was yesterday (written behind the ORM, as a sync would).
    yesterday = local_today() - timedelta(days=1)
    expired = db.session.scalar(
        text(
            "SELECT count(*) FROM job JOIN job_search ON job_search.rowid = search_key "
            "WHERE headcount = 1"
        )
    )
    # (A Core statement, as a sync writes: an ORM bulk UPDATE of a job a station could own
    # would be refused by the sync capture's guard.)
    db.session.connection().execute(
        update(table_of(Job)).where(Job.headcount == 1).values(expires_on=yesterday)
    )
    db.session.commit()
    search.LocalBumps.count += 1  # the list cache is keyed by the day, which cannot pass here
    assert expired > 0 and listed() == total - expired
    assert indexed() == before  # the page only read

    result = runner.invoke(args=["jobs", "drop-expired"])
    assert result.exit_code == 0 and f"{expired} expired jobs" in result.output
    assert indexed() == before - expired


def test_a_too_long_search_on_the_keypad_page_says_so(client):
    html = client.get("/search", query_string={"q": "s" * 41}).get_data(as_text=True)
    assert "搜索内容太长了" in html


def test_search_pages_follow_on(client):
    first = client.get("/search?q=g").get_data(as_text=True)
    assert 'href="/search?q=g&amp;page=2"' in first
    second = client.get("/search?q=g&page=2", headers={"HX-Request": "true"})
    assert second.status_code == 200 and "<html" not in second.get_data(as_text=True)
    assert "第 2 页" in second.get_data(as_text=True)


def test_htmx_history_restore_gets_the_whole_page(client):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = client.get("/jobs?q=siji", headers=headers).get_data(as_text=True)
    assert "<html" in html and "bar-lang" in html
