"""The assistance screens at the desk: the profile form refuses bad input beside its field and
saves nothing, the profile screen shows the pre-check with proofs in hand and missing, the
sealed part only to a counselor of the outlet, steps and tiers through the forms, the task
list (and the follow-ups) with its tasks, door-to-door requests by village."""

import re

import pytest
from sqlalchemy import func, select
from test_assistance import WOMAN
from test_registration_service import register
from test_staff import csrf, get, signed_in

from kiosk.extensions import db
from kiosk.models import AssistanceProfile, HomeRequest, ServiceRecord, StaffRole

GOOD_FORM = {
    "place": "caravan", "urban_resident": "yes", "able_and_willing": "yes",
    "registered_unemployed_since": "2024-10-01", "residence_months": "120",
    "insured_months": "60", "household_registered_unemployed": "2",
    "household_outside_working_age": "1", "household_business_income": "no",
    "ever_employed": "yes", "education": "junior_middle", "work_history": "乳品厂 包装工",
    "barriers": ["care_duties"], "proofs_in_hand": ["id_card", "unemployment_registration"],
    "health": "腰椎间盘突出", "disability_certificate": "no", "minimum_allowance": "yes",
    "minimum_allowance_since": "2024-03-01",
}  # fmt: skip


def post(client, url: str, data: dict, page_url: str):
    with client.application.app_context():
        token = csrf(client.get(page_url).get_data(as_text=True))
        return client.post(url, data={"csrf_token": token, **data})


@pytest.fixture
def person(app):
    seeker, _ = register(WOMAN)
    return seeker


@pytest.fixture
def desk(app):
    return signed_in(app, "wang")


def save(desk, person, **changes):
    url = f"/staff/assistance/seekers/{person.id}/profile"
    return post(desk, url, {**GOOD_FORM, **changes}, url)


def profiles() -> int:
    return db.session.scalar(select(func.count()).select_from(AssistanceProfile))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"left_higher_education_on": "1970-07-01"}, "早于本人出生日期"),
        ({"registered_unemployed_since": "2031-01-01"}, "这个日期还没到"),
        (
            {"household_registered_unemployed": "0", "household_outside_working_age": ""},
            "一户至少有一人",
        ),
    ],
)
def test_bad_input_is_said_beside_the_field_and_nothing_is_saved(desk, person, changes, message):
    answer = save(desk, person, **changes)
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)
    assert 'role="alert"' in answer.get_data(as_text=True)
    assert profiles() == 0


def test_the_profile_screen_shows_the_pre_check_and_seals_for_others(app, desk, person):
    assert save(desk, person).status_code == 303
    text = get(desk, f"/staff/assistance/seekers/{person.id}").get_data(as_text=True)
    assert "可能属于第5类" in text and "可能属于第1类" in text
    assert "✓ 居民身份证" in text and "✗ 低保证明" in text
    assert "腰椎间盘突出" in text
    manager = signed_in(app, "li", StaffRole.manager)
    other = get(manager, f"/staff/assistance/seekers/{person.id}").get_data(as_text=True)
    assert "腰椎间盘突出" not in other and "可能属于" not in other and "•••" in other


def test_determination_tier_and_tasks_through_the_forms(app, desk, person):
    save(desk, person)
    page_url = f"/staff/assistance/seekers/{person.id}"
    applied = post(desk, f"{page_url}/determinations",
                   {"category": "5", "platform": "希日塔拉街道", "acted_on": "2026-11-02",
                    "acted_by": "本人"}, page_url)  # fmt: skip
    assert applied.status_code == 303
    chosen = post(
        desk,
        f"{page_url}/tier",
        {"tier": "guided", "key_group": "difficulty", "reason": "低保，需带岗"},
        page_url,
    )
    assert chosen.status_code == 303
    text = get(desk, page_url).get_data(as_text=True)
    assert "规则 nm-2020" in text and "指导服务" in text and "推荐岗位" in text
    follow_ups = get(desk, "/staff/visits/follow-ups").get_data(as_text=True)
    assert "task-list" in follow_ups and "推荐岗位" in follow_ups  # due within a week
    tasks = get(desk, "/staff/assistance/tasks").get_data(as_text=True)
    task_id = re.search(r"/staff/assistance/tasks/([0-9a-f-]+)/done", tasks)[1]
    done = post(desk, f"/staff/assistance/tasks/{task_id}/done", {}, "/staff/assistance/tasks")
    assert done.status_code == 303
    assert task_id not in get(desk, "/staff/assistance/tasks").get_data(as_text=True)


