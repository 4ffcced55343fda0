"""Precise assistance at a station: a profile taken and sealed, its pre-check by the same code
as `kiosk assistance precheck`, determinations through their steps, a tier's package of tasks
(appear, done, counted), reviews that fell due, and bad input refused with nothing saved."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select
from test_registration_service import GOOD, register

from kiosk.assistance.determinations import StepForm, StepProblem, apply, next_steps, record_step
from kiosk.assistance.plans import (
    TierForm,
    choose_tier,
    done_task_counts,
    finish_task,
    groups_of,
    load_packages,
    open_tasks,
    reviews_due,
    tasks_of_plan,
)
from kiosk.assistance.precheck import precheck
from kiosk.assistance.profiles import (
    ProfileForm,
    ProfileProblem,
    all_criteria,
    changes,
    criteria_changes,
    criteria_due,
    profile_facts,
    profile_precheck,
    sensitive_of,
    take_profile,
)
from kiosk.domain.forms import Problem, Refused
from kiosk.extensions import db
from kiosk.models import (
    AssistanceProfile,
    AssistanceTask,
    ProofStatus,
    Step,
    TaskKind,
    Tier,
)
from kiosk.personal_data import vault_for

TODAY = date(2026, 12, 1)
PP = ProfileProblem
BENEFIT = "local_unemployment_benefit"
GRADUATED, REGISTERED = "left_higher_education_on", "registered_unemployed_since"
#: A woman of 46 in town, registered unemployed for 2 years, on the minimum allowance since
#: 2024, two in the household both registered unemployed, insured 5 years.
FORM = ProfileForm(
    place="caravan",
    urban_resident="yes",
    able_and_willing="yes",
    registered_unemployed_since="2024-10-01",
    residence_months="120",
    insured_months="60",
    household={"registered_unemployed": "2", "outside_working_age": "1"},
    household_business_income="no",
    ever_employed="yes",
    work_history="2010–2023 乳品厂 包装工",
    barriers=["care_duties", "transport"],
    proofs_in_hand=["id_card", "unemployment_registration"],
    education="junior_middle",
    skills="挤奶、包装",
    health="腰椎间盘突出，不能久站",
    disability_certificate="no",
    minimum_allowance="yes",
    minimum_allowance_since="2024-03-01",
)
WOMAN = replace(GOOD, id_number="150102198005060027", name_zh="其其格", mobile="13912340000")


@pytest.fixture
def person(app):
    seeker, _ = register(WOMAN)
    return seeker


def take(seeker, form=FORM, today=TODAY, by="wang"):
    profile = take_profile(
        db.session, vault_for(current_app), seeker, form,
        station_code="DEMO", taken_by=by, today=today,
    )  # fmt: skip
    db.session.commit()
    return profile


def refused(seeker, **changes) -> dict[str, object]:
    with pytest.raises(Refused) as caught:
        take(seeker, replace(FORM, **changes))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AssistanceProfile)) == 0
    return {name: p.problem for name, p in caught.value.problems.items()}


def test_a_profile_is_stored_with_health_and_allowance_sealed(app, person, database):
    profile = take(person)
    assert profile.household == [
        "registered_unemployed",
        "registered_unemployed",
        "outside_working_age",
    ]
    assert profile.rules_version == "nm-2020" and profile.review_on > TODAY
    assert person.education == "junior_middle" and person.skills == "挤奶、包装"
    sensitive = sensitive_of(vault_for(app), profile)
    assert sensitive.health.startswith("腰椎") and sensitive.minimum_allowance
    raw = database.read_bytes()
    for plain in ("腰椎间盘突出", "minimum_allowance_since", "2024-03-01"):
        assert plain.encode() not in raw


def test_the_profile_screen_pre_check_is_the_commands(app, person):
    """The same facts through `precheck`: categories 1 (46, 10 years here, 5 insured),
    3 (every working-age member registered) and 5 (allowance, 2 years registered, 35+)."""
    profile = take(person)
    shown = profile_precheck(vault_for(app), profile, TODAY, "zh_Hans_CN")
    facts = profile_facts(profile, person, sensitive_of(vault_for(app), profile), TODAY)
    assert shown == precheck(facts, "zh_Hans_CN")
    assert [c["category"] for c in shown["categories"]] == [1, 3, 5]
    missing = {c["category"]: [p["code"] for p in c["missing_proofs"]] for c in shown["categories"]}
    assert missing[5] == ["minimum_allowance_proof"]
    assert "unemployment_registration" not in missing[1]  # in hand
    unregistered = take(person, replace(FORM, registered_unemployed_since=""))
    shown = profile_precheck(vault_for(app), unregistered, TODAY, "mn_Mong_CN")
    assert shown["categories"] == []
    assert any(m["code"] == "registered_unemployed" for m in shown["missing_conditions"])


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({GRADUATED: "1979-07-01"}, GRADUATED, PP.before_birth),
        ({GRADUATED: "1990-07-01"}, GRADUATED, PP.too_young),
        ({REGISTERED: "2027-01-05"}, REGISTERED, PP.in_future),
        ({"household": {}}, "household", PP.household_empty),
        ({"household": {"employed": "0"}}, "household", PP.household_empty),
        ({"household": {"employed": "-1"}}, "household", Problem.not_a_number),
        ({"insured_months": "700"}, "insured_months", PP.more_than_lifetime),
        ({"residence_months": "十"}, "residence_months", Problem.not_a_number),
        ({"minimum_allowance": "no"}, "minimum_allowance_since", PP.needs_allowance),
        ({"compensation_monthly": "900"}, "compensation_monthly", PP.needs_land),
        ({"land_taken": "grassland", "compensation_monthly": "900"}, BENEFIT, PP.needs_benefit),
        ({REGISTERED: "2024/13/01"}, REGISTERED, Problem.not_a_date),
        ({"barriers": ["wolves"]}, "barriers", Problem.unknown_choice),
        ({"urban_resident": ""}, "urban_resident", Problem.required),
    ],
)  # fmt: skip
def test_bad_input_is_named_beside_its_field_and_nothing_is_saved(person, changes, field, problem):
    assert refused(person, **changes)[field] == problem


def test_ages_outside_working_age_are_refused(app):
    older, _ = register(replace(WOMAN, id_number="150102196201010044", mobile="13912340001"))
    assert refused(older) == {"person": PP.outside_working_age}  # 64, a woman


def test_re_profiling_shows_what_changed(app, person):
    first = take(person)
    second = take(person, replace(FORM, residence_months="121", minimum_allowance="no",
                                  minimum_allowance_since="", barriers=["transport"]))  # fmt: skip
    assert changes(None, first, second) == ["residence_months", "barriers"]
    assert changes(vault_for(app), first, second) == [
        "residence_months", "barriers", "minimum_allowance", "minimum_allowance_since",
    ]  # fmt: skip


def step(determination, name, on, **fields):
    fields = {"acted_by": "社区 李主任", **fields}
    made = record_step(
        db.session, determination, StepForm(step=name, acted_on=on, **fields),
        station_code="DEMO", recorded_by="wang", today=TODAY,
    )  # fmt: skip
    db.session.commit()
    return made


def test_a_determination_goes_through_its_steps_with_its_rules_version(app, person):
    profile = take(person)
    determination = apply(
        db.session, profile, "5", "锡林浩特市 希日塔拉街道 平台",
        StepForm(acted_on="2026-11-02", acted_by="本人申请"),
        station_code="DEMO", recorded_by="wang", today=TODAY,
    )  # fmt: skip
    db.session.commit()
    assert determination.rules_version == "nm-2020" and determination.category == 5
    assert next_steps(determination) == (Step.reviewed,)
    with pytest.raises(Refused) as out_of_order:
        step(determination, "decided", "2026-11-05", outcome="approved")
    assert out_of_order.value.problems["step"].problem == StepProblem.not_next
    db.session.rollback()
    step(determination, "reviewed", "2026-11-09", outcome="approved")
    with pytest.raises(Refused) as backwards:
        step(
            determination,
            "notice",
            "2026-11-10",
            notice_from="2026-11-10",
            notice_until="2026-11-03",
        )
    assert backwards.value.problems["notice_until"].problem == StepProblem.notice_dates
    db.session.rollback()
    step(determination, "notice", "2026-11-10", notice_from="2026-11-10", notice_until="2026-11-16")
    with pytest.raises(Refused) as early:
        step(determination, "decided", "2026-11-15", outcome="approved")
    assert early.value.problems["acted_on"].problem == StepProblem.before_notice_ends
    db.session.rollback()
    step(determination, "decided", "2026-11-20", acted_by="旗人社局", outcome="approved")
    assert next_steps(determination) == (Step.exited, Step.review_requested)
    with pytest.raises(Refused) as future:
        step(determination, "exited", "2026-12-24")
    assert future.value.problems["acted_on"].problem == StepProblem.in_future
    db.session.rollback()
    assert [s.step for s in determination.steps] == ["applied", "reviewed", "notice", "decided"]


def test_a_tier_brings_its_package_whose_tasks_appear_are_done_and_count(app, person):
    profile = take(person)
    groups = groups_of(person, difficulty=True)
    assert groups == ["migrant_worker", "difficulty", "general"]
    plan = choose_tier(
        db.session, person, profile, TierForm("intensive", "difficulty", "两项困难，需每周联系"),
        groups=groups, station_code="DEMO", counselor="wang", today=TODAY,
    )  # fmt: skip
    db.session.commit()
    spec = load_packages().groups["difficulty"].tiers[Tier.intensive]
    tasks = tasks_of_plan(db.session, plan)
    assert len(tasks) == sum(s.count for s in spec)
    assert {t.kind for t in tasks} == set(TaskKind)
    assert open_tasks(db.session, "wang")[0].due_on == TODAY + timedelta(days=3)
    assert open_tasks(db.session, "li") == []
    first = open_tasks(db.session, "wang")[0]
    assert finish_task(db.session, first.id, "wang", TODAY)
    assert not finish_task(db.session, first.id, "wang", TODAY)  # a double click
    db.session.commit()
    counts = done_task_counts(db.session, TODAY, TODAY)
    assert [(c.origin, c.key_group, c.tier, c.kind, c.count) for c in counts] == [
        ("DEMO", "difficulty", Tier.intensive, TaskKind.job_offer, 1)
    ]
    assert done_task_counts(db.session, TODAY + timedelta(days=1), TODAY + timedelta(days=9)) == []
    # A new tier cancels what was left of the old package: not done, not on the list.
    choose_tier(
        db.session, person, profile, TierForm("self_service", "general", "找到方向，自助即可"),
        groups=groups, station_code="DEMO", counselor="wang", today=TODAY,
    )  # fmt: skip
    db.session.commit()
    assert (
        db.session.scalar(
            select(func.count()).select_from(AssistanceTask).where(AssistanceTask.cancelled)
        )
        == len(tasks) - 1
    )
    assert sum(c.count for c in done_task_counts(db.session, TODAY, TODAY)) == 1


def test_a_tier_needs_a_reason_and_one_of_the_persons_groups(app, person):
    with pytest.raises(Refused) as caught:
        choose_tier(
            db.session, person, None, TierForm("guided", "ex_serviceman", " "),
            groups=groups_of(person, difficulty=False), station_code="DEMO",
            counselor="wang", today=TODAY,
        )  # fmt: skip
    assert set(caught.value.problems) == {"key_group", "reason"}


def test_people_not_reviewed_in_time_appear(app, person):
    profile = take(person)
    choose_tier(
        db.session, person, profile, TierForm("intensive", "general", "刚失业"),
        groups=groups_of(person, difficulty=False), station_code="DEMO",
        counselor="wang", today=TODAY,
    )  # fmt: skip
    db.session.commit()
    assert reviews_due(db.session, TODAY) == []
    due = reviews_due(db.session, TODAY + timedelta(days=40))
    assert [(r.seeker.id, r.what) for r in due] == [(person.id, ("tier",))]
    due = reviews_due(db.session, TODAY + timedelta(days=200))
    assert due[0].what == ("profile", "tier")
    apply(
        db.session, profile, "1", "社区平台", StepForm(acted_on="2026-11-30", acted_by="本人"),
        station_code="DEMO", recorded_by="wang", today=TODAY,
    )  # fmt: skip
    db.session.commit()
    assert reviews_due(db.session, TODAY + timedelta(days=10)) == []
    due = reviews_due(db.session, TODAY + timedelta(days=13))  # the review waits 14 days
    assert due[0].what == ("determination",)


# -- each claimed criterion: its proof status and review day -------------------------------

CRITERIA = {
    "unemployment_registration": "confirmed",
    "residence_proof": "shown",
    "minimum_allowance_proof": "claimed",
}


def test_each_claimed_criterion_keeps_its_status_and_review_day(app, person):
    profile = take(
        person,
        replace(FORM, criteria=CRITERIA, criteria_review={"residence_proof": "2027-02-01"}),
    )
    clear = {w.split()[0]: tuple(w.split()[1:]) for w in profile.criteria}
    assert clear == {
        "id_card": ("shown", "2028-11-30"),  # proofs_in_hand alone: shown, 730 days
        "unemployment_registration": ("confirmed", "2027-06-02"),  # 183 days
        "residence_proof": ("shown", "2027-02-01"),  # the counselor's day
    }
    # A claim of the allowance says what is sealed: it is sealed with it, not in the clear.
    assert "minimum_allowance_proof" not in str(profile.criteria) + str(profile.proofs_in_hand)
    sealed = sensitive_of(vault_for(current_app), profile).criteria
    assert sealed == ("minimum_allowance_proof claimed 2027-06-02",)
    assert profile.review_on == date(2027, 2, 1)  # the earliest criterion
    facts = profile_facts(profile, person, sensitive_of(vault_for(current_app), profile), TODAY)
    assert "minimum_allowance_proof" not in facts["proofs_in_hand"]  # claimed is not in hand
    due = criteria_due(profile, None, date(2027, 6, 2))
    assert [c.proof for c in due] == ["unemployment_registration", "residence_proof"]
    opened = criteria_due(profile, sensitive_of(vault_for(current_app), profile), date(2027, 6, 2))
    assert "minimum_allowance_proof" in [c.proof for c in opened]


REVIEW = "criteria_residence_proof_review"


@pytest.mark.parametrize(
    ("criteria", "review", "field"),
    [
        ({"residence_proof": "maybe"}, {}, "criteria_residence_proof"),
        ({"residence_proof": "shown"}, {"residence_proof": "2026-11-30"}, REVIEW),
        ({"residence_proof": "shown"}, {"residence_proof": "2026-12-01"}, REVIEW),
        ({"residence_proof": "shown"}, {"residence_proof": "2031-01-01"}, REVIEW),
        ({"residence_proof": "shown"}, {"residence_proof": "2027-02-30"}, REVIEW),
        ({"passport": "shown"}, {}, "proofs_in_hand"),
    ],
)  # fmt: skip
def test_a_criterion_with_a_bad_status_or_review_day_is_refused(
    app, person, criteria, review, field
):
    problems = refused(person, criteria=criteria, criteria_review=review)
    assert field in problems
    assert db.session.scalar(select(func.count()).select_from(AssistanceProfile)) == 0


def test_re_profiling_shows_how_each_criterion_moved(app, person):
    first = take(person, replace(FORM, criteria=CRITERIA))
    again = take(
        person,
        replace(FORM, proofs_in_hand=[], criteria={**CRITERIA, "residence_proof": "confirmed",
                                                   "unemployment_registration": ""}),
        today=TODAY + timedelta(days=30),
    )  # fmt: skip
    vault = vault_for(current_app)
    moved = criteria_changes(
        all_criteria(first, sensitive_of(vault, first)),
        all_criteria(again, sensitive_of(vault, again)),
    )
    assert [(m.proof, m.before, m.after) for m in moved] == [
        ("id_card", ProofStatus.shown, None),
        ("unemployment_registration", ProofStatus.confirmed, None),
        ("residence_proof", ProofStatus.shown, ProofStatus.confirmed),
    ]
