"""Every kiosk screen has a Back link to its parent step (a kiosk browser has no back gesture)."""

import re

import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Job, local_today

BACK = re.compile(r'<a class="bar-back" href="([^"]+)"')


def back_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    found = BACK.search(response.get_data(as_text=True))
    assert found, f"no Back on {url}"
    return found.group(1).replace("&amp;", "&")


def open_job(app) -> Job:
    with app.app_context():
        job = db.session.scalars(
            select(Job).where(Job.expires_on >= local_today()).order_by(Job.search_key.desc())
        ).first()
        db.session.expunge(job)
        return job


@pytest.mark.parametrize(
    ("url", "parent"),
    [
        ("/areas?category=driver", "/"),
        ("/areas?category=driver&region=152500", "/areas?category=driver"),
        ("/jobs?category=driver", "/areas?category=driver"),
        ("/jobs?category=driver&region=152500", "/areas?category=driver&region=152500"),
        ("/jobs?category=driver&region=152502", "/areas?category=driver&region=152500"),
        ("/search", "/"),
        ("/appointments/", "/"),
        ("/queue/", "/"),
    ],
)
def test_each_screen_goes_back_to_its_parent_step(client, url, parent):
    assert back_of(client, url) == parent


def test_a_job_goes_back_to_the_list_it_came_from_with_its_filters(client, app):
    job = open_job(app)
    query = f"category={job.category_code}&region={job.region_code}&type=full_time"
    came_from = f"/jobs/{job.id}?{query}"
    back = back_of(client, came_from)
    assert back.startswith("/jobs?") and "type=full_time" in back
    assert f"region={job.region_code}" in back
    # Opened from nowhere (a QR code): back to the job's own county list.
    assert back_of(client, f"/jobs/{job.id}") == (
        f"/jobs?category={job.category_code}&region={job.region_code}"
    )


def test_a_list_links_its_jobs_with_the_list_query(client, app):
    job = open_job(app)
    html = client.get(f"/jobs?region={job.region_code}").get_data(as_text=True)
    assert f"/jobs/{job.id}?region={job.region_code}" in html
