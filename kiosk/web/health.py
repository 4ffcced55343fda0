"""`/healthz`: what a technician or a monitor asks of a box. Each role adds its own parts
(a station its printer and sync); nothing here names a feature."""

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from kiosk.extensions import db
from kiosk.models import Job, JobStatus, local_today

bp = Blueprint("health", __name__)
_PARTS = "kiosk.health_parts"

#: A part of the answer: its name, what it says when the database is fine, and when it is not.
Part = tuple[str, Callable[[], dict[str, Any]], dict[str, Any]]


def add_health_part(
    app: Flask, name: str, report: Callable[[], dict[str, Any]], when_down: dict[str, Any]
) -> None:
    app.extensions.setdefault(_PARTS, []).append((name, report, when_down))


@bp.get("/healthz")
def healthz():
    parts: list[Part] = current_app.extensions.get(_PARTS, [])
    try:
        # Jobs a seeker can find: open and before their "open until" date.
        jobs = db.session.scalar(
            select(func.count())
            .select_from(Job)
            .where(Job.status == JobStatus.open, Job.expires_on >= local_today())
        )
        db.session.execute(text("SELECT 1"))
        database = True
        reports = {name: report() for name, report, _down in parts}
    except SQLAlchemyError:
        db.session.rollback()
        jobs, database = None, False
        reports = {name: down for name, _report, down in parts}
    body = {
        "ok": database,
        "role": str(current_app.config["ROLE"]),
        "database": database,
        "jobs": jobs,
        **reports,
    }
    return jsonify(body), 200 if database else 503


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
