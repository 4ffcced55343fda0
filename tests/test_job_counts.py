"""Job counts on tiles and the ways out of an empty list: each number is what a person finds
when they tap it, counted here again independently from the job rows."""

import re
from collections import Counter
from datetime import UTC
from html import unescape

import pytest
from sqlalchemy import event, select
from test_registration_pages import post

from kiosk.demo import seed_demo
from kiosk.domain import reference
from kiosk.extensions import db
from kiosk.jobs import counts, search
from kiosk.jobs.queries import POSTED_WITHIN_DAYS, JobQuery, find_jobs, posted_since
from kiosk.models import Job, JobStatus, local_today

LEAGUE = "152500"  # 锡林郭勒盟


def open_jobs() -> list[Job]:
    today = local_today()
    return [job for job in db.session.scalars(select(Job)) if job.is_open(today)]


def independent(jobs: list[Job], **args: str) -> int:
    """How many of `jobs` a list with these parameters holds, by plain Python."""
    query = JobQuery.from_args(args)

    def fits(job: Job) -> bool:
        if query.category and job.category_code != query.category.code:
            return False
        if query.region and query.region.code not in (job.region_code, job.region.parent_code):
            return False
        if query.employment_type and job.employment_type != query.employment_type:
            return False
        monthly = search.monthly_equivalent(job)
        if query.pay_at_least and (monthly is None or monthly < query.pay_at_least):
            return False
        since = posted_since(query.posted_within) if query.posted_within else None
        published = job.published_at
        if published.tzinfo is None:  # stored in UTC
            published = published.replace(tzinfo=UTC)
        return since is None or published >= since

    return sum(1 for job in jobs if fits(job))


def tile_counts(html: str) -> dict[str, str]:
    """Each tile's address and the count it shows."""
    found = re.findall(
        r'<a class="tile[^"]*" href="([^"]+)">.*?<span class="tile-count">([^<]+)</span>',
        html,
        re.S,
    )
    return {unescape(href): count for href, count in found}


def shown_number(text: str) -> int:
    return 0 if text in ("暂无岗位", "No jobs") else int(re.search(r"\d+", text)[0])


def test_category_tiles_count_the_open_jobs_of_each_kind(app, client):
    jobs = open_jobs()
    tiles = tile_counts(client.get("/").get_data(as_text=True))
    by_kind = Counter(job.category_code for job in jobs)
    for category in reference.categories():
        assert shown_number(tiles[f"/areas?category={category.code}"]) == by_kind[category.code]
    assert shown_number(tiles["/jobs"]) == len(jobs)


@pytest.mark.parametrize("category", ["driver", "farming", None])
def test_area_tiles_count_what_their_lists_hold(app, client, category):
    jobs = open_jobs()
    base = {"category": category} if category else {}
    tiles = tile_counts(client.get("/areas", query_string=base).get_data(as_text=True))
    for prefecture in reference.prefectures():
        href = "/areas?" + "&".join(
            f"{k}={v}" for k, v in {**base, "region": prefecture.code}.items()
        )
        assert shown_number(tiles[href]) == independent(jobs, **base, region=prefecture.code)
    league = client.get("/areas", query_string={**base, "region": LEAGUE}).get_data(as_text=True)
    tiles = tile_counts(league)
    for county in reference.counties(LEAGUE):
        wanted = independent(jobs, **base, region=county.code)
        shown = [v for k, v in tiles.items() if k.endswith(f"region={county.code}")]
        assert [shown_number(v) for v in shown] == [wanted]
        if wanted == 0:
            assert "暂无岗位" in shown[0]
    if category == "driver":  # some of the league's banners have no drivers in the demo
        assert "no-jobs" in league


