"""Registration checks and writes: every bad field named, nothing half-saved, one record a
person, and the identity number never stored in the clear."""

from dataclasses import replace

import pytest
from flask import current_app
from sqlalchemy import func, select

from kiosk.domain.forms import Problem, Refused
from kiosk.extensions import db
from kiosk.models import Gender, Seeker
from kiosk.personal_data import vault_for
from kiosk.registration.service import (
    Confirmation,
    RegistrationForm,
    RegistrationProblem,
    check_registration,
    register_seeker,
)

GOOD = RegistrationForm(
    name_zh="巴特尔",
    name_mn="ᠪᠠᠭᠠᠲᠦᠷ",
    name_latin="Bater",
    id_number="150102199003071237",
    mobile="139 1234 5678",
    education="senior_middle",
    residence_region="150121",
    residence_place="塔布赛乡 讨速号村",
    employment_status="unemployed",
    wanted_categories=["driver", "logistics"],
    wanted_regions=["150100"],
    wanted_forms=["full_time", "gig"],
    wanted_pay_min="4000",
    skills="驾驶 B2",
    key_groups=["migrant_worker"],
    consent=True,
)


def register(form: RegistrationForm, confirmation: Confirmation | None = None):
    checked = check_registration(form)
    seeker, created = register_seeker(
        db.session,
        vault_for(current_app),
        checked,
        origin="T1",
        confirmation=confirmation or Confirmation(),
    )
    db.session.commit()
    return seeker, created


def seekers() -> int:
    return db.session.scalar(select(func.count()).select_from(Seeker))


def test_a_registration_is_stored_with_the_id_sealed_and_masked(app, database):
    seeker, created = register(GOOD)
    assert created and seeker.registration_no.startswith("R")
    assert seeker.id_number_masked == "150102********1237"
    assert (seeker.gender, seeker.birth_date.isoformat()) == (Gender.male, "1990-03-07")
    assert seeker.mobile_masked == "139****5678"
    vault = vault_for(app)
    assert vault.open(seeker.id_number_sealed, context="seeker.id_number") == GOOD.id_number
    db.session.remove()
    db.engine.dispose()  # the WAL is folded into the file
    raw = database.read_bytes()
    assert b"150102199003071237" not in raw and b"13912345678" not in raw
    assert "巴特尔".encode() in raw  # the name itself is kept, as the receipt shows it


def test_registering_again_with_the_same_id_updates_that_person(app):
    first, _ = register(GOOD)
    # A new mobile: confirmed by the one on file (tests/test_registration_again.py).
    again, created = register(
        replace(GOOD, mobile="13800001111", education="college"), Confirmation("13912345678")
    )
    assert not created and again.id == first.id and seekers() == 1
    assert again.registration_no == first.registration_no
    assert again.version == 2 and again.mobile_masked == "138****1111"


def test_a_name_with_a_middle_dot_in_any_of_its_forms(app):
    seeker, _ = register(replace(GOOD, name_zh="阿依古丽•买买提"))
    assert seeker.name_zh == "阿依古丽·买买提"


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"id_number": "150102199003071238"}, "id_number", RegistrationProblem.id_checksum),
        ({"id_number": "15010219900307123X"}, "id_number", RegistrationProblem.id_checksum),
        ({"id_number": "1501021990"}, "id_number", RegistrationProblem.id_format),
        ({"mobile": "139123456789"}, "mobile", RegistrationProblem.mobile),
        ({"id_number": "᠑᠕᠐᠑᠐᠒᠑᠙᠙᠐᠐᠓᠐᠗᠑᠒᠓᠗"}, "id_number", RegistrationProblem.digits),  # Mongolian
        (
            {"id_number": "١٥٠١٠٢١٩٩٠٠٣٠٧١٢٣٧"},
            "id_number",
            RegistrationProblem.digits,
        ),  # Arabic-Indic
        ({"mobile": "᠑᠓᠙᠑᠒᠓᠔᠕᠖᠗᠘"}, "mobile", RegistrationProblem.digits),
        ({"mobile": "١٣٩١٢٣٤٥٦٧٨"}, "mobile", RegistrationProblem.digits),
        (
            {"id_number": "150199199003071236"},
            "id_number",
            RegistrationProblem.id_address,
        ),  # no such county
        ({"name_zh": ""}, "name_zh", Problem.required),
        ({"name_zh": "<b>王</b>"}, "name_zh", Problem.markup),
        ({"name_zh": "Wang"}, "name_zh", RegistrationProblem.chinese_name),
        ({"name_zh": "王" * 10_000}, "name_zh", Problem.too_long),
        ({"name_mn": "ᠪᠠ\ue234ᠲᠦᠷ"}, "name_mn", Problem.private_use),
        ({"name_mn": "Bater"}, "name_mn", RegistrationProblem.mongolian_script),
        ({"skills": "x" * 10_000}, "skills", Problem.too_long),
        ({"education": "astronaut"}, "education", Problem.unknown_choice),
        ({"residence_region": "150100"}, "residence_region", Problem.unknown_choice),
        ({"wanted_categories": ["driver", "moon"]}, "wanted_categories", Problem.unknown_choice),
        (
            {"wanted_regions": ["150100", "150200", "150300", "150400", "150500", "150600"]},
            "wanted_regions",
            RegistrationProblem.too_many,
        ),
        ({"wanted_pay_min": "lots"}, "wanted_pay_min", RegistrationProblem.pay),
        ({"consent": False}, "consent", RegistrationProblem.consent),
    ],
)
def test_each_bad_field_is_named_and_nothing_is_saved(app, changes, field, problem):
    with pytest.raises(Refused) as refused:
        register(replace(GOOD, **changes))
    assert refused.value.problems[field].problem == problem
    db.session.rollback()
    assert seekers() == 0


def test_all_problems_are_reported_at_once(app):
    with pytest.raises(Refused) as refused:
        register(RegistrationForm())
    assert {"name_zh", "id_number", "mobile", "education", "consent"} <= set(refused.value.problems)


def test_a_full_width_id_is_the_same_person(app):
    """A Chinese input method in full-width mode types ０–９: the same number, one record."""
    first, _ = register(GOOD)
    again, created = register(
        replace(
            GOOD,
            id_number="１５０１０２１９９００３０７１２３７",
            mobile="１３８ ００００ １１１１",
        ),
        Confirmation("13912345678"),
    )
    assert not created and again.id == first.id and seekers() == 1
    assert again.id_number_masked == "150102********1237" and again.mobile_masked == "138****1111"
    vault = vault_for(app)
    assert vault.open(again.mobile_sealed, context="seeker.mobile") == "13800001111"
