"""Identity and mobile numbers: checked, masked, sealed for storage, found again by hash."""

import stat
from datetime import date
from pathlib import Path

import pytest
from stdnum.cn import ric

from kiosk.personal_data import (
    KEYS_FILE,
    IdProblem,
    InvalidIdNumber,
    Vault,
    mask_mobile,
    parse_id_number,
    parse_mobile,
    vault_for,
)


def with_check_digit(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "?")  # stdnum ignores the last character


def test_valid_numbers_give_birth_date_and_gender():
    man = parse_id_number("150102199003071237")
    assert (man.birth_date, man.male) == (date(1990, 3, 7), True)
    woman = parse_id_number(" 152502198511110043 ")
    assert (woman.birth_date, woman.male) == (date(1985, 11, 11), False)


def test_a_lower_case_x_check_character_is_accepted():
    number = next(
        n
        for seq in range(100, 1000)
        if (n := with_check_digit(f"15010219900307{seq}")).endswith("X")
    )
    assert parse_id_number(number.lower()).number == number


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("150102199003071238", IdProblem.checksum),  # last digit mistyped
        ("15010219900307123", IdProblem.format),  # one digit short
        ("1501021990030712377", IdProblem.format),
        ("15010219900307123A", IdProblem.format),
        (with_check_digit("15010219900230123"), IdProblem.birth_date),  # 30 February
        (with_check_digit("15010220990101123"), IdProblem.birth_date),  # not born yet
        (with_check_digit("99999919900307123"), IdProblem.address),  # no such place
    ],
)
def test_bad_numbers_say_what_is_wrong(typed, problem):
    with pytest.raises(InvalidIdNumber) as refused:
        parse_id_number(typed, today=date(2026, 11, 22))
    assert refused.value.problem == problem


def test_masks_show_neither_birth_date_nor_middle_digits():
    assert parse_id_number("150102199003071237").masked == "150102********1237"
    assert mask_mobile("13912345678") == "139****5678"


@pytest.mark.parametrize("typed", ["139 1234 5678", "139-1234-5678", "13912345678"])
def test_mobile_numbers(typed):
    assert parse_mobile(typed) == "13912345678"


@pytest.mark.parametrize("typed", ["139123456789", "1391234567", "12912345678", "1391234567a", ""])
def test_bad_mobile_numbers(typed):
    assert parse_mobile(typed) is None


def test_vault_seals_and_opens_and_refuses_tampering():
    vault = Vault(b"k" * 32, b"l" * 32)
    sealed = vault.seal("150102199003071237", context="seeker.id_number")
    assert b"150102" not in sealed
    assert sealed != vault.seal("150102199003071237", context="seeker.id_number")  # fresh nonce
    assert vault.open(sealed, context="seeker.id_number") == "150102199003071237"
    with pytest.raises(ValueError):
        vault.open(sealed, context="seeker.mobile")  # moved to another field
    with pytest.raises(ValueError):
        vault.open(sealed[:-1] + bytes([sealed[-1] ^ 1]), context="seeker.id_number")
    with pytest.raises(ValueError):
        Vault(b"m" * 32, b"l" * 32).open(sealed, context="seeker.id_number")


def test_lookup_hash_is_stable_and_keyed():
    one, other = Vault(b"k" * 32, b"l" * 32), Vault(b"k" * 32, b"m" * 32)
    number = "150102199003071237"
    assert one.lookup_hash(number, context="id") == one.lookup_hash(number, context="id")
    assert one.lookup_hash(number, context="id") != other.lookup_hash(number, context="id")
    assert number not in one.lookup_hash(number, context="id")


def test_keys_are_made_once_in_the_instance_folder_readable_by_the_owner_only(app):
    vault = vault_for(app)
    path = Path(app.instance_path) / KEYS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    sealed = vault.seal("13912345678", context="seeker.mobile")
    app.extensions.pop("kiosk.vault")  # as a restarted worker would
    assert vault_for(app).open(sealed, context="seeker.mobile") == "13912345678"


def test_masked_names():
    from kiosk.personal_data import mask_name

    assert mask_name("巴特尔") == "巴*尔"
    assert mask_name("王五") == "王*"
    assert mask_name("阿依古丽·买买提") == "阿******提"
