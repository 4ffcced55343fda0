"""Service records and seekers at the desk: find a person by number, record a visit with its
outcome and note, recommend ranked jobs on a printed slip, keep the follow-up list."""

import re
from datetime import timedelta

import pytest
from flask import current_app
from flask_babel import force_locale, gettext
from raw_printer import decode_raster
from sqlalchemy import func, select
from station_app import screenshot_path
from test_registration_service import GOOD, register
from test_slips import png
from test_staff import csrf, get, sign_in, signed_in, staff_member, todays_appointment

from kiosk.extensions import db
from kiosk.models import (
    Employer,
    EmploymentType,
    Job,
    JobStatus,
    PayUnit,
    ServiceRecord,
    Slip,
    SlipKind,
    local_today,
    new_id,
    utcnow,
)
from kiosk.seekers.matching import Fit, matching_jobs


def post(client, url: str, data: dict, page: str | None = None):
    """POST a form as the browser would, with the CSRF token of the page it came from."""
    with client.application.app_context():
        token = csrf(page or client.get(url).get_data(as_text=True))
        return client.post(url, data={"csrf_token": token, **data})


@pytest.fixture
def desk(station):
    return signed_in(station, "wang")


@pytest.fixture
def bater(station):
    """A registered seeker: wants driving or logistics work around Hohhot, 4000 a month."""
    seeker, _ = register(GOOD)
    return seeker


def make_job(title: str, **fields) -> Job:
    employer = db.session.scalars(select(Employer).order_by(Employer.name_zh)).first()
    values = {
        "origin": "HUB", "title_zh": title, "category_code": "driver",
        "region_code": "150102", "employer_id": employer.id, "pay_min": 5000, "pay_max": 6000,
        "pay_unit": PayUnit.month, "employment_type": EmploymentType.full_time,
        "published_at": utcnow(),
        "expires_on": local_today() + timedelta(days=30),
    }  # fmt: skip
    job = Job(**(values | fields))
    db.session.add(job)
    db.session.commit()
    return job


def zh(message: str, **values) -> str:
    """What the page says in Chinese (the default language) for an English message."""
    with force_locale("zh_Hans_CN"):
        return gettext(message, **values)


def records() -> list[ServiceRecord]:
    return list(db.session.scalars(select(ServiceRecord).order_by(ServiceRecord.created_at)))


# Finding a person -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "139 1234 5678",
        "150102199003071237",
        "150102 1990 0307 1237",
        "registration",
        "１３９１２３４５６７８",  # full-width, as a Chinese input method types them
        "１５０１０２　１９９００３０７－１２３７",
    ],
)
def test_a_person_is_found_by_mobile_id_or_registration_number(desk, bater, typed):
    typed = bater.registration_no.lower() if typed == "registration" else typed
    found = post(desk, "/staff/seekers/", {"q": typed})
    page = found.get_data(as_text=True)
    assert found.status_code == 200
    assert bater.registration_no in page and "150102********1237" in page and "139****5678" in page
    assert "巴*尔" in page and "巴特尔" not in page  # masked on screen too
    assert f"/staff/seekers/{bater.id}" in page


CHECKSUM = "One of the digits is mistyped. Please check it against the card."
NOT_A_NUMBER = (
    "That is not a mobile number (11 digits), an ID number (18 characters) "
    "or a registration number (R and 9 characters)."
)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("150102199003071238", CHECKSUM),
        ("15010219900307123X", CHECKSUM),
        ("12345", NOT_A_NUMBER),
        ("᠑᠓᠙᠑᠒᠓᠔᠕᠖᠗᠘", "Please type the number with 0–9."),  # Mongolian digits
        ("١٥٠١٠٢١٩٩٠٠٣٠٧١٢٣٧", "Please type the number with 0–9."),  # Arabic-Indic
        # A real province, no such county, a correct check digit: stdnum raised KeyError.
        ("150199199003071236", "This is not a valid resident ID number."),
        ("<script>", NOT_A_NUMBER),
        ("", "Type a mobile number, an ID number or a registration number."),
    ],
)
def test_a_wrong_number_gets_a_clear_message(desk, bater, typed, message):
    found = post(desk, "/staff/seekers/", {"q": typed})
    assert found.status_code == 422 and zh(message) in found.get_data(as_text=True)
    assert "<script>" not in found.get_data(as_text=True)


