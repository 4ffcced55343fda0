"""A hub on PostgreSQL holding records from several stations of two prefectures, made at
random but reproducibly, for the county's figures to be counted against."""

# ruff: noqa: E501  (generated rows: one line per column list reads best)

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from stdnum.cn import ric

from kiosk.domain.reference import load_reference_data
from kiosk.extensions import db
from kiosk.models import (
    BEIJING,
    Appointment,
    AppointmentStatus,
    AssistanceTask,
    Difficulty,
    Education,
    Employer,
    EmploymentStatus,
    EmploymentType,
    Gender,
    Job,
    PayUnit,
    Seeker,
    ServiceItem,
    ServicePlan,
    ServiceRecord,
    Slot,
    Station,
    StationKind,
    TaskKind,
    Ticket,
    TicketStatus,
    Tier,
    new_id,
)

#: Stations and their banners: two in 新城区 and one in 回民区 (呼和浩特市), one in 东河区 (包头市).
STATIONS = {"ST-A": "150102", "ST-B": "150102", "ST-C": "150103", "ST-D": "150202"}
SERVICES = ("policy", "job_match", "training")
HUB = "HUB"


@dataclass
class Made:
    """What was written, kept as plain Python to count from independently."""

    seekers: dict[uuid.UUID, Seeker] = field(default_factory=dict)
    records: list[ServiceRecord] = field(default_factory=list)
    appointments: list[tuple[Appointment, datetime]] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    tasks: list[AssistanceTask] = field(default_factory=list)
    station_ids: dict[str, uuid.UUID] = field(default_factory=dict)


def _id_number(rng: random.Random, born: date, gender: Gender) -> str:
    serial = rng.randrange(100) * 10 + (rng.choice((1, 3, 5)) if gender == Gender.male else 2)
    body = f"150102{born:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body)