def test_a_door_to_door_request_is_listed_by_village_and_visited(app, desk, person):
    made = post(desk, "/staff/assistance/requests/new",
                {"kind": "door_to_door", "channel": "phone", "what": "上门办理失业登记",
                 "township": "宝力根苏木", "village": "巴彦嘎查", "asked_by": "女儿",
                 "seeker": str(person.id)}, "/staff/assistance/requests/new")  # fmt: skip
    assert made.status_code == 303
    listed = get(desk, "/staff/assistance/requests").get_data(as_text=True)
    assert "宝力根苏木 巴彦嘎查" in listed
    home = db.session.scalars(select(HomeRequest)).one()
    url = f"/staff/assistance/requests/{home.id}/visit"
    empty = post(desk, url, {}, url)
    assert empty.status_code == 422
    visited = post(desk, url, {"services": "policy_consultation", "follow_up_on": ""}, url)
    assert visited.status_code == 303, visited.get_data(as_text=True)[:2000]
    db.session.expire_all()
    record = db.session.scalars(select(ServiceRecord)).one()
    assert db.session.get(HomeRequest, home.id).service_record_id == record.id


def test_sealed_answers_reach_no_url_log_or_audit_line(app, desk, person, caplog):
    import logging

    from kiosk.models import AuditEntry

    caplog.set_level(logging.DEBUG)
    sealed = {
        "disability_certificate": "yes", "criteria_disability_certificate": "shown",
        "criteria_minimum_allowance_proof": "claimed",
    }  # fmt: skip
    answer = save(desk, person, **sealed)
    assert answer.status_code == 303 and "腰椎" not in answer.location
    profile = db.session.scalars(select(AssistanceProfile)).one()
    clear = str(profile.criteria) + str(profile.proofs_in_hand)
    assert "disability" not in clear and "minimum_allowance" not in clear
    assert "腰椎" not in caplog.text and "disability" not in caplog.text
    lines = [f"{e.action} {e.record_id} {e.detail}" for e in db.session.scalars(select(AuditEntry))]
    assert not any("腰椎" in line or "disability" in line for line in lines)
    manager = signed_in(app, "li", StaffRole.manager)  # not a counselor: sealed for them
    text = get(manager, f"/staff/assistance/seekers/{person.id}").get_data(as_text=True)
    assert "腰椎" not in text and "残疾人证 · " not in text and "低保证明 · " not in text
    mine = get(desk, f"/staff/assistance/seekers/{person.id}").get_data(as_text=True)
    assert "残疾人证 · 已出示证明" in mine and "低保证明 · 已申报，尚无证明" in mine


def test_a_criterion_past_its_review_day_is_on_the_list(app, desk, person):
    from datetime import date

    save(desk, person)
    profile = db.session.scalars(select(AssistanceProfile)).one()
    profile.criteria = [
        "id_card shown 2028-01-01",
        "unemployment_registration confirmed 2026-06-01",
    ]
    profile.review_on = date(2026, 6, 1)  # as a profile taken half a year ago would have it
    db.session.commit()
    listed = get(desk, "/staff/assistance/tasks").get_data(as_text=True)
    due = re.findall(r'<span class="tag criterion-due">([^<]*)</span>', listed)
    assert len(due) == 1 and "失业登记证明" in due[0] and "2026年6月1日" in due[0]