def test_an_unknown_number_says_nobody_is_registered(desk, bater):
    page = post(desk, "/staff/seekers/", {"q": "13800000000"}).get_data(as_text=True)
    assert (
        zh(
            "Nobody is registered under this number here. They can register at the kiosk or on "
            "their phone."
        )
        in page
    )


def test_the_number_typed_never_goes_into_an_address(desk, bater):
    page = get(desk, "/staff/seekers/?q=13912345678").get_data(as_text=True)
    assert 'method="post"' in page and bater.registration_no not in page


def test_seekers_need_a_signed_in_staff_member(station, bater):
    client = station.test_client()
    answer = get(client, f"/staff/seekers/{bater.id}")
    assert answer.status_code == 302 and "/staff/login" in answer.headers["Location"]


# Matching jobs ----------------------------------------------------------------------------


def test_jobs_are_ranked_by_how_many_wishes_they_meet(station, bater):
    best = make_job("十全十美司机")  # driver, Hohhot, 6000 a month, full-time
    kind_only = make_job("外地司机", region_code="152502")  # a driver, but in Xilingol
    area_only = make_job("市区保洁员", category_code="care", pay_max=1900, pay_min=1800,
                         employment_type=EmploymentType.part_time)  # fmt: skip
    make_job("已关闭的司机岗位", status=JobStatus.closed)
    make_job("过期的司机岗位", expires_on=local_today() - timedelta(days=1))

    matches = matching_jobs(db.session, bater, local_today(), limit=400)
    titles = [match.job.title_zh for match in matches]
    assert titles[0] == best.title_zh
    assert matches[0].fits == (Fit.category, Fit.region, Fit.pay, Fit.form)
    assert titles.index(kind_only.title_zh) < titles.index(area_only.title_zh)
    assert "已关闭的司机岗位" not in titles and "过期的司机岗位" not in titles
    scores = [match.score for match in matches]
    assert scores == sorted(scores, reverse=True)


def test_the_seeker_page_shows_registration_masked_and_fitting_jobs(desk, bater):
    make_job("十全十美司机")
    page = get(desk, f"/staff/seekers/{bater.id}").get_data(as_text=True)
    assert "150102********1237" in page and "139****5678" in page and "巴*尔" in page
    assert "150102199003071237" not in page and "13912345678" not in page
    assert "十全十美司机" in page and zh("wished kind of work") in page
    assert zh("No visits recorded yet.") in page


OLD_KEYBOARD = "This text comes from an old Mongolian keyboard. Please type it with a Unicode one."


# Recording a visit ------------------------------------------------------------------------


def test_a_visit_with_recommended_jobs_prints_them_on_a_slip(desk, bater, printer):
    first, second = make_job("十全十美司机"), make_job("物流配送司机", category_code="logistics")
    form_page = get(desk, f"/staff/visits/new?seeker={bater.id}").get_data(as_text=True)
    assert "十全十美司机" in form_page  # the fitting jobs are offered to tick
    saved = post(desk, "/staff/visits/new", {
        "seeker": str(bater.id), "services": ["career_guidance", "job_recommendation"],
        "jobs": [str(second.id), str(first.id)], "note": "想跑长途，有B2驾照。",
    }, form_page)  # fmt: skip
    assert saved.status_code == 303 and saved.headers["Location"].endswith(str(bater.id))

    (record,) = records()
    assert record.services == ["career_guidance", "job_recommendation"]
    assert record.outcomes == ["jobs_recommended"]
    assert record.recommended_job_ids == [str(second.id), str(first.id)]
    assert record.served_by == "wang" and record.seeker_id == bater.id
    # The note is sealed: its words are not in the database file.
    assert "长途".encode() not in record.note_sealed
    slip = db.session.scalars(select(Slip).where(Slip.subject_id == record.id)).one()
    assert slip.kind == SlipKind.recommendation and slip.print_status == "printed"

    page = get(desk, saved.headers["Location"]).get_data(as_text=True)
    assert zh("The visit is recorded and the job slip is printing.") in page
    assert "想跑长途，有B2驾照。" in page and "物流配送司机" in page

    # What reached the printer is the slip a phone sees after scanning its code.
    token = re.search(r"/s/([\w-]+)/slip\.png", get(desk, f"/s/{_token(slip)}").get_data(
        as_text=True))[1]  # fmt: skip
    printed = decode_raster(printer.wait_for(1)[0])
    assert printed.tobytes() == png(get(desk, f"/s/{token}/slip.png").data).tobytes()
    phone = current_app.test_client()
    shown = get(phone, f"/s/{token}").get_data(as_text=True)
    assert shown.index("物流配送司机") < shown.index("十全十美司机")  # in the order picked
    assert "巴*尔" not in shown and "139****5678" not in shown  # nothing personal on it


