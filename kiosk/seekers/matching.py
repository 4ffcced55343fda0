"""Jobs that fit a person's wishes, best first, with the reasons a counselor can read out."""

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.models import Job, JobStatus, PayUnit, Region, Seeker

#: Candidates read from the database before ranking: the newest open jobs that fit at least
#: one wish. Enough for a desk's shortlist, small enough for a station with 100,000 jobs.
CANDIDATES = 400
#: Rough monthly amounts, to compare a day's or an hour's pay with a wished monthly minimum.
MONTHLY_FACTOR = {PayUnit.month: 1, PayUnit.day: 22, PayUnit.hour: 22 * 8}


class Fit(enum.StrEnum):
    """Why a job was suggested; each is worth the points below."""

    category = "category"
    region = "region"
    nearby = "nearby"  # same league or city as the wished area, or as home
    pay = "pay"
    form = "form"


POINTS = {Fit.category: 4, Fit.region: 3, Fit.nearby: 1, Fit.pay: 2, Fit.form: 1}


@dataclass(frozen=True)
class Match:
    job: Job
    fits: tuple[Fit, ...]

    @property
    def score(self) -> int:
        return sum(POINTS[fit] for fit in self.fits)


def _prefecture(session: Session, code: str) -> str:
    region = session.get(Region, code)
    return region.prefecture_code if region else code


def matching_jobs(session: Session, seeker: Seeker, today: date, limit: int = 20) -> list[Match]:
    """Open jobs ranked by how many of the person's wishes they meet (ties: newest first)."""
    wanted_regions = set(seeker.wanted_regions)
    home = {seeker.residence_region_code}
    areas = wanted_regions or home
    prefectures = {_prefecture(session, code) for code in areas | home}
    region_codes = (
        set(session.scalars(select(Region.code).where(Region.parent_code.in_(prefectures))))
        | prefectures
        | areas
    )
    wishes = [Job.region_code.in_(region_codes)]
    if seeker.wanted_categories:
        wishes.append(Job.category_code.in_(seeker.wanted_categories))
    candidates = session.scalars(
        select(Job)
        .where(Job.status == JobStatus.open, Job.expires_on >= today)
        .where(or_(*wishes))
        .order_by(Job.published_at.desc())
        .limit(CANDIDATES)
    ).all()
    matches = [Match(job, _fits(job, seeker, areas, prefectures)) for job in candidates]
    matches = [match for match in matches if match.fits]
    # Stable sort: among equal scores the newest (as read) stays first.
    matches.sort(key=lambda match: match.score, reverse=True)
    return matches[:limit]


def _fits(job: Job, seeker: Seeker, areas: set[str], prefectures: set[str]) -> tuple[Fit, ...]:
    fits = []
    if job.category_code in seeker.wanted_categories:
        fits.append(Fit.category)
    if job.region_code in areas or job.region.parent_code in areas:
        fits.append(Fit.region)
    elif job.region.prefecture_code in prefectures:
        fits.append(Fit.nearby)
    factor = MONTHLY_FACTOR.get(job.pay_unit)
    if seeker.wanted_pay_min and factor and job.pay_max * factor >= seeker.wanted_pay_min:
        fits.append(Fit.pay)
    if job.employment_type.value in seeker.wanted_forms:
        fits.append(Fit.form)
    return tuple(fits)
