"""Precise assistance at the desk or a caravan: a person's profile and its pre-check, their
determinations, the tier and its tasks, the task list, and door-to-door requests by village."""

import uuid
from collections.abc import Iterable, Mapping

from flask import abort, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from kiosk.assistance import labels
from kiosk.assistance.determinations import (
    StepForm,
    apply,
    determinations_of,
    is_standing,
    next_steps,
    record_step,
)
from kiosk.assistance.plans import (
    TierForm,
    choose_tier,
    current_plan,
    finish_task,
    groups_of,
    load_packages,
    open_tasks,
    reviews_due,
    tasks_of_plan,
)
from kiosk.assistance.precheck import DIFFICULTY_RULES, LANGUAGES
from kiosk.assistance.profiles import (
    CriterionChange,
    ProfileForm,
    all_criteria,
    blank_form,
    changes,
    criteria_changes,
    criteria_due,
    form_of,
    in_hand,
    profile_precheck,
    profiles_of,
    sensitive_of,
    take_profile,
)
from kiosk.assistance.reading import read_form
from kiosk.assistance.requests import (
    RequestForm,
    ask,
    assign,
    contact_of,
    record_home_visit,
    requests_by_village,
)
from kiosk.domain.forms import FieldProblem, Refused, parse_date
from kiosk.domain.rules import load_rules
from kiosk.domain.stations import station_services
from kiosk.extensions import db
from kiosk.i18n import localized
from kiosk.models import (
    AssistanceProfile,
    AssistanceTask,
    Determination,
    HomeRequest,
    MemberSituation,
    Seeker,
    StaffRole,
    local_today,
)
from kiosk.personal_data import vault_for
from kiosk.records.service import Visit
from kiosk.web.render import page
from kiosk.web.staff import audit, staff_blueprint

bp = staff_blueprint("assistance", __name__, "/staff/assistance")


def _station() -> str:
    return current_app.config["STATION_CODE"]


def _language() -> str:
    return LANGUAGES.get(str(get_locale()), "zh")


def may_see_sealed(profile: AssistanceProfile) -> bool:
    """Health, disability and allowance: only to counselors of the outlet that took them
    (another box has neither the right nor the key)."""
    return current_user.role == StaffRole.counselor and profile.origin == _station()


def _prefixed(form: MultiDict[str, str], prefix: str, codes: Iterable[str], suffix: str = ""):
    return {code: form.get(f"{prefix}{code}{suffix}", "") for code in codes}


def _profile_form(form: MultiDict[str, str]) -> ProfileForm:
    proofs = load_rules(DIFFICULTY_RULES).proofs
    return read_form(
        ProfileForm, form,
        household=_prefixed(form, "household_", (s.value for s in MemberSituation)),
        criteria=_prefixed(form, "criteria_", proofs),
        criteria_review=_prefixed(form, "criteria_", proofs, "_review"),
    )  # fmt: skip


@bp.get("/seekers/<uuid:seeker_id>")
def profile(seeker_id: uuid.UUID) -> ResponseReturnValue:
    return _profile_page(db.get_or_404(Seeker, seeker_id))


def _profile_page(
    seeker: Seeker, problems: Mapping[str, FieldProblem] = {}, status: int = 200, **forms: object
) -> ResponseReturnValue:
    vault = vault_for(current_app)
    today = local_today()
    profiles = profiles_of(db.session, seeker.id)
    current = profiles[0] if profiles else None
    sees = current is not None and may_see_sealed(current)
    previous = profiles[1] if len(profiles) > 1 else None
    sensitive = sensitive_of(vault, current) if sees and current else None
    changed: list[str] = []
    moved: list[CriterionChange] = []
    if current is not None and previous is not None:
        opens = sees and may_see_sealed(previous)
        changed = changes(vault if opens else None, previous, current)
        before = sensitive_of(vault, previous) if opens else None
        moved = criteria_changes(all_criteria(previous, before), all_criteria(current, sensitive))
    determinations = determinations_of(db.session, seeker.id)
    plan = current_plan(db.session, seeker.id)
    difficulty = any(is_standing(d) for d in determinations)
    return page(
        "assistance/profile.html",
        status=status,
        seeker=seeker,
        profile=current,
        sees_sealed=sees,
        sensitive=sensitive,
        precheck=profile_precheck(vault, current, today, str(get_locale()))
        if sees and current
        else None,
        changed=changed,
        moved=moved,
        criteria=all_criteria(current, sensitive) if current else [],
        in_hand=in_hand(current, sensitive) if current else [],
        previous=previous,
        determinations=[(d, next_steps(d)) for d in determinations],
        plan=plan,
        tasks=tasks_of_plan(db.session, plan) if plan else [],
        groups=groups_of(seeker, difficulty),
        packages=load_packages(),
        rules=load_rules(DIFFICULTY_RULES),
        language=_language(),
        problems=labels.problems(dict(problems)),
        today=today,
        forms=forms,
    )


