"""Taking a profile (求职就业画像) at the desk or a caravan, sealing what is sensitive, and
reading it back as the facts the difficulty rules judge (the CLI's JSON, one code path)."""

import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.assistance.plans import load_packages
from kiosk.assistance.precheck import DIFFICULTY_RULES, PrecheckRefused, precheck
from kiosk.domain.forms import Checker, Problem
from kiosk.domain.rules import full_years, load_rules
from kiosk.models import (
    AssistanceProfile,
    Barrier,
    Education,
    ExpropriationLevel,
    LandTaken,
    MemberSituation,
    ProfilePlace,
    ProofStatus,
    Seeker,
)
from kiosk.personal_data import Vault

SENSITIVE_CONTEXT = "assistance_profile.sensitive"
#: The claimed criteria are looked at again after this (France's diagnosis keeps 6 months).
REVIEW_AFTER = timedelta(days=183)
MAX_HEALTH = 300
MAX_WORK_HISTORY = 1000
MAX_SKILLS = 500
#: A person with more in one household is a typing slip, not a household.
MAX_MEMBERS = 30
#: Nobody graduates or registers as unemployed before this age.
MIN_AGE_FOR_DATES = 15
YES, NO = "yes", "no"


class ProfileProblem(enum.StrEnum):
    before_birth = "before_birth"
    too_young = "too_young"  # a date before the person's 15th birthday
    in_future = "in_future"
    household_empty = "household_empty"  # a household of 0
    household_too_big = "household_too_big"
    months_out_of_range = "months_out_of_range"
    more_than_lifetime = "more_than_lifetime"  # more months than the person has lived
    amount_out_of_range = "amount_out_of_range"
    needs_allowance = "needs_allowance"  # a date on the allowance without the allowance
    needs_land = "needs_land"  # an expropriation level or compensation without land taken
    needs_benefit = "needs_benefit"  # compensation without the benefit to compare it with
    outside_working_age = "outside_working_age"
    unknown_proof = "unknown_proof"
    review_not_ahead = "review_not_ahead"  # a criterion's review day from tomorrow to 3 years


@dataclass(frozen=True)
class ProfileForm:
    """What the counselor typed and ticked, as the form sent it (all text)."""

    place: str = ""
    urban_resident: str = ""
    able_and_willing: str = ""
    registered_unemployed_since: str = ""
    residence_months: str = ""
    insured_months: str = ""
    household: Mapping[str, str] = field(default_factory=dict)  # situation → how many
    household_business_income: str = ""
    land_taken: str = ""
    expropriation_level: str = ""
    compensation_monthly: str = ""
    local_unemployment_benefit: str = ""
    left_higher_education_on: str = ""
    ever_employed: str = ""
    work_history: str = ""
    barriers: Sequence[str] = ()
    proofs_in_hand: Sequence[str] = ()
    #: Each claimed criterion (a proof code): its ProofStatus, and the day to review it
    #: ("" for the package file's default). A proof in `proofs_in_hand` alone counts as shown.
    criteria: Mapping[str, str] = field(default_factory=dict)
    criteria_review: Mapping[str, str] = field(default_factory=dict)
    education: str = ""
    skills: str = ""
    certificates: str = ""
    # sealed
    health: str = ""
    disability_certificate: str = ""
    minimum_allowance: str = ""
    minimum_allowance_since: str = ""


#: Criteria whose very claim says what is sealed (a disability, the allowance): their status
#: and review day are sealed with the rest, never kept in the clear.
SENSITIVE_PROOFS = frozenset({"disability_certificate", "minimum_allowance_proof"})


@dataclass(frozen=True)
class Sensitive:
    """The sealed part of a profile: health, disability certificate, minimum allowance, and
    the claimed criteria of SENSITIVE_PROOFS."""

    health: str = ""
    disability_certificate: bool = False
    minimum_allowance: bool = False
    minimum_allowance_since: date | None = None
    criteria: tuple[str, ...] = ()  # Criterion.word each

    def seal(self, vault: Vault) -> bytes:
        since = self.minimum_allowance_since
        data = {
            "health": self.health,
            "disability_certificate": self.disability_certificate,
            "minimum_allowance": self.minimum_allowance,
            "minimum_allowance_since": since.isoformat() if since else None,
            "criteria": list(self.criteria),
        }
        return vault.seal(json.dumps(data, ensure_ascii=False), context=SENSITIVE_CONTEXT)


