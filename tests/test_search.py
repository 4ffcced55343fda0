"""Search as a person uses it: what they type finds the jobs they mean, in the right order."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.jobs.queries import JobQuery, find_jobs
from kiosk.models import Job, JobStatus, local_today, utcnow


def listed_jobs():
    """Jobs a seeker can find today: open and before their "open until" date."""
    return select(Job).where(Job.status == JobStatus.open, Job.expires_on >= local_today())


def titles(text: str = "", **args: str) -> list[str]:
    page = find_jobs(JobQuery.from_args({"q": text, **args}), page_size=500)
    return [job.title_zh for job in page.jobs]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("焊", "焊"),
        ("司机", "司机"),
        ("叉车司机", "叉车司机"),
        ("siji", "司机"),
        ("sj", "司机"),
        ("SiJi", "司机"),  # capitals, as a phone keyboard may send them
        ("ｓｉｊｉ", "司机"),  # full-width letters from a Chinese input method
        ("chache", "叉车"),
    ],
)
def test_chinese_and_pinyin_find_titles(app, typed, meant):
    found = titles(typed)
    assert found, f"{typed!r} found nothing"
    # Title matches come first, so the first results all carry what was meant.
    assert meant in found[0]


def test_title_matches_rank_before_description_matches(app):
    jobs = find_jobs(JobQuery.from_args({"q": "司机"}), page_size=500).jobs
    in_title = ["司机" in job.title_zh for job in jobs]
    assert in_title[0] is True
    # Once results stop matching in the title they never match in the title again.
    assert in_title == sorted(in_title, reverse=True)


def test_newest_first_within_title_matches(app):
    jobs = find_jobs(JobQuery.from_args({"q": "司机"}), page_size=500).jobs
    published = [job.published_at for job in jobs if "司机" in job.title_zh]
    assert published == sorted(published, reverse=True)


@pytest.mark.parametrize(("written", "typed"), [("ᠣ", "ᠤ"), ("ᠤ", "ᠣ"), ("ᠥ", "ᠦ"), ("ᠦ", "ᠥ")])
def test_mongolian_look_alike_letters_are_folded(app, written, typed):
    job = db.session.scalars(listed_jobs().where(Job.title_mn.contains(written))).first()
    args = {"category": job.category_code, "region": job.region_code}
    query = JobQuery.from_args({"q": job.title_mn.replace(written, typed), **args})
    assert job.id in {j.id for j in find_jobs(query, 500).jobs}


def test_half_typed_mongolian_word_already_finds(app):
    job = db.session.scalars(listed_jobs()).first()
    word = job.title_mn.split()[0]
    page = find_jobs(JobQuery.from_args({"q": word[:3]}), 20)
    assert page.total > 0


def test_filters_combine_with_search(app):
    everything = find_jobs(JobQuery.from_args({"q": "sj"}), 500)
    full_time = find_jobs(JobQuery.from_args({"q": "sj", "type": "full_time"}), 500)
    assert 0 < full_time.total < everything.total
    assert all(job.employment_type == "full_time" for job in full_time.jobs)


def test_region_filter_on_prefecture_includes_its_counties(app):
    page = find_jobs(JobQuery.from_args({"region": "150100"}), 500)
    assert page.total > 0
    assert all(job.region.parent_code == "150100" for job in page.jobs)


def test_category_and_county_browse(app):
    job = db.session.scalars(listed_jobs()).first()
    args = {"category": job.category_code, "region": job.region_code}
    page = find_jobs(JobQuery.from_args(args), 500)
    assert job.id in {j.id for j in page.jobs}
    assert {j.category_code for j in page.jobs} == {job.category_code}


def test_pay_filter_keeps_jobs_paying_at_least_that_a_month(app):
    page = find_jobs(JobQuery.from_args({"pay": "8000", "type": "full_time"}), 500)
    assert page.total > 0
    for job in page.jobs:
        factor = {"month": 1, "day": 22, "hour": 176}[job.pay_unit]
        assert job.pay_max * factor >= 8000


def test_posted_within_days(app):
    page = find_jobs(JobQuery.from_args({"days": "7"}), 500)
    cutoff = utcnow() - timedelta(days=7)
    assert page.total > 0
    assert all(job.published_at >= cutoff for job in page.jobs)
    assert page.total < find_jobs(JobQuery.from_args({}), 20).total


def test_pages_follow_on_without_repeats(app):
    first = find_jobs(JobQuery.from_args({"q": "工"}), 20)
    second = find_jobs(JobQuery.from_args({"q": "工", "page": "2"}), 20)
    assert first.total > 40
    assert not {j.id for j in first.jobs} & {j.id for j in second.jobs}


def test_closed_and_edited_jobs_leave_and_update_the_index(app):
    job = db.session.scalars(listed_jobs().where(Job.title_zh.contains("焊"))).first()
    job.title_zh = "挤奶工"
    db.session.commit()
    # Its description may still mention welding, but it no longer ranks as a title match.
    welding = find_jobs(JobQuery.from_args({"q": "焊"}), 500).jobs
    title_matches = [j for j in welding if "焊" in j.title_zh]
    assert job not in welding[: len(title_matches)]
    assert job.id in {j.id for j in find_jobs(JobQuery.from_args({"q": "jng"}), 500).jobs}
    job.status = JobStatus.closed
    db.session.commit()
    assert job.id not in {j.id for j in find_jobs(JobQuery.from_args({"q": "挤奶工"}), 500).jobs}


def test_deleted_job_leaves_the_index(app):
    job = db.session.scalars(listed_jobs().where(Job.title_zh.contains("叉车"))).first()
    before = find_jobs(JobQuery.from_args({"q": "叉车"}), 20).total
    db.session.delete(job)
    db.session.commit()
    assert find_jobs(JobQuery.from_args({"q": "叉车"}), 20).total == before - 1


@pytest.mark.parametrize("typed", ['"', "*", "AND OR NOT", "{title}:x", "^", "(((", "NEAR(a b)"])
def test_query_syntax_characters_are_just_text(app, typed):
    # FTS5 operators typed by a person must never reach the index as syntax.
    find_jobs(JobQuery.from_args({"q": typed}), 20)


def test_counting_stops_at_the_cap_and_says_there_are_more(app, client, monkeypatch):
    from kiosk.jobs import search

    monkeypatch.setattr(search, "COUNT_CAP", 10)
    page = find_jobs(JobQuery.from_args({"q": "工"}), 20)
    assert page.total == 10 and page.capped
    assert len(page.jobs) == 20  # the page is still full: only counting stops
    html = client.get("/jobs?q=%E5%B7%A5&type=full_time").get_data(as_text=True)
    assert "超过 10 个岗位" in html


def test_a_single_character_matches_titles_not_every_description(app):
    # 作 is in nearly every description (工作); a seeker typing it means a title with it.
    found = titles("作")
    assert found and all("作" in title for title in found)


def test_words_may_match_partly_in_the_title_and_partly_elsewhere(app):
    # "司机 <county>": the title says driver, the county is only in the job's place.
    job = db.session.scalars(listed_jobs().where(Job.title_zh.contains("司机"))).first()
    county = job.region.name_zh[:2]
    found = find_jobs(JobQuery.from_args({"q": f"司机 {county}"}), 500).jobs
    assert job in found
    assert all("司机" in j.title_zh for j in found)


def test_a_mongolian_suffix_typed_attached_still_finds(app):
    job = db.session.scalars(listed_jobs().where(Job.title_mn.contains("\u202f"))).first()
    attached = job.title_mn.replace("\u202f", "")  # as typed without the narrow space
    args = {"category": job.category_code, "region": job.region_code}
    assert job in find_jobs(JobQuery.from_args({"q": attached, **args}), 500).jobs
    assert job in find_jobs(JobQuery.from_args({"q": job.title_mn, **args}), 500).jobs


def test_a_job_leaves_the_index_once_its_last_day_has_gone_by(app):
    from sqlalchemy import text

    from kiosk.jobs.search import drop_expired

    job = db.session.scalars(listed_jobs().where(Job.title_zh.contains("叉车"))).first()
    job.expires_on = local_today()  # open until today: still found today
    db.session.commit()
    connection = db.session.connection()

    def indexed() -> int:
        found = text("SELECT count(*) FROM job_search WHERE rowid = :key")
        return connection.scalar(found, {"key": job.search_key})

    assert indexed() == 1 and drop_expired(connection, local_today()) == 0 and indexed() == 1
    tomorrow = local_today() + timedelta(days=1)
    assert drop_expired(connection, tomorrow) >= 1 and indexed() == 0
    # Each day's work is done once (this runs with every write to the index).
    assert drop_expired(connection, tomorrow) == 0
