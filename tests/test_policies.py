"""The policy library: published in both scripts or not at all (console and file), found by
the job search's words, the anonymous self-check for a set of personas, and the slip through
a printer on a real socket. Stations and a hub on real SQLite files."""

import json
import re
from pathlib import Path

import pytest
from raw_printer import decode_raster
from sqlalchemy import func, select
from station_app import make_app, screenshot_path
from test_appointment_pages import csrf
from test_slips import png
from test_staff import get, signed_in

from kiosk.extensions import db
from kiosk.models import Policy, PrintStatus, Slip, SlipKind, StaffRole
from kiosk.policies.check import UNKNOWN, check_rules, run_check
from kiosk.policies.library import (
    STARTER,
    FileRefused,
    PolicyForm,
    find_policies,
    import_policies,
    read_file_items,
)

STARTER_CODES = {
    "difficulty_determination", "job_search_grant", "internship_subsidy", "training_subsidy",
    "flexible_insurance_subsidy", "public_welfare_job", "startup_loan",
}  # fmt: skip


@pytest.fixture
def library(app):
    import_policies(db.session, read_file_items(STARTER), "HUB")
    db.session.commit()
    return app


def test_the_starter_set_is_whole_in_both_scripts(library):
    policies = db.session.scalars(select(Policy)).all()
    assert {p.code for p in policies} == STARTER_CODES
    for policy in policies:
        assert policy.example  # no county text: every item says it is an example
        for name in ("title", "summary", "covers", "conditions", "documents", "steps", "where"):
            assert getattr(policy, f"{name}_zh") and getattr(policy, f"{name}_mn"), name
    # The self-check's rules name exactly these items.
    assert {item.code for item in check_rules().items} == STARTER_CODES


def test_a_file_with_one_item_without_mongolian_publishes_nothing(tmp_path):
    data = json.loads(STARTER.read_text(encoding="utf-8"))
    data["policies"][2]["steps"]["mn"] = []  # the third item's steps in Chinese only
    data["policies"][4]["covers"]["mn"] = "公益性岗位"  # Chinese typed where Mongolian goes
    bad = tmp_path / "county.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    hub = make_app(tmp_path / "hub.sqlite", ROLE="hub")

    def count() -> int:
        with hub.app_context():
            return db.session.scalar(select(func.count()).select_from(Policy)) or 0

    with hub.app_context():
        with pytest.raises(FileRefused) as refused:
            import_policies(db.session, read_file_items(bad), "HUB")
        db.session.rollback()
    named = {(item, field) for item, field, _problem in refused.value.problems}
    assert named == {("training_subsidy", "steps_mn"), ("public_welfare_job", "covers_mn")}
    assert count() == 0
    # The hub's command says so in words and publishes nothing either.
    run = hub.test_cli_runner().invoke(args=["policies", "import", str(bad)])
    assert run.exit_code == 2
    assert "training_subsidy: steps_mn: 请同时填写蒙古文" in run.output
    assert "public_welfare_job: covers_mn: 这里没有蒙古文字母" in run.output
    assert count() == 0
    ok = hub.test_cli_runner().invoke(args=["policies", "import", "--starter"])
    assert ok.exit_code == 0 and "7 policies published" in ok.output
    # Imported again, the same items are replaced, not doubled.
    assert hub.test_cli_runner().invoke(args=["policies", "import", "--starter"]).exit_code == 0
    assert count() == 7