def sensitive_of(vault: Vault, profile: AssistanceProfile) -> Sensitive:
    data = json.loads(vault.open(profile.sensitive_sealed, context=SENSITIVE_CONTEXT))
    since = data["minimum_allowance_since"]
    return Sensitive(
        health=data["health"],
        disability_certificate=data["disability_certificate"],
        minimum_allowance=data["minimum_allowance"],
        minimum_allowance_since=date.fromisoformat(since) if since else None,
        criteria=tuple(data.get("criteria", ())),  # profiles taken before 0016 had none
    )


@dataclass(frozen=True)
class Criterion:
    """A claimed criterion (a proof code of the rules), its proof status and review day."""

    proof: str
    status: ProofStatus
    review_on: date

    @property
    def word(self) -> str:
        """As it is stored and travels: "proof status day" (a list of words, as every JSON
        column of a synced record is)."""
        return f"{self.proof} {self.status.value} {self.review_on.isoformat()}"

    @classmethod
    def read(cls, word: str) -> "Criterion":
        proof, status, day = word.split()
        return cls(proof, ProofStatus(status), date.fromisoformat(day))


def all_criteria(profile: AssistanceProfile, sensitive: Sensitive | None) -> list[Criterion]:
    """The claimed criteria, the sealed ones too when opened, in the rules' order."""
    order = {code: n for n, code in enumerate(load_rules(DIFFICULTY_RULES).proofs)}
    found = [
        Criterion.read(word)
        for word in (*profile.criteria, *(sensitive.criteria if sensitive else ()))
    ]
    return sorted(found, key=lambda c: order.get(c.proof, len(order)))


def in_hand(profile: AssistanceProfile, sensitive: Sensitive | None) -> list[str]:
    """The proofs shown or confirmed (the sealed ones too when opened)."""
    return [c.proof for c in all_criteria(profile, sensitive) if c.status != ProofStatus.claimed]


def form_of(profile: AssistanceProfile, sensitive: Sensitive | None, seeker: Seeker) -> ProfileForm:
    """A profile as the form shows it again (re-profiling starts from the last one)."""

    def yes(value: bool) -> str:
        return YES if value else NO

    def day(value: date | None) -> str:
        return value.isoformat() if value else ""

    def number(value: int | None) -> str:
        return "" if value is None else str(value)

    counts = {s.value: str(profile.household.count(s.value)) for s in MemberSituation}
    return ProfileForm(
        place=profile.place.value,
        urban_resident=yes(profile.urban_resident),
        able_and_willing=yes(profile.able_and_willing),
        registered_unemployed_since=day(profile.registered_unemployed_since),
        residence_months=str(profile.residence_months),
        insured_months=str(profile.insured_months),
        household=counts,
        household_business_income=yes(profile.household_business_income),
        land_taken=profile.land_taken.value if profile.land_taken else "",
        expropriation_level=profile.expropriation_level.value
        if profile.expropriation_level
        else "",
        compensation_monthly=number(profile.compensation_monthly),
        local_unemployment_benefit=number(profile.local_unemployment_benefit),
        left_higher_education_on=day(profile.left_higher_education_on),
        ever_employed=yes(profile.ever_employed),
        work_history=profile.work_history,
        barriers=list(profile.barriers),
        proofs_in_hand=list(profile.proofs_in_hand),
        # Re-profiling is the review: the statuses carry over, the review days start again.
        criteria={c.proof: c.status.value for c in all_criteria(profile, sensitive)},
        education=seeker.education.value,
        skills=seeker.skills,
        certificates=seeker.certificates,
        health=sensitive.health if sensitive else "",
        disability_certificate=yes(sensitive.disability_certificate) if sensitive else "",
        minimum_allowance=yes(sensitive.minimum_allowance) if sensitive else "",
        minimum_allowance_since=day(sensitive.minimum_allowance_since) if sensitive else "",
    )


def blank_form(seeker: Seeker) -> ProfileForm:
    return ProfileForm(
        education=seeker.education.value, skills=seeker.skills, certificates=seeker.certificates
    )


