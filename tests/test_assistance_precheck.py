"""`kiosk assistance precheck`: profiles whose categories are worked out from the Inner Mongolia
2020 rules text (../shared/DOMAIN.md), the edges of each line, bad profiles, and the rules
mechanism refusing a file it does not understand."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from station_app import make_app

from kiosk.domain.rules import RULES, RulesFileError, load_rules

#: A woman of 35 in town, able and willing, registered unemployed since January: every common
#: condition met, no category's own conditions.
BASE = {
    "as_of": "2025-06-01",
    "sex": "female",
    "birth_date": "1990-03-15",
    "urban_resident": True,
    "able_and_willing": True,
    "registered_unemployed_since": "2025-01-10",
    "residence_months": 24,
    "insured_months": 36,
    "disability_certificate": False,
    "minimum_allowance": False,
    "minimum_allowance_since": None,
    "household": None,
    "household_business_income": False,
    "land_expropriated": None,
    "expropriation_level": None,
    "compensation_monthly": None,
    "local_unemployment_benefit": None,
    "left_higher_education_on": None,
    "ever_employed": True,
}
MEMBER = {"working_age": True, "able_to_work": True, "registered_unemployed": True}
LAND = {
    "land_expropriated": "farmland",
    "expropriation_level": "banner_or_above",
    "local_unemployment_benefit": 1520,
    "insured_months": 0,  # so category 1 stays out of the land cases
}
ALLOWANCE = {"minimum_allowance": True, "minimum_allowance_since": "2023-03-01"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("precheck") / "kiosk.sqlite")


@pytest.fixture
def run(app, tmp_path):
    """Run the command on a profile through Flask's CLI runner: (exit code, stdout, stderr)."""
    runner = app.test_cli_runner()

    def run(profile: dict | str, *options: str):
        path = tmp_path / "profile.json"
        text = profile if isinstance(profile, str) else json.dumps(profile, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(args=["assistance", "precheck", str(path), *options])
        return result.exit_code, result.stdout, result.stderr

    return run


def check(run, **changes) -> dict:
    code, out, err = run({**BASE, **changes})
    assert code == 0, err
    return json.loads(out)


def numbers(result: dict) -> list[int]:
    return [category["category"] for category in result["categories"]]


def blocking(result: dict) -> dict[str, list[int]]:
    return {entry["code"]: entry["categories"] for entry in result["missing_conditions"]}


CASES = {
    "every common condition, no category": ({}, []),
    # 1 older unemployed: women 40+, men 50+, on the day; 6 months' residence, 1 year insured
    "woman on her 40th birthday": ({"birth_date": "1985-06-01", "residence_months": 6}, [1]),
    "woman the day before her 40th birthday": ({"birth_date": "1985-06-02"}, []),
    "man on his 50th birthday": ({"sex": "male", "birth_date": "1975-06-01"}, [1]),
    "man the day before his 50th birthday": ({"sex": "male", "birth_date": "1975-06-02"}, []),
    "man of 45 is not older unemployed": ({"sex": "male", "birth_date": "1980-01-01"}, []),
    "5 months of residence": ({"birth_date": "1980-01-01", "residence_months": 5}, []),
    "exactly 12 insured months": ({"birth_date": "1980-01-01", "insured_months": 12}, [1]),
    "11 insured months": ({"birth_date": "1980-01-01", "insured_months": 11}, []),
    # 2 disability certificate
    "disability certificate": ({"disability_certificate": True}, [2]),
    # 3 zero-employment household
    "household of two, both registered": ({"household": [MEMBER, MEMBER]}, [3]),
    "household of one person": ({"household": [MEMBER]}, []),
    "a working member not registered": (
        {"household": [MEMBER, {**MEMBER, "registered_unemployed": False}]},
        [],
    ),
    "a child and a sick member need not register": (
        {
            "household": [
                MEMBER,
                {"working_age": False, "able_to_work": False, "registered_unemployed": False},
                {"working_age": True, "able_to_work": False, "registered_unemployed": False},
            ]
        },
        [3],
    ),
    "household with business income": (
        {"household": [MEMBER, MEMBER], "household_business_income": True},
        [],
    ),
    # 4 land-lost: all land by banner/county or above; 40/50; compensation not above benefit
    "land lost, compensation equal to the benefit": (
        {**LAND, "birth_date": "1985-06-01", "compensation_monthly": 1520},
        [4],
    ),
    "land lost, compensation above the benefit": (
        {**LAND, "birth_date": "1985-06-01", "compensation_monthly": 1520.5},
        [],
    ),
    "land lost, no monthly compensation": ({**LAND, "birth_date": "1985-06-01"}, [4]),
    "grassland lost, herder on his 50th birthday": (
        {**LAND, "land_expropriated": "grassland", "sex": "male", "birth_date": "1975-06-01"},
        [4],
    ),
    "land taken below banner level": (
        {**LAND, "birth_date": "1985-06-01", "expropriation_level": "lower"},
        [],
    ),
    "land lost, woman of 39": ({**LAND, "birth_date": "1985-06-02"}, []),
    # 5 long-term unemployed: allowance, registered a year on end, women 35+, men 45+
    "allowance, registered a year to the day, woman on her 35th birthday": (
        {**ALLOWANCE, "registered_unemployed_since": "2024-06-01", "birth_date": "1990-06-01"},
        [5],
    ),
    "allowance, registered one day short of a year": (
        {**ALLOWANCE, "registered_unemployed_since": "2024-06-02", "birth_date": "1990-06-01"},
        [],
    ),
    "allowance, woman the day before her 35th birthday": (
        {**ALLOWANCE, "registered_unemployed_since": "2024-01-01", "birth_date": "1990-06-02"},
        [],
    ),
    "allowance, man on his 45th birthday": (
        {**ALLOWANCE, "registered_unemployed_since": "2024-01-01", "sex": "male"}
        | {"birth_date": "1980-06-01"},
        [5],
    ),
    "allowance, man the day before his 45th birthday": (
        {**ALLOWANCE, "registered_unemployed_since": "2024-01-01", "sex": "male"}
        | {"birth_date": "1980-06-02"},
        [],
    ),
    "registered a year but no allowance": ({"registered_unemployed_since": "2023-01-01"}, []),
    # 6 graduates: 2 years since leaving full-time higher education, never employed
    "left higher education 2 years ago to the day": (
        {"left_higher_education_on": "2023-06-01", "ever_employed": False},
        [6],
    ),
    "left higher education one day short of 2 years": (
        {"left_higher_education_on": "2023-06-02", "ever_employed": False},
        [],
    ),
    "graduate who has worked": ({"left_higher_education_on": "2020-07-01"}, []),
    # several at once
    "woman of 45 with a disability on the allowance": (
        {**ALLOWANCE, "birth_date": "1980-01-01", "disability_certificate": True}
        | {"registered_unemployed_since": "2023-05-01"},
        [1, 2, 5],
    ),
}


@pytest.mark.parametrize("changes, expected", CASES.values(), ids=CASES.keys())
def test_categories_worked_out_from_the_rules(run, changes, expected):
    assert numbers(check(run, **changes)) == expected


@pytest.mark.parametrize(
    "case, condition, category",
    [
        ("woman the day before her 40th birthday", "age_40_50", 1),
        ("5 months of residence", "residence_6_months", 1),
        ("11 insured months", "insured_12_months", 1),
        ("household of one person", "household_two_or_more", 3),
        ("land lost, compensation above the benefit", "compensation_not_above_benefit", 4),
        ("allowance, registered one day short of a year", "registered_12_months", 5),
        ("left higher education one day short of 2 years", "left_higher_education_2_years", 6),
    ],
)
def test_the_one_line_missed_is_what_keeps_the_category_out(run, case, condition, category):
    changes, _ = CASES[case]
    assert category in blocking(check(run, **changes))[condition]


def test_not_registered_as_unemployed_keeps_every_category_out(run):
    result = check(run, registered_unemployed_since=None, disability_certificate=True)
    assert result["categories"] == []
    missing = next(e for e in result["missing_conditions"] if e["code"] == "registered_unemployed")
    assert missing == {
        "code": "registered_unemployed",
        "text": "未进行失业登记",
        "categories": [1, 2, 3, 4, 5, 6],
    }


def test_a_met_category_gives_its_reasons_and_every_proof_it_needs(run):
    result = check(run, disability_certificate=True)
    assert result["rules_version"] == "nm-2020"
    (category,) = result["categories"]
    assert (category["category"], category["code"]) == (2, "disability")
    reasons = {reason["code"]: reason["text"] for reason in category["reasons"]}
    assert reasons["registered_unemployed"] == "已进行失业登记"
    assert reasons["disability_certificate"] == "持有《中华人民共和国残疾人证》"
    assert [proof["name"] for proof in category["missing_proofs"]] == [
        "居民身份证",
        "失业登记证明（《就业创业证》）",
        "残疾人证",
    ]


def test_proofs_in_hand_are_not_asked_for_again(run):
    in_hand = ["id_card", "disability_certificate"]
    result = check(run, disability_certificate=True, proofs_in_hand=in_hand)
    assert [p["code"] for p in result["categories"][0]["missing_proofs"]] == [
        "unemployment_registration"
    ]


def test_mongolian_reasons_with_lang(run):
    code, out, err = run({**BASE, "disability_certificate": True}, "--lang", "mn_Mong_CN")
    assert code == 0, err
    result = json.loads(out)
    category = result["categories"][0]
    assert category["code"] == "disability"  # codes stay English
    texts = [reason["text"] for reason in category["reasons"]]
    assert "ᠠᠵᠢᠯ ᠦᠭᠡᠢ\u202fᠪᠡᠷ ᠳᠠᠩᠰᠠᠯᠠᠭᠤᠯᠤᠭᠰᠠᠨ" in texts
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in texts)
    assert category["missing_proofs"][-1]["name"] == "ᠳᠤᠲᠠᠭᠳᠠᠯ\u202fᠲᠠᠢ ᠬᠦᠮᠦᠨ\u202fᠦ ᠦᠨᠡᠮᠯᠡᠯ"


