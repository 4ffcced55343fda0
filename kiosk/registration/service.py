"""Checking a registration and writing it: one person, one record, found again by ID hash."""

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.codes import unique_code
from kiosk.domain import reference
from kiosk.domain.forms import Checker, FieldProblem, Problem
from kiosk.models import (
    Difficulty,
    Education,
    EmploymentStatus,
    EmploymentType,
    Gender,
    KeyGroup,
    RegionLevel,
    Seeker,
    utcnow,
)
from kiosk.personal_data import (
    IdProblem,
    InvalidIdNumber,
    ResidentId,
    Vault,
    has_foreign_digits,
    mask_mobile,
    parse_id_number,
    parse_mobile,
)

#: The privacy notice a person agrees to; bump it when the notice's text changes.
CONSENT_VERSION = "2026-11"
ID_CONTEXT = "seeker.id_number"
MOBILE_CONTEXT = "seeker.mobile"
MAX_CHOICES = 5


class RegistrationProblem(enum.StrEnum):
    """What is wrong with one field beyond the shared problems (kiosk/domain/forms.py)."""

    chinese_name = "chinese_name"  # Chinese characters and "·" only
    mongolian_script = "mongolian_script"  # Mongolian letters only
    latin_name = "latin_name"
    digits = "digits"  # digits of another script (Mongolian, Arabic-Indic…), not 0–9
    id_format = "id_format"
    id_checksum = "id_checksum"
    id_birth_date = "id_birth_date"
    id_address = "id_address"
    mobile = "mobile"
    too_many = "too_many"
    pay = "pay"
    consent = "consent"
    mobile_on_file = "mobile_on_file"  # the confirming mobile is not the one on file


_ID_PROBLEMS = {
    IdProblem.digits: RegistrationProblem.digits,
    IdProblem.format: RegistrationProblem.id_format,
    IdProblem.checksum: RegistrationProblem.id_checksum,
    IdProblem.birth_date: RegistrationProblem.id_birth_date,
    IdProblem.address: RegistrationProblem.id_address,
}


@dataclass
class RegistrationForm:
    """What the person entered, as text from a form (lists for the multiple choices)."""

    name_zh: str = ""
    name_mn: str = ""
    name_latin: str = ""
    id_number: str = ""
    mobile: str = ""
    education: str = ""
    residence_region: str = ""
    residence_place: str = ""
    employment_status: str = ""
    wanted_categories: Sequence[str] = ()
    wanted_regions: Sequence[str] = ()
    wanted_forms: Sequence[str] = ()
    wanted_pay_min: str = ""
    skills: str = ""
    certificates: str = ""
    key_groups: Sequence[str] = ()
    difficulty: str = ""
    consent: bool = False


@dataclass
class CheckedRegistration:
    resident: ResidentId
    mobile: str
    values: dict = field(default_factory=dict)


_HAN_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+(·[\u3400-\u4dbf\u4e00-\u9fff]+)*")
_NAME_DOTS = str.maketrans(dict.fromkeys("•・‧･.．", "·"))
_MONGOLIAN_TEXT = re.compile(r"[\u1800-\u18af\u202f\u200c\u200d ]+")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'-]*")


def check_registration(form: RegistrationForm) -> CheckedRegistration:
    """Every field checked; raises Refused naming each field that is wrong."""
    check = Checker()
    name_zh = check.text("name_zh", form.name_zh.translate(_NAME_DOTS), 20, required=True)
    check.pattern("name_zh", name_zh, _HAN_NAME, RegistrationProblem.chinese_name)
    name_mn = check.text("name_mn", form.name_mn, 60)
    check.pattern("name_mn", name_mn, _MONGOLIAN_TEXT, RegistrationProblem.mongolian_script)
    name_latin = check.text("name_latin", form.name_latin, 60)
    check.pattern("name_latin", name_latin, _LATIN_NAME, RegistrationProblem.latin_name)

    resident = None
    id_number = check.text("id_number", form.id_number, 20, required=True)
    if check.ok("id_number"):
        try:
            resident = parse_id_number(id_number)
        except InvalidIdNumber as refused:
            check.refuse("id_number", _ID_PROBLEMS[refused.problem])
    typed_mobile = check.text("mobile", form.mobile, 20, required=True)
    mobile = parse_mobile(typed_mobile)
    if mobile is None:
        foreign = has_foreign_digits(typed_mobile)
        check.refuse(
            "mobile", RegistrationProblem.digits if foreign else RegistrationProblem.mobile
        )

    education = check.choice("education", form.education, Education, required=True)
    status = check.choice(
        "employment_status", form.employment_status, EmploymentStatus, required=True
    )
    difficulty = check.choice("difficulty", form.difficulty, Difficulty, required=False)
    # Regions and categories come from the app's reference cache: no queries per submission.
    residence = check.text("residence_region", form.residence_region, 6, required=True)
    home = reference.region(residence)
    is_county = home is not None and home.level == RegionLevel.county
    if residence and not is_county:
        check.refuse("residence_region", Problem.unknown_choice)
    place = check.text("residence_place", form.residence_place, 60)

    categories = {category.code for category in reference.categories()}
    regions = set(reference.regions())
    wanted_categories = check.choices("wanted_categories", form.wanted_categories, categories)
    wanted_regions = check.choices("wanted_regions", form.wanted_regions, regions)
    wanted_forms = check.choices("wanted_forms", form.wanted_forms, set(EmploymentType.__members__))
    key_groups = check.choices("key_groups", form.key_groups, set(KeyGroup.__members__))
    for name, picked in (
        ("wanted_categories", wanted_categories),
        ("wanted_regions", wanted_regions),
        ("wanted_forms", wanted_forms),
        ("key_groups", key_groups),
    ):
        if len(picked) > MAX_CHOICES:  # said before an unknown choice: fewer may fix both
            check.problems[name] = FieldProblem(RegistrationProblem.too_many, MAX_CHOICES)
    pay = check.text("wanted_pay_min", form.wanted_pay_min, 6)
    if pay and not (pay.isascii() and pay.isdigit()):
        check.refuse("wanted_pay_min", RegistrationProblem.pay)
    skills = check.text("skills", form.skills, 500, multiline=True)
    certificates = check.text("certificates", form.certificates, 500, multiline=True)
    if not form.consent:
        check.refuse("consent", RegistrationProblem.consent)

    check.raise_if_refused()
    assert resident is not None and mobile is not None  # refused above otherwise
    return CheckedRegistration(
        resident=resident,
        mobile=mobile,
        values={
            "name_zh": name_zh,
            "name_mn": name_mn,
            "name_latin": name_latin,
            "education": education,
            "employment_status": status,
            "residence_region_code": residence,
            "residence_place": place,
            "wanted_categories": wanted_categories,
            "wanted_regions": wanted_regions,
            "wanted_forms": wanted_forms,
            "wanted_pay_min": int(pay) if pay else None,
            "skills": skills,
            "certificates": certificates,
            "key_groups": key_groups,
            "difficulty": difficulty,
        },
    )