def _yes_no(check: Checker, name: str, raw: str) -> bool:
    raw = check.clean(name, raw)
    if raw not in (YES, NO):
        check.refuse(name, Problem.required if not raw else Problem.unknown_choice)
    return raw == YES


def _past_date(check: Checker, name: str, raw: str, seeker: Seeker, today: date) -> date | None:
    """An optional date in the person's life up to today, and not before they were 15."""
    value = check.date(name, raw, required=False)
    if value is None:
        return None
    if value < seeker.birth_date:
        check.refuse(name, ProfileProblem.before_birth)
    elif full_years(seeker.birth_date, value) < MIN_AGE_FOR_DATES:
        check.refuse(name, ProfileProblem.too_young, MIN_AGE_FOR_DATES)
    elif value > today:
        check.refuse(name, ProfileProblem.in_future)
    return value


def _months(check: Checker, name: str, raw: str, lifetime: int) -> int:
    value = check.number(name, raw, 0, 1200, out_of_range=ProfileProblem.months_out_of_range)
    if value is not None and value > lifetime:
        check.refuse(name, ProfileProblem.more_than_lifetime)
    return value or 0


def _amount(check: Checker, name: str, raw: str) -> int | None:
    return check.number(
        name, raw, 0, 100_000, out_of_range=ProfileProblem.amount_out_of_range, required=False
    )


def take_profile(
    session: Session,
    vault: Vault,
    seeker: Seeker,
    form: ProfileForm,
    *,
    station_code: str,
    taken_by: str,
    today: date,
) -> AssistanceProfile:
    """Check everything, then add one profile (the caller commits); nothing on a refusal.

    The person's skills, certificates and education are the registration's (kiosk/seekers),
    updated here rather than kept twice; their wishes stay the registration's alone.
    """
    rules = load_rules(DIFFICULTY_RULES)
    check = Checker()
    place = check.choice("place", form.place, ProfilePlace, required=True)
    urban = _yes_no(check, "urban_resident", form.urban_resident)
    able = _yes_no(check, "able_and_willing", form.able_and_willing)
    registered = _past_date(
        check, "registered_unemployed_since", form.registered_unemployed_since, seeker, today
    )
    lifetime = (today.year - seeker.birth_date.year) * 12 + today.month - seeker.birth_date.month
    residence = _months(check, "residence_months", form.residence_months, lifetime)
    insured = _months(check, "insured_months", form.insured_months, lifetime)

    household: list[str] = []
    for situation in MemberSituation:
        count = check.number(
            "household", form.household.get(situation.value, ""), 0, MAX_MEMBERS,
            out_of_range=ProfileProblem.household_too_big, required=False,
        )  # fmt: skip
        household += [situation.value] * (count or 0)
    if check.ok("household"):
        if not household:
            check.refuse("household", ProfileProblem.household_empty)
        elif len(household) > MAX_MEMBERS:
            check.refuse("household", ProfileProblem.household_too_big)
    business = _yes_no(check, "household_business_income", form.household_business_income)

    land = check.choice("land_taken", form.land_taken, LandTaken, required=False)
    level = check.choice(
        "expropriation_level", form.expropriation_level, ExpropriationLevel, required=False
    )
    if level is not None and land is None:
        check.refuse("expropriation_level", ProfileProblem.needs_land)
    compensation = _amount(check, "compensation_monthly", form.compensation_monthly)
    benefit = _amount(check, "local_unemployment_benefit", form.local_unemployment_benefit)
    if compensation is not None and land is None:
        check.refuse("compensation_monthly", ProfileProblem.needs_land)
    elif compensation is not None and benefit is None:
        check.refuse("local_unemployment_benefit", ProfileProblem.needs_benefit)
    graduated = _past_date(
        check, "left_higher_education_on", form.left_higher_education_on, seeker, today
    )
    ever_employed = _yes_no(check, "ever_employed", form.ever_employed)
    work_history = check.text("work_history", form.work_history, MAX_WORK_HISTORY, multiline=True)
    barriers = check.choices("barriers", form.barriers, set(Barrier.__members__))
    proofs = check.choices("proofs_in_hand", form.proofs_in_hand, set(rules.proofs))
    criteria = _criteria(check, form, rules.proofs, proofs, today)
    sealed = [c for c in criteria if c.proof in SENSITIVE_PROOFS]
    education = check.choice("education", form.education, Education, required=True)
    skills = check.text("skills", form.skills, MAX_SKILLS, multiline=True)
    certificates = check.text("certificates", form.certificates, MAX_SKILLS, multiline=True)

    health = check.text("health", form.health, MAX_HEALTH, multiline=True)
    disability = _yes_no(check, "disability_certificate", form.disability_certificate)
    allowance = _yes_no(check, "minimum_allowance", form.minimum_allowance)
    allowance_since = _past_date(
        check, "minimum_allowance_since", form.minimum_allowance_since, seeker, today
    )
    if allowance_since is not None and not allowance and check.ok("minimum_allowance"):
        check.refuse("minimum_allowance_since", ProfileProblem.needs_allowance)
    check.raise_if_refused()

    profile = AssistanceProfile(
        origin=station_code,
        seeker=seeker,
        taken_on=today,
        taken_by=taken_by,
        place=place,
        rules_version=rules.version,
        urban_resident=urban,
        able_and_willing=able,
        registered_unemployed_since=registered,
        residence_months=residence,
        insured_months=insured,
        household=household,
        household_business_income=business,
        land_taken=land,
        expropriation_level=level,
        compensation_monthly=compensation,
        local_unemployment_benefit=benefit,
        left_higher_education_on=graduated,
        ever_employed=ever_employed,
        work_history=work_history,
        barriers=barriers,
        proofs_in_hand=[
            c.proof for c in criteria if c.status != ProofStatus.claimed and c not in sealed
        ],
        criteria=[c.word for c in criteria if c not in sealed],
        review_on=min((c.review_on for c in criteria), default=today + REVIEW_AFTER),
    )
    sensitive = Sensitive(
        health, disability, allowance, allowance_since, tuple(c.word for c in sealed)
    )
    # The rules say who they judge at all (working age on the day): outside it is bad input.
    try:
        precheck(profile_facts(profile, seeker, sensitive, today))
    except PrecheckRefused:
        check.refuse("person", ProfileProblem.outside_working_age)
        check.raise_if_refused()
    profile.sensitive_sealed = sensitive.seal(vault)
    if education is not None:
        seeker.education = education
    seeker.skills, seeker.certificates = skills, certificates
    session.add(profile)
    session.flush()  # its id, for what is opened on it in the same transaction
    return profile