def test_counts_with_filters_equal_an_independent_count(app):
    jobs = open_jobs()
    job_counts = counts.job_counts()
    shapes = [
        {"type": "full_time"},
        {"type": "gig", "region": LEAGUE},
        {"pay": "5000", "category": "driver"},
        {"pay": "8000"},
        *({"days": str(days)} for days in POSTED_WITHIN_DAYS),
        {"days": "7", "type": "full_time", "region": "150100"},
    ]
    for shape in shapes:
        query = JobQuery.from_args(shape)
        assert job_counts.total(query) == independent(jobs, **shape), shape
        # And the index's own list agrees where it is not capped.
        page = find_jobs(query, page_size=1)
        if not page.capped:
            assert page.total == job_counts.total(query), shape


def test_counts_follow_a_change_of_jobs(app, client):
    before = counts.job_counts().total(JobQuery())
    job = open_jobs()[0]
    job.status = JobStatus.closed
    db.session.commit()
    assert counts.job_counts().total(JobQuery()) == before - 1
    html = client.get("/").get_data(as_text=True)
    assert shown_number(tile_counts(html)["/jobs"]) == before - 1


def dead_end() -> JobQuery:
    """A banner of the league with no jobs of some kind (8 of 12 in the issue's demo)."""
    job_counts = counts.job_counts()
    for category in reference.categories():
        query = JobQuery(category=category)
        per_area = job_counts.by_area(query)
        if per_area[LEAGUE] == 0:
            continue
        for county in reference.counties(LEAGUE):
            if per_area[county.code] == 0:
                return JobQuery(category=category, region=county)
    raise AssertionError("the demo data has no empty banner")


def test_an_empty_banner_offers_its_league_and_the_other_banners_with_their_counts(app):
    jobs = open_jobs()
    empty = dead_end()
    ways = counts.ways_out(empty)
    assert ways.filters == []  # no filter to drop
    assert ways.wider is not None and ways.wider.query.region.code == LEAGUE
    assert ways.wider.jobs == independent(jobs, category=empty.category.code, region=LEAGUE)
    offered = {way.query.region.code: way.jobs for way in ways.nearby}
    expected = {
        county.code: n
        for county in reference.counties(LEAGUE)
        if (n := independent(jobs, category=empty.category.code, region=county.code))
    }
    assert offered == expected  # every banner with jobs, none without
    assert [way.jobs for way in ways.nearby] == sorted(offered.values(), reverse=True)
    assert all(way.query.category == empty.category for way in ways.nearby)


def test_the_empty_list_page_links_to_the_suggestions(app, client):
    empty = dead_end()
    html = client.get("/jobs", query_string=empty.params()).get_data(as_text=True)
    assert "共 0 个岗位" in html and "ways-out" in html
    assert "请减少筛选条件" not in html  # not the dead end of before
    tiles = tile_counts(html)
    assert tiles, "no suggestion shown"
    for href, shown in tiles.items():
        listed = client.get(href).get_data(as_text=True)
        assert f"共 {shown_number(shown)} 个岗位" in listed


def test_a_filter_that_empties_the_list_is_offered_for_removal_with_its_count(app):
    jobs = open_jobs()
    emptied = [
        (c.code, kind)
        for c in reference.counties(LEAGUE)
        if independent(jobs, region=c.code) > 0
        for kind in ("internship", "part_time", "gig", "full_time")
        if independent(jobs, region=c.code, type=kind) == 0
    ]
    assert emptied, "the seeded demo data has a county with jobs but none of some kind"
    county, kind = emptied[0]
    ways = counts.ways_out(JobQuery.from_args({"region": county, "type": kind}))
    [drop] = [way for way in ways.filters if way.drops == "type"]
    assert drop.query.employment_type is None
    assert drop.jobs == independent(jobs, region=county)


def test_mongolian_suggestions_are_in_mongolian(app, mongolian):
    empty = dead_end()
    html = mongolian.get("/jobs", query_string=empty.params()).get_data(as_text=True)
    assert "ways-out" in html
    assert reference.region(LEAGUE).name_mn in html
    assert "暂无" not in html and "个岗位" not in html