def _token(slip: Slip) -> str:
    from kiosk.slips.service import slip_token

    return slip_token(slip.id)


def test_a_visit_from_the_queue_finds_the_person_by_their_booking_number(desk, station, bater):
    appointment = todays_appointment(station)  # booked with Bater's mobile, 139 1234 5678
    url = f"/staff/visits/new?kind=appointment&entry={appointment.id}"
    form_page = get(desk, url).get_data(as_text=True)
    assert bater.registration_no in form_page and appointment.queue_label in form_page
    ticked = re.findall(r'value="(\w+)"\s+checked', form_page)
    assert ticked == ["policy_consultation"]  # what they came for
    saved = post(desk, "/staff/visits/new", {
        "kind": "appointment", "entry": str(appointment.id), "seeker": str(bater.id),
        "services": ["policy_consultation"], "outcomes": ["training_referral"],
    }, form_page)  # fmt: skip
    assert saved.status_code == 303
    (record,) = records()
    assert record.appointment_id == appointment.id and record.outcomes == ["training_referral"]


def test_a_walk_in_who_gave_no_details_is_still_recorded(desk):
    saved = post(desk, "/staff/visits/new", {"services": ["policy_consultation"]},
                 get(desk, "/staff/visits/new").get_data(as_text=True))  # fmt: skip
    assert saved.status_code == 303 and saved.headers["Location"].endswith("/staff/queue")
    (record,) = records()
    assert record.seeker_id is None and record.note_sealed is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"services": []}, "Tick at least one service."),
        ({"services": ["no_such_service"]}, "Please choose from the list."),
        ({"outcomes": ["promoted"]}, "Please choose from the list."),
        ({"outcomes": ["follow_up"]}, "Choose a follow-up day from today to a year ahead."),
        ({"follow_up_on": "2020-01-01"}, "Choose a follow-up day from today to a year ahead."),
        ({"follow_up_on": "tomorrow"}, "Choose a follow-up day from today to a year ahead."),
        ({"note": "x" * 1001}, "The note takes at most %(count)s characters."),
        ({"note": "\ue234\ue235"}, OLD_KEYBOARD),
        ({"jobs": ["not-a-job"]}, "One of these jobs has closed meanwhile. Please choose again."),
    ],
)
def test_a_bad_visit_is_refused_beside_the_field_and_nothing_is_saved(
    desk, bater, printer, data, message
):
    data = {"services": ["policy_consultation"]} | data
    page = get(desk, f"/staff/visits/new?seeker={bater.id}").get_data(as_text=True)
    answer = post(desk, "/staff/visits/new", {"seeker": str(bater.id), **data}, page)
    said = zh(message, count=1000) if "%(count)s" in message else zh(message)
    assert answer.status_code == 422 and said in answer.get_data(as_text=True)
    assert records() == [] and db.session.scalar(select(func.count()).select_from(Slip)) == 0
    assert printer.jobs == []