#: The latest review day a counselor may set for a criterion.
REVIEW_HORIZON = timedelta(days=3 * 366)


def _criteria(
    check: Checker, form: ProfileForm, known: Mapping[str, object], shown: list[str], today: date
) -> list[Criterion]:
    """Each claimed criterion with its proof status and review day, in the rules' order."""
    statuses = {code: "shown" for code in shown} | {
        code: status for code, status in form.criteria.items() if status
    }
    days = load_packages().proof_review_days
    found = []
    for code in known:
        raw = statuses.pop(code, "")
        if not raw:
            continue
        name = f"criteria_{code}"
        status = check.choice(name, raw, ProofStatus, required=True)
        review = check.date(name + "_review", form.criteria_review.get(code, ""), required=False)
        if review is None:
            review = today + timedelta(days=days.get(code, days["default"]))
        elif not today < review <= today + REVIEW_HORIZON:
            check.refuse(name + "_review", ProfileProblem.review_not_ahead)
        if status is not None:
            found.append(Criterion(code, status, review))
    if statuses:  # a code the rules do not know
        check.refuse("proofs_in_hand", ProfileProblem.unknown_proof)
    return found


def criteria_due(
    profile: AssistanceProfile, sensitive: Sensitive | None, today: date
) -> list["Criterion"]:
    """The claimed criteria whose review day has come (the sealed ones only when opened)."""
    return [c for c in all_criteria(profile, sensitive) if c.review_on <= today]


#: The rules file's words for the level of an expropriation.
_LEVEL_FACTS: dict[ExpropriationLevel | None, str] = {
    ExpropriationLevel.banner_or_above: "banner_or_above",
    ExpropriationLevel.below_banner: "lower",
}