@bp.get("/seekers/<uuid:seeker_id>/profile")
def edit_profile(seeker_id: uuid.UUID) -> ResponseReturnValue:
    seeker = db.get_or_404(Seeker, seeker_id)
    profiles = profiles_of(db.session, seeker.id)
    if profiles and may_see_sealed(profiles[0]):
        form = form_of(profiles[0], sensitive_of(vault_for(current_app), profiles[0]), seeker)
    elif profiles:  # re-profiled elsewhere: the sealed part is asked again
        form = form_of(profiles[0], None, seeker)
    else:
        form = blank_form(seeker)
    return _profile_form_page(seeker, form)


def _profile_form_page(
    seeker: Seeker, form: ProfileForm, problems: Mapping[str, FieldProblem] = {}, status: int = 200
) -> ResponseReturnValue:
    return page(
        "assistance/profile_form.html",
        status=status,
        seeker=seeker,
        form=form,
        rules=load_rules(DIFFICULTY_RULES),
        language=_language(),
        problems=labels.problems(dict(problems)),
        today=local_today(),
    )


@bp.post("/seekers/<uuid:seeker_id>/profile")
def save_profile(seeker_id: uuid.UUID) -> ResponseReturnValue:
    seeker = db.get_or_404(Seeker, seeker_id)
    form = _profile_form(request.form)
    try:
        made = take_profile(
            db.session, vault_for(current_app), seeker, form,
            station_code=_station(), taken_by=current_user.username, today=local_today(),
        )  # fmt: skip
    except Refused as refused:
        db.session.rollback()
        return _profile_form_page(seeker, form, refused.problems, 422)
    audit(db.session, "take_profile", "assistance_profile", made.id, made.place.value)
    db.session.commit()
    flash(_("The profile is saved."), "done")
    return redirect(url_for(".profile", seeker_id=seeker.id), code=303)


@bp.post("/seekers/<uuid:seeker_id>/determinations")
def open_determination(seeker_id: uuid.UUID) -> ResponseReturnValue:
    seeker = db.get_or_404(Seeker, seeker_id)
    profiles = profiles_of(db.session, seeker.id)
    if not profiles:
        abort(404)
    try:
        made = apply(
            db.session, profiles[0], request.form.get("category", ""),
            request.form.get("platform", ""), read_form(StepForm, request.form),
            station_code=_station(), recorded_by=current_user.username, today=local_today(),
        )  # fmt: skip
    except Refused as refused:
        db.session.rollback()
        return _profile_page(seeker, refused.problems, 422, apply=request.form)
    audit(db.session, "apply_difficulty", "assistance_determination", made.id, made.rules_version)
    db.session.commit()
    flash(_("The application is recorded."), "done")
    return redirect(url_for(".profile", seeker_id=seeker.id) + "#determinations", code=303)


@bp.post("/determinations/<uuid:determination_id>/steps")
def add_step(determination_id: uuid.UUID) -> ResponseReturnValue:
    determination = db.get_or_404(Determination, determination_id)
    seeker = db.get_or_404(Seeker, determination.seeker_id)
    try:
        made = record_step(
            db.session, determination, read_form(StepForm, request.form),
            station_code=_station(), recorded_by=current_user.username, today=local_today(),
        )  # fmt: skip
    except Refused as refused:
        db.session.rollback()
        return _profile_page(
            seeker, {f"{determination.id}-{k}": v for k, v in refused.problems.items()}, 422,
            step=request.form,
        )  # fmt: skip
    audit(db.session, "determination_step", "assistance_determination", determination.id, made.step)
    db.session.commit()
    flash(_("The step is recorded."), "done")
    return redirect(url_for(".profile", seeker_id=seeker.id) + "#determinations", code=303)


@bp.post("/seekers/<uuid:seeker_id>/tier")
def set_tier(seeker_id: uuid.UUID) -> ResponseReturnValue:
    seeker = db.get_or_404(Seeker, seeker_id)
    profiles = profiles_of(db.session, seeker.id)
    difficulty = any(is_standing(d) for d in determinations_of(db.session, seeker.id))
    form = read_form(TierForm, request.form)
    try:
        plan = choose_tier(
            db.session, seeker, profiles[0] if profiles else None, form,
            groups=groups_of(seeker, difficulty), station_code=_station(),
            counselor=current_user.username, today=local_today(),
        )  # fmt: skip
    except Refused as refused:
        db.session.rollback()
        return _profile_page(seeker, refused.problems, 422, tier=request.form)
    audit(db.session, "choose_tier", "assistance_plan", plan.id, plan.tier.value)
    db.session.commit()
    flash(_("The tier is chosen and its tasks are on your list."), "done")
    return redirect(url_for(".profile", seeker_id=seeker.id) + "#plan", code=303)


@bp.get("/tasks")
def tasks() -> ResponseReturnValue:
    everyone = request.args.get("who") == "all"
    today = local_today()
    reviews = reviews_due(db.session, today)
    # Which claimed criteria are due, by person (the sealed ones are not opened for a list).
    due = {
        review.seeker.id: criteria_due(profiles[0], None, today)
        for review in reviews
        if "profile" in review.what and (profiles := profiles_of(db.session, review.seeker.id))
    }
    return page(
        "assistance/tasks.html",
        tasks=open_tasks(db.session, None if everyone else current_user.username),
        reviews=reviews,
        criteria_due=due,
        rules=load_rules(DIFFICULTY_RULES),
        language=_language(),
        everyone=everyone,
        today=today,
    )