def fill_hub(rng: random.Random, first: date, days: int, *, seekers: int = 60) -> Made:
    """Stations in the register, their seekers, visits (with recommendations and hires, some
    at another station), appointments, walk-ins, jobs and follow-ups over `days` days."""
    load_reference_data()
    made = Made()
    for code, region in STATIONS.items():
        station = Station(
            origin=HUB, code=code, kind=StationKind.doorstep, name_zh=f"{code}站", name_mn=f"{code} ᠥᠷᠲᠡᠭᠡ",
            region_code=region,
        )  # fmt: skip
        db.session.add(station)
        db.session.flush()
        made.station_ids[code] = station.id
        for n, service in enumerate(SERVICES):
            db.session.add(
                ServiceItem(
                    origin=code, station_code=code, code=service, queue_letter="ABC"[n],
                    name_zh=f"服务{service}", name_mn=f"ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ {service}",
                )
            )  # fmt: skip
    employer = Employer(
        origin=HUB, credit_code="91150100MA0N2T4X5F", name_zh="草原公司", region_code="150102"
    )
    db.session.add(employer)
    db.session.flush()
    codes = list(STATIONS)
    for n in range(30):
        published = datetime.combine(first + timedelta(days=rng.randrange(days)), time(2), UTC)
        job = Job(
            origin=HUB, title_zh=f"岗位{n}", category_code="driver", region_code="150102",
            employer_id=employer.id, station_id=made.station_ids[rng.choice(codes)],
            pay_min=3000, pay_max=4000, pay_unit=PayUnit.month,
            employment_type=EmploymentType.full_time,
            headcount=rng.randint(1, 4), published_at=published,
            expires_on=first + timedelta(days=days + 30),
        )  # fmt: skip
        db.session.add(job)
        made.jobs.append(job)
    db.session.flush()
    services = {
        code: {s.code: s for s in db.session.query(ServiceItem).filter_by(station_code=code)}
        for code in codes
    }
    for n in range(seekers):
        code = rng.choice(codes)
        gender = rng.choice(list(Gender))
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(14000))
        number = _id_number(rng, born, gender)
        created = datetime.combine(
            first + timedelta(days=rng.randrange(days)), time(rng.randrange(24)), UTC
        )
        seeker = Seeker(
            origin=code, registration_no=f"R{n:06d}", name_zh=rng.choice(("巴特尔", "王芳", "其其格")),
            id_number_sealed=b"x", id_number_hash=f"h{n}", id_number_masked=number[:6] + "********" + number[-4:],
            gender=gender, birth_date=born, mobile_sealed=b"x", mobile_hash=f"m{n}",
            mobile_masked="139****0000", education=Education.senior_middle, residence_region_code="150102",
            employment_status=EmploymentStatus.unemployed,
            difficulty=rng.choice([None, None, *Difficulty]),
            consented_at=created, consent_version="2026-1", created_at=created, updated_at=created,
        )  # fmt: skip
        db.session.add(seeker)
        made.seekers[seeker.id if seeker.id else new_id()] = seeker
    db.session.flush()
    made.seekers = {s.id: s for s in made.seekers.values()}
    people = list(made.seekers.values())
    for _ in range(seekers * 3):
        code = rng.choice(codes)
        seeker = rng.choice(people) if rng.random() < 0.85 else None
        day = first + timedelta(days=rng.randrange(days))
        outcomes = rng.sample(["registered", "training_referral", "hired"], rng.randint(0, 2))
        jobs = rng.sample(made.jobs, rng.choice((0, 0, 1, 2))) if seeker else []
        if jobs:
            outcomes.append("jobs_recommended")
        follow_up = day + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.3 else None
        done = None
        if follow_up and rng.random() < 0.6:
            done_day = follow_up + timedelta(days=rng.randint(-3, 3))
            done = datetime.combine(done_day, time(rng.choice((1, 15, 23))), BEIJING).astimezone(
                UTC
            )
        if follow_up:
            outcomes.append("follow_up")
        record = ServiceRecord(
            origin=code, seeker_id=seeker.id if seeker else None, visited_on=day,
            served_by="counselor", services=rng.sample(SERVICES, rng.randint(1, 2)),
            outcomes=outcomes, recommended_job_ids=[str(job.id) for job in jobs],
            follow_up_on=follow_up, follow_up_done_at=done,
        )  # fmt: skip
        db.session.add(record)
        made.records.append(record)
    db.session.flush()
    # Some recommendations become hires, recorded later at the same or another station.
    for record in list(made.records):
        for job_id in record.recommended_job_ids:
            if rng.random() < 0.5:
                later = record.visited_on + timedelta(days=rng.randint(0, 5))
                hire = ServiceRecord(
                    origin=rng.choice((record.origin, record.origin, rng.choice(codes))),
                    seeker_id=record.seeker_id, visited_on=later, served_by="counselor",
                    services=["job_match"], outcomes=["hired"], hired_job_id=uuid.UUID(job_id),
                )  # fmt: skip
                db.session.add(hire)
                made.records.append(hire)
    for n in range(seekers * 2):
        code = rng.choice(codes)
        service = services[code][rng.choice(SERVICES)]
        day = first + timedelta(days=rng.randrange(days))
        starts = datetime.combine(day, time(rng.randrange(24), rng.randrange(60)), UTC) + timedelta(
            microseconds=n
        )
        slot = Slot(
            id=new_id(), service_id=service.id, starts_at=starts,
            ends_at=starts + timedelta(minutes=30), capacity=5, booked=1,
        )  # fmt: skip
        db.session.add(slot)
        db.session.flush()
        appointment = Appointment(
            origin=code, slot_id=slot.id, service_id=service.id, mobile_sealed=b"x",
            mobile_hash=f"am{n}", mobile_masked="138****1111", code=f"C{n:08d}",
            queue_label=f"A{n:03d}", status=rng.choice(list(AppointmentStatus)),
        )  # fmt: skip
        db.session.add(appointment)
        made.appointments.append((appointment, starts))
        ticket = Ticket(
            origin=code, service_id=service.id, day=day, queue_label=f"T{n:03d}",
            code=f"K{n:08d}", status=rng.choice(list(TicketStatus)),
        )  # fmt: skip
        db.session.add(ticket)
        made.tickets.append(ticket)
    # Service plans with their tasks: some done (on time or late), some cancelled by a new tier.
    for person in rng.sample(people, seekers // 3):
        code = rng.choice(codes)
        chosen = first + timedelta(days=rng.randrange(days))
        plan = ServicePlan(
            origin=code, seeker_id=person.id, tier=rng.choice(list(Tier)), key_group="general",
            package_version="t", reason="r", chosen_on=chosen, chosen_by="counselor",
            review_on=chosen + timedelta(days=90),
        )  # fmt: skip
        db.session.add(plan)
        db.session.flush()
        for _ in range(rng.randint(1, 4)):
            due = chosen + timedelta(days=rng.randint(0, 30))
            done = due + timedelta(days=rng.randint(-5, 5)) if rng.random() < 0.5 else None
            task = AssistanceTask(
                origin=code, plan_id=plan.id, seeker_id=person.id, kind=rng.choice(list(TaskKind)),
                due_on=due, assigned_to="counselor", done_on=done,
                done_by="counselor" if done else None, cancelled=done is None and rng.random() < 0.2,
            )  # fmt: skip
            db.session.add(task)
            made.tasks.append(task)
    db.session.commit()
    return made