def _member(situation: str) -> dict[str, bool]:
    return {
        "working_age": situation != MemberSituation.outside_working_age,
        "able_to_work": situation != MemberSituation.unable_to_work,
        "registered_unemployed": situation == MemberSituation.registered_unemployed,
    }


def profile_facts(
    profile: AssistanceProfile, seeker: Seeker, sensitive: Sensitive, as_of: date
) -> dict[str, Any]:
    """The profile as the JSON object `kiosk assistance precheck` reads (with proofs_in_hand)."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "as_of": as_of.isoformat(),
        "sex": seeker.gender.value,
        "birth_date": seeker.birth_date.isoformat(),
        "urban_resident": profile.urban_resident,
        "able_and_willing": profile.able_and_willing,
        "registered_unemployed_since": day(profile.registered_unemployed_since),
        "residence_months": profile.residence_months,
        "insured_months": profile.insured_months,
        "disability_certificate": sensitive.disability_certificate,
        "minimum_allowance": sensitive.minimum_allowance,
        "minimum_allowance_since": day(sensitive.minimum_allowance_since),
        "household": [_member(s) for s in profile.household] or None,
        "household_business_income": profile.household_business_income,
        "land_expropriated": profile.land_taken.value if profile.land_taken else None,
        "expropriation_level": _LEVEL_FACTS.get(profile.expropriation_level),
        "compensation_monthly": profile.compensation_monthly,
        "local_unemployment_benefit": profile.local_unemployment_benefit,
        "left_higher_education_on": day(profile.left_higher_education_on),
        "ever_employed": profile.ever_employed,
        "proofs_in_hand": in_hand(profile, sensitive),
    }


def profile_precheck(
    vault: Vault, profile: AssistanceProfile, as_of: date, locale: str
) -> dict[str, Any] | None:
    """The pre-check of a profile on the day, as the CLI prints it; None when the person is
    no longer one the rules judge (past working age since)."""
    facts = profile_facts(profile, profile.seeker, sensitive_of(vault, profile), as_of)
    try:
        return precheck(facts, locale)
    except PrecheckRefused:
        return None


def profiles_of(session: Session, seeker_id: Any) -> list[AssistanceProfile]:
    """A person's profiles, the newest (current) first."""
    return list(
        session.scalars(
            select(AssistanceProfile)
            .where(AssistanceProfile.seeker_id == seeker_id)
            .order_by(AssistanceProfile.taken_on.desc(), AssistanceProfile.created_at.desc())
        )
    )


#: The fields compared between two profiles, in the order the screen lists them.
COMPARED = (
    "urban_resident", "able_and_willing", "registered_unemployed_since", "residence_months",
    "insured_months", "household", "household_business_income", "land_taken",
    "expropriation_level", "compensation_monthly", "local_unemployment_benefit",
    "left_higher_education_on", "ever_employed", "work_history", "barriers",
)  # fmt: skip
SENSITIVE_FIELDS = (
    "health",
    "disability_certificate",
    "minimum_allowance",
    "minimum_allowance_since",
)


def changes(
    vault: Vault | None, previous: AssistanceProfile, current: AssistanceProfile
) -> list[str]:
    """The names of the fields that changed since the previous profile (sealed ones only
    when `vault` may open them)."""
    changed = [
        name
        for name in COMPARED
        if _comparable(getattr(previous, name)) != _comparable(getattr(current, name))
    ]
    if vault is not None:
        before, after = sensitive_of(vault, previous), sensitive_of(vault, current)
        changed += [
            name for name in SENSITIVE_FIELDS if getattr(before, name) != getattr(after, name)
        ]
    return changed


@dataclass(frozen=True)
class CriterionChange:
    proof: str
    before: ProofStatus | None  # None: not claimed then
    after: ProofStatus | None  # None: no longer claimed


def criteria_changes(
    previous: Sequence[Criterion], current: Sequence[Criterion]
) -> list[CriterionChange]:
    """How each claimed criterion's proof status moved between two profiles."""
    before = {c.proof: c.status for c in previous}
    after = {c.proof: c.status for c in current}
    return [
        CriterionChange(code, before.get(code), after.get(code))
        for code in dict.fromkeys([*before, *after])
        if before.get(code) != after.get(code)
    ]


def _comparable(value: object) -> object:
    return sorted(value) if isinstance(value, list) else value