def test_the_hub_console_refuses_a_policy_without_mongolian(tmp_path):
    hub = make_app(tmp_path / "hub.sqlite", ROLE="hub")
    with hub.app_context():
        manager = signed_in(hub, "county", StaffRole.manager)
        token = csrf(get(manager, "/staff/policies/new").get_data(as_text=True))
        form = {
            "csrf_token": token, "code": "herder_training", "sort": "15",
            "title_zh": "牧民技能培训", "title_mn": "",
            "summary_zh": "冬季牧闲期的免费技能培训。", "summary_mn": "ᠡᠪᠦᠯ ᠦᠨ ᠪᠣᠯᠪᠠᠰᠤᠷᠠᠭᠤᠯᠬᠤ",
            "covers_zh": "牧民", "covers_mn": "ᠮᠠᠯᠴᠢᠨ", "conditions_zh": "劳动年龄内",
            "conditions_mn": "ᠬᠥᠳᠡᠯᠮᠦᠷᠢ ᠶᠢᠨ ᠨᠠᠰᠤᠨ ᠳᠤ", "documents_zh": "居民身份证",
            "documents_mn": "ᠪᠡᠶᠡ ᠶᠢᠨ ᠦᠨᠡᠮᠯᠡᠯ", "steps_zh": "报名\n上课",
            "steps_mn": "ᠳᠠᠩᠰᠠᠯᠠᠭᠤᠯᠬᠤ\nᠰᠤᠷᠤᠯᠴᠠᠬᠤ", "where_zh": "苏木服务站", "where_mn": "ᠰᠤᠮᠤ",
            "service_code": "skills_training",
        }  # fmt: skip
        with hub.app_context():
            refused = manager.post("/staff/policies/new", data=form)
        assert refused.status_code == 422
        text = refused.get_data(as_text=True)
        assert 'id="title_mn-problem"' in text and "请同时填写蒙古文" in text
        assert db.session.scalar(select(func.count()).select_from(Policy)) == 0
        with hub.app_context():
            haircut = {**form, "title_mn": "ᠮᠠᠯᠴᠢᠨ", "service_code": "haircut"}
            wrong = manager.post("/staff/policies/new", data=haircut)
        assert wrong.status_code == 422 and 'id="service_code-problem"' in wrong.get_data(True)
        with hub.app_context():
            saved = manager.post("/staff/policies/new", data={**form, "title_mn": "ᠮᠠᠯᠴᠢᠨ"})
        assert saved.status_code == 302
        listed = get(manager, "/staff/policies/").get_data(as_text=True)
        assert "牧民技能培训" in listed and "herder_training" in listed
        # Editing keeps the one item.
        with hub.app_context():
            renamed = {**form, "title_mn": "ᠮᠠᠯᠴᠢᠨ", "title_zh": "牧民冬训"}
            edited = manager.post("/staff/policies/herder_training", data=renamed)
        assert edited.status_code == 302
        assert db.session.scalars(select(Policy.title_zh)).all() == ["牧民冬训"]
        db.session.remove()


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("见习", "internship_subsidy"),  # characters of the title
        ("jianxi", "internship_subsidy"),  # its pinyin
        ("jxbt", "internship_subsidy"),  # its initials
        ("ᠳᠠᠳᠬᠠᠯ", "internship_subsidy"),  # Mongolian
        ("ᠳᠠᠳᠬᠠᠯ ᠠᠵᠢᠯ", "internship_subsidy"),
        ("贷款", "startup_loan"),
        ("dk", "startup_loan"),
        ("退役军人", "startup_loan"),  # in who it covers, not the title
    ],
)
def test_found_with_the_job_search_words(library, query, first):
    found = find_policies(db.session, query)
    assert found and found[0].code == first


def test_title_matches_come_first_and_nonsense_finds_nothing(library):
    found = [p.code for p in find_policies(db.session, "补贴")]
    in_title = [c for c in found if "补贴" in db.session.scalar(
        select(Policy.title_zh).where(Policy.code == c))]  # fmt: skip
    assert found[: len(in_title)] == in_title and len(found) > len(in_title)
    assert find_policies(db.session, "zzzq") == []


def _answers(**given: str) -> dict[str, str]:
    return {name: given.get(name, UNKNOWN) for name in check_rules().facts}


NONE_OF_IT = dict(school="no", registered="no", hardship="no", difficulty="no", veteran="no",
                  business="no")  # fmt: skip
