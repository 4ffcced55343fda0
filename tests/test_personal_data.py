"""Identity and mobile numbers: checked, masked, sealed for storage, found again by hash."""

import re
import stat
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
from stdnum.cn import ric

from kiosk.domain.reference import read_csv
from kiosk.personal_data import (
    KEYS_FILE,
    IdProblem,
    InvalidIdNumber,
    Vault,
    has_foreign_digits,
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


def inner_mongolia_codes() -> set[str]:
    """Every 15xxxx code python-stdnum's table lists (read here from the file itself, whatever
    years it gives), and every county of the app's own region list."""
    table = files("stdnum").joinpath("cn/loc.dat").read_text(encoding="utf-8")
    section = re.search(r"^15 .*?\n((?:  .*\n)+)", table, re.MULTILINE)[1]
    codes = {"15" + code for code in re.findall(r"^  ([0-9]{4}) county=", section, re.MULTILINE)}
    return codes | {row["code"] for row in read_csv("regions.csv") if row["level"] == "county"}


def test_every_inner_mongolia_code_is_a_place_whatever_the_birth_year():
    codes = inner_mongolia_codes()
    assert len(codes) > 200 and {"152502", "150603", "152921"} <= codes
    refused = []
    for code in sorted(codes):
        for year in range(1940, 2011):
            number = with_check_digit(f"{code}{year}0615001")
            try:
                parse_id_number(number, today=date(2026, 11, 22))
            except InvalidIdNumber as invalid:
                refused.append((number, invalid.problem))
    assert refused == []


@pytest.mark.parametrize(
    ("code", "year"),
    [("152502", 1971)]  # 锡林浩特, a code from 1983, held by someone born in 1971
    + [
        (code, year)
        # 新城区, 赛罕区, 红山区 (codes of 1983), 东胜区, 海拉尔区, 临河区 (of the 2000s)
        for code in ("150102", "150105", "150402", "150602", "150702", "150802")
        for year in (1950, 1970, 1990, 2000)
    ],
)
def test_a_code_newer_than_its_holder_is_accepted(code, year):
    resident = parse_id_number(with_check_digit(f"{code}{year}0307123"))
    assert resident.birth_date == date(year, 3, 7) and resident.number.startswith(code)


@pytest.mark.parametrize("code", ["159999", "150199", "152599", "150606", "999999"])
def test_a_code_that_never_existed_is_refused_as_a_place(code):
    """150199 and friends: a real province with an unknown county (stdnum raised KeyError)."""
    with pytest.raises(InvalidIdNumber) as refused:
        parse_id_number(with_check_digit(f"{code}19900307123"))
    assert refused.value.problem == IdProblem.address


FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def other_digits(text: str, zero: int) -> str:
    """The same number in another script's digits (zero: that script's 0)."""
    return re.sub("[0-9]", lambda digit: chr(zero + int(digit[0])), text)


def test_a_full_width_id_is_the_same_number():
    number = next(
        n
        for seq in range(100, 1000)
        if (n := with_check_digit(f"15010219900307{seq}")).endswith("X")
    )
    assert parse_id_number(number.translate(FULL_WIDTH)).number == number
    assert parse_id_number(number.translate(FULL_WIDTH).replace("Ｘ", "ｘ")).number == number
    # An ideographic space and a full-width hyphen, as a Chinese input method types them.
    spaced = "１５０１０２\u3000１９９００３０７－１２３７"
    assert parse_id_number(spaced).number == "150102199003071237"


@pytest.mark.parametrize(
    "typed",
    [
        other_digits("150102199003071237", 0x1810),  # Mongolian ᠐–᠙
        other_digits("150102199003071237", 0x0660),  # Arabic-Indic
        other_digits("150102199003071237", 0x06F0),  # Eastern Arabic-Indic
        "15010219900307123" + other_digits("7", 0x1810),  # one look-alike is enough
        "150102199003071²37",
    ],
)
def test_digits_of_other_scripts_are_refused_in_an_id(typed):
    with pytest.raises(InvalidIdNumber) as refused:
        parse_id_number(typed)
    assert refused.value.problem == IdProblem.digits


def test_masks_show_neither_birth_date_nor_middle_digits():
    assert parse_id_number("150102199003071237").masked == "150102********1237"
    assert mask_mobile("13912345678") == "139****5678"


@pytest.mark.parametrize(
    "typed",
    [
        "139 1234 5678",
        "139-1234-5678",
        "13912345678",
        "１３９１２３４５６７８",
        "１３９\u3000１２３４－５６７８",
    ],
)
def test_mobile_numbers(typed):
    assert parse_mobile(typed) == "13912345678"
    assert not has_foreign_digits(typed)


@pytest.mark.parametrize("zero", [0x1810, 0x0660, 0x06F0])
def test_mobile_numbers_in_other_scripts_digits_are_refused(zero):
    typed = other_digits("13912345678", zero)
    assert parse_mobile(typed) is None and has_foreign_digits(typed)


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