def test_lists_without_typed_words_count_every_job(app_factory, tmp_path, client):
    """Day one of the demo: 2,000 jobs, some closed; the list says how many, never
    "more than 1000"."""
    app = app_factory(tmp_path / "big.sqlite")
    with app.app_context():
        seed_demo(1300, seed=3)
        total = len(open_jobs())
        assert total > search.COUNT_CAP
        html = app.test_client().get("/jobs").get_data(as_text=True)
        assert f"共 {total} 个岗位" in html
        assert "超过" not in html
        db.session.remove()
        db.engine.dispose()


def test_jobs_for_me_opens_the_wished_areas(client):
    post(client, wanted_regions=["150100", LEAGUE])
    html = client.get("/register/done").get_data(as_text=True)
    links = re.findall(r'href="(/jobs\?[^"]+)"', html)
    assert links == [
        "/jobs?category=driver&amp;region=150100",
        f"/jobs?category=driver&amp;region={LEAGUE}",
    ]
    assert "锡林郭勒盟" in html and "适合我的岗位" in html
    jobs = open_jobs()
    for href, shown in tile_counts(html).items():
        region = href.rsplit("=", 1)[1]
        assert shown_number(shown) == independent(jobs, category="driver", region=region)


def test_jobs_for_me_with_one_wished_area(client):
    post(client, wanted_regions=["150100"])
    html = client.get("/register/done").get_data(as_text=True)
    assert re.findall(r'href="(/jobs\?[^"]+)"', html) == ["/jobs?category=driver&amp;region=150100"]


def test_the_mongolian_job_page_has_the_street_the_title_and_the_station_address(app, mongolian):
    job = next(j for j in open_jobs() if j.title_zh == "货车司机（A2）" and j.station)
    html = mongolian.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "(A2)" in html
    assert job.address_mn in html and "ᠳ᠋ᠤᠭᠠᠷ" in job.address_mn  # street and house number
    assert job.station.address_mn and job.station.address_mn in html
    assert job.station.address_zh not in html
    assert job.address_zh not in html


def test_seed_demo_says_how_many_jobs_are_open(app_factory, tmp_path):
    app = app_factory(tmp_path / "fresh.sqlite")
    result = app.test_cli_runner().invoke(args=["seed-demo", "--jobs", "300"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        open_now = len(open_jobs())
        db.session.remove()
        db.engine.dispose()
    assert f"{open_now} of them are open today" in result.output
    assert open_now < 300  # the oldest demo jobs have closed: the two numbers differ


def test_counts_are_made_by_one_grouped_query(app):
    """A tile page costs no query per tile: the cells are read once per generation."""
    counts.job_counts()
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        for category in reference.categories():
            counts.job_counts().by_area(JobQuery(category=category))
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert not [s for s in statements if "GROUP BY" in s]


def test_the_hub_counts_the_same_on_postgresql(postgres_url, tmp_path):
    from flask_migrate import upgrade

    from kiosk import create_app

    hub = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": postgres_url},
        instance_path=str(tmp_path / "instance"),
    )
    with hub.app_context():
        upgrade()
        seed_demo(300, seed=5)
        jobs = open_jobs()
        job_counts = counts.job_counts()
        for shape in ({}, {"category": "driver"}, {"region": LEAGUE}, {"pay": "5000", "days": "7"}):
            assert job_counts.total(JobQuery.from_args(shape)) == independent(jobs, **shape)
        ways = counts.ways_out(dead_end())
        assert ways.wider is not None and ways.nearby
        db.session.remove()
        db.engine.dispose()


def test_typed_words_that_find_nothing_are_offered_for_removal(app):
    jobs = open_jobs()
    query = JobQuery.from_args({"q": "司机", "category": "farming"})
    assert find_jobs(query, page_size=1).total == 0
    ways = counts.ways_out(query)
    [words] = [way for way in ways.filters if way.drops == "q"]
    assert words.query.text == "" and words.jobs == independent(jobs, category="farming")