@bp.post("/tasks/<uuid:task_id>/done")
def task_done(task_id: uuid.UUID) -> ResponseReturnValue:
    task = db.get_or_404(AssistanceTask, task_id)
    if finish_task(db.session, task.id, current_user.username, local_today()):
        audit(db.session, "task_done", "assistance_task", task.id, task.kind.value)
        db.session.commit()
        flash(_("The task is marked done."), "done")
    else:
        db.session.rollback()
        flash(_("This task was already done."), "problem")
    back = request.form.get("back", "")
    if back == "profile":
        return redirect(url_for(".profile", seeker_id=task.seeker_id) + "#plan", code=303)
    return redirect(url_for(".tasks"), code=303)


# -- door-to-door and proxy requests --------------------------------------------------------


@bp.get("/requests")
def requests_list() -> ResponseReturnValue:
    day = parse_date(request.args.get("day", "")) or local_today()
    return page(
        "assistance/requests.html", villages=requests_by_village(db.session, day), day=day,
        today=local_today(),
    )  # fmt: skip


def _seeker_from(values: Mapping) -> Seeker | None:
    try:
        seeker_id = uuid.UUID(values.get("seeker", ""))
    except ValueError:
        return None
    return db.session.get(Seeker, seeker_id)


@bp.get("/requests/new")
def new_request() -> ResponseReturnValue:
    seeker = _seeker_from(request.args)
    village = seeker.residence_place if seeker else ""
    return page(
        "assistance/request_form.html", seeker=seeker,
        form=RequestForm(channel="staff", village=village), problems={},
    )  # fmt: skip


@bp.post("/requests/new")
def save_request() -> ResponseReturnValue:
    seeker = _seeker_from(request.form)
    form = read_form(RequestForm, request.form)
    try:
        made = ask(db.session, form, seeker=seeker, station_code=_station(), today=local_today())
    except Refused as refused:
        db.session.rollback()
        return page(
            "assistance/request_form.html", status=422, seeker=seeker, form=form,
            problems=labels.problems(refused.problems),
        )  # fmt: skip
    audit(db.session, "home_request", "assistance_request", made.id, made.kind.value)
    db.session.commit()
    flash(_("The request is recorded."), "done")
    return redirect(url_for(".requests_list"), code=303)


@bp.post("/requests/<uuid:request_id>/assign")
def assign_request(request_id: uuid.UUID) -> ResponseReturnValue:
    home = db.get_or_404(HomeRequest, request_id)
    try:
        assign(db.session, home, current_user.username, request.form.get("planned_on", ""),
               local_today())  # fmt: skip
    except Refused as refused:
        db.session.rollback()
        flash(labels.problems(refused.problems)["planned_on"], "problem")
        return redirect(url_for(".requests_list"), code=303)
    audit(db.session, "assign_request", "assistance_request", home.id)
    db.session.commit()
    flash(_("The visit is planned."), "done")
    return redirect(url_for(".requests_list", day=home.planned_on), code=303)


def _visit_page(home: HomeRequest, visit: Visit, problems: Mapping[str, str] = {}, status=200):
    services = station_services(db.session, _station())
    # The number to call back: to a counselor of the outlet that took it, on this page only.
    sees = current_user.role == StaffRole.counselor and home.origin == _station()
    return page(
        "assistance/request_visit.html", status=status, home=home, visit=visit,
        contact=contact_of(vault_for(current_app), home) if sees else None,
        service_choices=[(service.code, localized(service, "name")) for service in services],
        problems=problems, today=local_today(),
    )  # fmt: skip


@bp.get("/requests/<uuid:request_id>/visit")
def visit_request(request_id: uuid.UUID) -> ResponseReturnValue:
    return _visit_page(db.get_or_404(HomeRequest, request_id), Visit(services=[]))


@bp.post("/requests/<uuid:request_id>/visit")
def save_request_visit(request_id: uuid.UUID) -> ResponseReturnValue:
    from kiosk.records import labels as record_labels

    home = db.get_or_404(HomeRequest, request_id)
    visit = read_form(Visit, request.form)
    try:
        record = record_home_visit(
            db.session, vault_for(current_app), home, visit,
            station_code=_station(), served_by=current_user.username, today=local_today(),
        )  # fmt: skip
    except Refused as refused:
        db.session.rollback()
        shown = {
            name: labels.problem(p)
            if p.problem in labels.PROBLEMS
            else record_labels.record_problem(p)
            for name, p in refused.problems.items()
        }
        return _visit_page(home, visit, shown, 422)
    audit(db.session, "home_visit", "service_record", record.id, home.kind.value)
    db.session.commit()
    flash(_("The visit is recorded."), "done")
    return redirect(url_for(".requests_list"), code=303)