BAD = {
    "graduated before birth": (
        {"left_higher_education_on": "1989-07-01"},
        "left_higher_education_on (1989-07-01) is before birth_date (1990-03-15)",
    ),
    "registered unemployed in the future": (
        {"registered_unemployed_since": "2025-06-02"},
        "registered_unemployed_since (2025-06-02) is after as_of (2025-06-01)",
    ),
    "as_of before birth": ({"birth_date": "2025-06-02"}, "birth_date (2025-06-02) is after as_of"),
    "woman on her 55th birthday": ({"birth_date": "1970-06-01"}, "outside these rules"),
    "a boy the day before his 16th birthday": (
        {"sex": "male", "birth_date": "2009-06-02"},
        "outside these rules (working_age)",
    ),
    "man on his 60th birthday": ({"sex": "male", "birth_date": "1965-06-01"}, "working_age"),
    "household of 0 members": ({"household": []}, "household: needs at least 1 when given"),
    "months as text": ({"residence_months": "6"}, "residence_months: expected a whole number"),
    "yes for a boolean": ({"urban_resident": "yes"}, "urban_resident: expected true or false"),
    "a date in another format": ({"as_of": "2025/06/01"}, "as_of: expected a date YYYY-MM-DD"),
    "a date that does not exist": ({"as_of": "2025-02-29"}, "as_of: expected a date"),
    "an unknown sex": ({"sex": "f"}, "sex: expected one of female, male"),
    "an unknown key": ({"nickname": "老王"}, "nickname: unknown key"),
    "a member's wrong type": (
        {"household": [MEMBER, {**MEMBER, "working_age": 1}]},
        "household[1].working_age: expected true or false",
    ),
    "level without land": ({"expropriation_level": "lower"}, "expropriation_level: given, but"),
    "negative months": ({"insured_months": -1}, "insured_months: must be at least 0"),
    "an unknown proof": ({"proofs_in_hand": ["passport"]}, "proofs_in_hand: unknown proof"),
}