#: Personas worked out from the items' rules: who they are, their answers, what may apply.
PERSONAS = [
    ("graduating student from a minimum-allowance family",
     dict(NONE_OF_IT, age="16_24", sex="female", work="none", school="graduating", hardship="yes"),
     {"job_search_grant", "internship_subsidy", "training_subsidy"}),
    ("woman of 45, registered unemployed",
     dict(NONE_OF_IT, age="40_49", sex="female", work="none", registered="yes"),
     {"difficulty_determination", "training_subsidy"}),
    ("man of 45, registered unemployed: under the 4050 line",
     dict(NONE_OF_IT, age="40_49", sex="male", work="none", registered="yes"),
     {"training_subsidy"}),
    ("the same man, sex skipped: the wider answer",
     dict(NONE_OF_IT, age="40_49", sex=UNKNOWN, work="none", registered="yes"),
     {"difficulty_determination", "training_subsidy"}),
    ("determined person with difficulties in gig work",
     dict(NONE_OF_IT, age="50_59", sex="male", work="flexible", registered="yes",
          difficulty="yes"),
     {"training_subsidy", "flexible_insurance_subsidy"}),
    ("determined woman of 52 out of work",
     dict(NONE_OF_IT, age="50_59", sex="female", work="none", registered="yes",
          difficulty="yes"),
     {"training_subsidy", "public_welfare_job"}),
    ("employed veteran of 30 starting a business",
     dict(NONE_OF_IT, age="25_39", sex="male", work="employed", veteran="yes", business="yes"),
     {"startup_loan"}),
    ("herder of 35 opening a shop",
     dict(NONE_OF_IT, age="25_39", sex="female", work="farming", business="yes"),
     {"training_subsidy", "startup_loan"}),
    ("last year's graduate out of work",
     dict(NONE_OF_IT, age="25_39", sex="male", work="none", school="graduated_2y",
          registered="yes"),
     {"internship_subsidy", "training_subsidy"}),
    ("last year's graduate in gig work",
     dict(NONE_OF_IT, age="25_39", sex="female", work="flexible", school="graduated_2y"),
     {"training_subsidy", "flexible_insurance_subsidy"}),
    ("employed man of 40 with none of it", dict(NONE_OF_IT, age="40_49", sex="male",
                                                  work="employed"), set()),
    ("woman of 62", dict(NONE_OF_IT, age="60_plus", sex="female", work="none",
                         registered="yes", hardship="yes"), set()),
    ("every question skipped", {}, STARTER_CODES),
]  # fmt: skip


@pytest.mark.parametrize(("who", "given", "expected"), PERSONAS, ids=[p[0] for p in PERSONAS])
def test_the_self_check_for_personas(library, who, given, expected):
    result = run_check(db.session, _answers(**given), "zh")
    assert {item.code for item in result.items} == expected, who
    assert all(item.policy is not None for item in result.items)  # each published here
    if expected:
        assert result.bring[0] == "居民身份证"  # the ID card for every item, named once
        assert len(result.bring) == len(set(result.bring))


def test_the_self_check_page_ends_in_items_papers_and_a_booking(library, client):
    page = client.get("/policies/check").get_data(as_text=True)
    # No name, no ID number: the form asks only the rules' questions.
    asked = set(re.findall(r'<input[^>]* name="([^"]+)"', page)) - {"csrf_token"}
    assert asked == set(check_rules().facts) and "id_number" not in page
    given = dict(NONE_OF_IT, age="40_49", sex="female", work="none", registered="yes")
    answered = client.post("/policies/check", data={"csrf_token": csrf(page), **given})
    assert answered.status_code == 200
    text = answered.get_data(as_text=True)
    assert 'data-policy="difficulty_determination"' in text
    assert 'data-policy="training_subsidy"' in text and 'data-policy="startup_loan"' not in text
    assert "失业登记证明" in text and "户口簿" in text  # what to bring
    assert "/appointments/employment_assistance" in text  # book the matching service
    assert "/appointments/skills_training" in text
    assert "Set-Cookie" not in answered.headers or "40_49" not in answered.headers["Set-Cookie"]
    # A value no page offers: a message beside that question, the rest kept.
    odd = client.post("/policies/check", data={"csrf_token": csrf(page), **given, "age": "7"})
    assert odd.status_code == 422 and 'id="age-problem"' in odd.get_data(as_text=True)
    assert re.search(r'name="sex" value="female"\s+checked', odd.get_data(as_text=True))