def test_a_closed_job_cannot_be_recommended(desk, bater):
    job = make_job("刚关闭的司机岗位")
    page = get(desk, f"/staff/visits/new?seeker={bater.id}").get_data(as_text=True)
    job.status = JobStatus.closed
    db.session.commit()
    answer = post(desk, "/staff/visits/new", {"seeker": str(bater.id),
                  "services": ["job_recommendation"], "jobs": [str(job.id)]}, page)  # fmt: skip
    assert answer.status_code == 422 and records() == []


def test_a_visit_needs_the_form_token(desk):
    with desk.application.app_context():
        answer = desk.post("/staff/visits/new", data={"services": ["policy_consultation"]})
    assert answer.status_code == 400 and records() == []


# Follow-ups ------------------------------------------------------------------------------


def test_follow_ups_are_listed_earliest_first_and_marked_done_once(desk, bater):
    page = get(desk, f"/staff/visits/new?seeker={bater.id}").get_data(as_text=True)
    for days, note in ((7, "一周后问面试结果"), (1, "明天带证件来")):
        day = (local_today() + timedelta(days=days)).isoformat()
        post(desk, "/staff/visits/new", {"seeker": str(bater.id),
             "services": ["career_guidance"], "follow_up_on": day, "note": note}, page)  # fmt: skip
    later, sooner = records()
    assert later.outcomes == ["follow_up"]  # a day alone implies a follow-up

    listing = get(desk, "/staff/visits/follow-ups").get_data(as_text=True)
    assert listing.index("明天带证件来") < listing.index("一周后问面试结果")
    assert "巴*尔" in listing and "139****5678" in listing

    done_url = f"/staff/visits/{sooner.id}/follow-up-done"
    assert post(desk, done_url, {}, listing).status_code == 303
    listing = get(desk, "/staff/visits/follow-ups").get_data(as_text=True)
    assert zh("The follow-up is marked done.") in listing and "明天带证件来" not in listing
    post(desk, done_url, {}, listing)  # a second desk, or a double click
    listing = get(desk, "/staff/visits/follow-ups").get_data(as_text=True)
    assert zh("This follow-up was already marked done.") in listing


def test_a_recommendation_that_did_not_print_can_be_printed_again(app, bater):
    staff_member("li")
    client = app.test_client()  # this app has no printer configured
    sign_in(client, "li")
    job = make_job("十全十美司机")
    page = get(client, f"/staff/visits/new?seeker={bater.id}").get_data(as_text=True)
    saved = post(client, "/staff/visits/new", {"seeker": str(bater.id),
                 "services": ["job_recommendation"], "jobs": [str(job.id)]}, page)  # fmt: skip
    seeker_page = get(client, saved.headers["Location"]).get_data(as_text=True)
    did_not_print = (
        "The visit is recorded, but the job slip did not print. Reprint it from the list."
    )
    assert zh(did_not_print) in seeker_page and records()[0].recommended_job_ids == [str(job.id)]
    (record,) = records()
    post(client, f"/staff/visits/{record.id}/reprint", {}, seeker_page)
    slip = db.session.scalars(select(Slip)).one()
    assert slip.attempts == 2 and slip.print_status == "failed"


def test_the_recommendation_slip_fits_both_widths(station, bater):
    from kiosk.slips.service import slip_image

    job = make_job("十全十美司机")
    record = ServiceRecord(id=new_id(), origin="T", visited_on=local_today(), served_by="wang",
                           recommended_job_ids=[str(job.id)], seeker_id=bater.id)  # fmt: skip
    db.session.add(record)
    slip = Slip(kind=SlipKind.recommendation, subject_id=record.id, locale="mn_Mong_CN",
                token_hash="x")  # fmt: skip
    db.session.add(slip)
    db.session.commit()
    for dots in (576, 384):
        current_app.config["PRINTER_DOTS"] = dots
        with current_app.test_request_context():
            image = slip_image(db.session, slip)
        # Kept for a person to look at: Mongolian columns, both widths.
        image.save(screenshot_path(f"slip-recommendation-{dots}.png"))
        ink = [y for y in range(image.height) if image.crop((0, y, dots, y + 1)).getbbox()]
        assert image.width == dots and ink[-1] > image.height * 0.9