@pytest.mark.parametrize("changes, message", BAD.values(), ids=BAD.keys())
def test_a_bad_profile_is_refused_with_exit_2_and_nothing_on_stdout(run, changes, message):
    code, out, err = run({**BASE, **changes})
    assert (code, out) == (2, "")
    assert message in err


def test_the_edges_of_working_age_are_accepted(run):
    # the day before her 55th birthday; his 16th birthday
    assert check(run, birth_date="1970-06-02")["rules_version"] == "nm-2020"
    assert check(run, sex="male", birth_date="2009-06-01")["rules_version"] == "nm-2020"


def test_a_missing_key_and_a_file_that_is_not_json_are_refused(run):
    profile = {key: value for key, value in BASE.items() if key != "ever_employed"}
    code, out, err = run(profile)
    assert (code, out) == (2, "") and "ever_employed: missing" in err
    code, out, err = run("{not json")
    assert (code, out) == (2, "") and "not a JSON file" in err


def test_the_installed_command_in_a_real_process(tmp_path):
    path = tmp_path / "file.json"
    path.write_text(json.dumps({**BASE, "disability_certificate": True}), encoding="utf-8")
    env = {
        **os.environ,
        "KIOSK_INSTANCE_PATH": str(tmp_path / "instance"),
        "KIOSK_DATABASE_URL": f"sqlite:///{tmp_path / 'kiosk.sqlite'}",
    }
    kiosk = Path(sys.executable).parent / "kiosk"
    done = subprocess.run(
        [kiosk, "assistance", "precheck", "file.json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert numbers(json.loads(done.stdout)) == [2]
    path.write_text(json.dumps({**BASE, "household": []}), encoding="utf-8")
    done = subprocess.run(
        [kiosk, "assistance", "precheck", "file.json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert "household: needs at least 1 when given" in done.stderr


# -- the rules mechanism ---------------------------------------------------------------------


def rules_file(tmp_path: Path, change) -> Path:
    data = json.loads((RULES / "difficulty-nm-2020.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_rules_file_with_an_unknown_condition_is_refused_when_loaded(tmp_path):
    def unknown(data):
        data["conditions"]["residence_6_months"]["when"] = {
            "fact": "residence_months",
            "more_than": 6,
        }

    refused = r"conditions\.residence_6_months\.when: unknown condition more_than"
    with pytest.raises(RulesFileError, match=refused):
        load_rules(rules_file(tmp_path, unknown))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["proofs"]["id_card"].pop("mn"), r"proofs\.id_card: no mn text"),
        (lambda d: d["conditions"]["never_employed"]["met"].pop("zh"), "met: no zh text"),
        (lambda d: d["conditions"]["never_employed"]["when"].update(fact="x"), "unknown fact 'x'"),
        (lambda d: d["items"][0]["conditions"].append("age_50"), "'age_50' is not defined"),
        (lambda d: d["facts"]["sex"].update(type="gender"), "unknown type 'gender'"),
        (
            lambda d: d["conditions"]["urban_resident"].update(when={"fact": "sex", "at_least": 1}),
            "sex is a choice, not integer or number",
        ),
        (
            lambda d: d["conditions"]["age_40_50"]["when"]["at_least"]["values"].pop("male"),
            "give a number for each of",
        ),
    ],
)
def test_a_rules_file_missing_a_language_or_naming_the_unknown_is_refused(
    tmp_path, change, message
):
    with pytest.raises(RulesFileError, match=message):
        load_rules(rules_file(tmp_path, change))


def test_a_decision_records_the_version_of_the_rules_it_was_made_with(tmp_path):
    # The same profile under a new version of the rules (category 1's residence line moved to
    # 12 months): each decision carries its own version, and the change shows in the result.
    def stricter(data):
        data["version"] = "nm-2099-test"
        data["conditions"]["residence_6_months"]["when"]["at_least"] = 12

    now, then = load_rules("difficulty-nm-2020"), load_rules(rules_file(tmp_path, stricter))
    profile = {**BASE, "birth_date": "1980-01-01", "residence_months": 6}
    before, after = (rules.decide(rules.read_facts(profile)) for rules in (now, then))
    assert (before.rules_version, after.rules_version) == ("nm-2020", "nm-2099-test")
    assert [o.item.number for o in before.met] == [1]
    assert [o.item.number for o in after.met] == []


def test_every_rules_file_loads_and_a_hub_has_the_command_too(tmp_path):
    assert {path.name for path in RULES.glob("*.json")} >= {"difficulty-nm-2020.json"}
    for path in RULES.glob("*.json"):
        assert load_rules(path).version
    hub = make_app(tmp_path / "hub.sqlite", ROLE="hub")
    assert "assistance" in hub.cli.commands