def test_the_library_in_mongolian(library, mongolian):
    listed = mongolian.get("/policies/?q=ᠳᠠᠳᠬᠠᠯ").get_data(as_text=True)
    assert "ᠳᠠᠳᠬᠠᠯ ᠠᠵᠢᠯ ᠤᠨ ᠲᠡᠳᠬᠦᠮᠵᠢ" in listed and "就业见习补贴" not in listed
    item = mongolian.get("/policies/item/internship_subsidy").get_data(as_text=True)
    assert "ᠲᠡᠭᠦᠰᠦᠭᠰᠡᠨ ᠭᠡᠷᠡᠴᠢᠯᠡᠬᠡ" in item and "/appointments/internship" in item
    assert mongolian.get("/policies/item/no_such_item").status_code == 404


def test_a_policy_slip_prints_on_a_socket_in_both_scripts(station, printer):
    import_policies(db.session, read_file_items(STARTER), "HUB")
    db.session.commit()
    kiosk = station.test_client()
    page = kiosk.get("/policies/item/startup_loan").get_data(as_text=True)
    assert "/policies/item/startup_loan/print" in page
    printed = kiosk.post("/policies/item/startup_loan/print", data={"csrf_token": csrf(page)},
                         headers={"HX-Request": "true"})  # fmt: skip
    assert printed.status_code == 200
    slip = db.session.scalars(select(Slip).where(Slip.kind == SlipKind.policy)).one()
    assert slip.print_status == PrintStatus.printed
    job = printer.wait_for(1)[0]
    picture = decode_raster(job)
    shown = png(kiosk.get(f"/s/{_token(printed.get_data(as_text=True))}/slip.png").data)
    assert picture.tobytes() == shown.tobytes()  # paper and screen are one picture
    assert picture.width == 576 and picture.height > 900  # both scripts, each side its rows
    picture.save(screenshot_path("slip-policy-zh-printed.png"))
    # Its code opens the item on a phone.
    phone = station.test_client()
    opened = phone.get(f"/s/{_token(printed.get_data(as_text=True))}")
    assert opened.status_code == 302
    assert "/policies/item/startup_loan" in opened.headers["Location"]
    # Chosen in Mongolian: the Mongolian side first (each request in its own app context, as
    # in production: the locale is kept per context).
    kiosk.get("/lang/mn_Mong_CN")
    page = get(kiosk, "/policies/item/startup_loan").get_data(as_text=True)
    with station.app_context():
        kiosk.post("/policies/item/startup_loan/print", data={"csrf_token": csrf(page)})
    mongolian = decode_raster(printer.wait_for(2)[1])
    assert mongolian.tobytes() != picture.tobytes() and mongolian.size == picture.size
    mongolian.save(screenshot_path("slip-policy-mn-printed.png"))


def _token(html: str) -> str:
    return re.search(r"/s/([A-Za-z0-9_-]+)/slip\.png", html)[1]


def test_the_form_reads_a_county_file_item():
    form = PolicyForm.from_file_item(
        {
            "code": "x_y",
            "title": {"zh": "标题", "mn": "ᠠ"},
            "steps": {"zh": ["一", "二"]},
            "service": "internship",
            "example": True,
        }
    )
    assert form.texts["steps_zh"] == "一\n二" and form.texts["steps_mn"] == ""
    assert form.service_code == "internship" and form.example


def test_every_shipped_file_is_read(tmp_path: Path):
    assert len(read_file_items(STARTER)) == 7
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(FileRefused):
        read_file_items(broken)
