"""The data model's rules and the demo data set a newcomer first sees."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError
from stdnum.cn import uscc

from kiosk.demo import seed_demo
from kiosk.extensions import db
from kiosk.models import Employer, Job, JobCategory, Region, RegionLevel, Station, StationKind


def test_employer_credit_code_is_checked():
    with pytest.raises(ValueError):
        Employer(origin="HUB", credit_code="91150100MA0N12340C", name_zh="x", region_code="150102")
    employer = Employer(
        origin="HUB", credit_code="91150100ma0n12340b", name_zh="x", region_code="150102"
    )
    assert employer.credit_code == "91150100MA0N12340B"


def test_records_carry_uuid7_and_a_version_bumped_by_each_change(app):
    job = db.session.scalars(select(Job)).first()
    assert job.id.version == 7
    before = job.version
    job.headcount += 1
    db.session.commit()
    assert job.version == before + 1


def test_a_stale_write_fails_instead_of_overwriting(app):
    job = db.session.scalars(select(Job)).first()
    # Another writer (a sync, say) moves the row on and commits, on a connection of its own.
    with db.engine.begin() as other:
        other.execute(
            Job.__table__.update().where(Job.id == job.id).values(version=job.version + 5)
        )
    job.headcount += 1
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()


def test_demo_covers_every_prefecture_category_and_station_kind(app):
    prefectures = db.session.scalars(
        select(Region.code).where(Region.level == RegionLevel.prefecture)
    ).all()
    assert len(prefectures) == 12
    with_jobs = set(db.session.scalars(select(func.substr(Job.region_code, 1, 4))).all())
    assert {code[:4] for code in prefectures} <= with_jobs
    categories = set(db.session.scalars(select(JobCategory.code)).all())
    assert set(db.session.scalars(select(Job.category_code)).all()) == categories
    assert set(db.session.scalars(select(Station.kind)).all()) == set(StationKind)
    codes = db.session.scalars(select(Employer.credit_code)).all()
    assert codes and all(uscc.is_valid(code) for code in codes)


def test_demo_jobs_are_bilingual(app):
    jobs = db.session.scalars(select(Job).limit(50)).all()
    assert all(job.title_zh and job.title_mn and job.description_mn for job in jobs)


def test_demo_data_is_deterministic(tmp_path, app_factory):
    now = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)

    def jobs(seed: int) -> list[tuple]:
        app = app_factory(tmp_path / f"seed-{seed}-{len(list(tmp_path.iterdir()))}.sqlite")
        with app.app_context():
            seed_demo(50, seed=seed, now=now)
            result = db.session.execute(
                select(Job.id, Job.title_zh, Job.published_at).order_by(Job.id)
            ).all()
            db.session.remove()
            db.engine.dispose()
            return [tuple(row) for row in result]

    assert jobs(1) == jobs(1)
    assert jobs(1) != jobs(2)
    assert all(published <= now for _, _, published in jobs(1))


def test_seed_demo_leaves_a_filled_database_alone(runner):
    before = db.session.scalar(select(func.count()).select_from(Job))
    result = runner.invoke(args=["seed-demo", "--if-empty", "--jobs", "10"])
    assert result.exit_code == 0 and "already has data" in result.output
    result = runner.invoke(args=["seed-demo", "--jobs", "10"])
    assert result.exit_code != 0 and "empty database" in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).select_from(Job)) == before


def test_seed_demo_runs_past_its_first_chunk(tmp_path, app_factory):
    app = app_factory(tmp_path / "big.sqlite")
    with app.app_context():
        seed_demo(4100, seed=5)  # three chunks of up to 2000
        assert db.session.scalar(select(func.count()).select_from(Job)) == 4100
        db.session.remove()
        db.engine.dispose()