#: What a registration again may not replace without a confirmation (an ID number can be
#: copied from a card lying about; a mobile or a name on file then is not given away).
IDENTITY = ("name_zh", "name_mn", "name_latin", "mobile")


@dataclass(frozen=True)
class Confirmation:
    """How a person registering again confirms a change of name or mobile on file."""

    #: Typed by the person: the mobile number already on file.
    mobile: str = ""
    #: A signed-in counselor at the desk has seen the ID card and confirms.
    by_staff: bool = False


class ChangeNotConfirmed(Exception):
    """This ID number is on file with another name or mobile: nothing was written."""

    def __init__(self, changes: tuple[str, ...], mobile_masked: str, tried: bool) -> None:
        super().__init__(", ".join(changes))
        #: Which of IDENTITY would change.
        self.changes = changes
        #: The hint: the mobile on file, masked (139****5678).
        self.mobile_masked = mobile_masked
        #: A mobile was typed to confirm, and it is not the one on file.
        self.tried = tried


def identity_changes(vault: Vault, seeker: Seeker, checked: CheckedRegistration) -> tuple[str, ...]:
    """The names and mobile on file that `checked` would replace (adding a missing one is
    not replacing)."""
    changes = [
        name
        for name in IDENTITY[:-1]
        if getattr(seeker, name) and getattr(seeker, name) != checked.values[name]
    ]
    if vault.lookup_hash(checked.mobile, context=MOBILE_CONTEXT) != seeker.mobile_hash:
        changes.append("mobile")
    return tuple(changes)


def _confirmed(
    vault: Vault, seeker: Seeker, checked: CheckedRegistration, by: Confirmation
) -> bool:
    """A counselor confirms; or the person shows they know the mobile on file (typed to
    confirm, or kept in the form itself)."""
    on_file = seeker.mobile_hash
    known = [parse_mobile(by.mobile), checked.mobile]
    return by.by_staff or any(
        mobile is not None and vault.lookup_hash(mobile, context=MOBILE_CONTEXT) == on_file
        for mobile in known
    )


def register_seeker(
    session: Session,
    vault: Vault,
    checked: CheckedRegistration,
    *,
    origin: str,
    now: datetime | None = None,
    confirmation: Confirmation = Confirmation(),
) -> tuple[Seeker, bool]:
    """Write the registration: the same identity number updates that person's record, but
    its names and mobile only when confirmed (else ChangeNotConfirmed, nothing written).
    Returns the record and whether it is new. The caller commits."""
    resident = checked.resident
    id_hash = vault.lookup_hash(resident.number, context=ID_CONTEXT)
    found = session.scalars(select(Seeker).where(Seeker.id_number_hash == id_hash)).first()
    created = found is None
    if found is not None:
        changes = identity_changes(vault, found, checked)
        if changes and not _confirmed(vault, found, checked, confirmation):
            raise ChangeNotConfirmed(
                changes, found.mobile_masked, bool(confirmation.mobile.strip())
            )
        seeker = found
    else:
        seeker = Seeker(
            origin=origin,
            registration_no=unique_code(session, Seeker.registration_no, 9, prefix="R"),
            id_number_sealed=vault.seal(resident.number, context=ID_CONTEXT),
            id_number_hash=id_hash,
            id_number_masked=resident.masked,
            gender=Gender.male if resident.male else Gender.female,
            birth_date=resident.birth_date,
        )
        session.add(seeker)
    for name, value in checked.values.items():
        setattr(seeker, name, value)
    seeker.mobile_sealed = vault.seal(checked.mobile, context=MOBILE_CONTEXT)
    seeker.mobile_hash = vault.lookup_hash(checked.mobile, context=MOBILE_CONTEXT)
    seeker.mobile_masked = mask_mobile(checked.mobile)
    seeker.consented_at = now or utcnow()
    seeker.consent_version = CONSENT_VERSION
    return seeker, created
