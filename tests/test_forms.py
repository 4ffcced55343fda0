"""The forms layer and its one text rule: hostile text is refused naming the field, never with
a server error; Mongolian text with its shaping controls goes in as typed; the jobs import and
the hub's sync decoder follow the same rule."""

import unicodedata
from dataclasses import fields, replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_job_admin import checked_import, csv_bytes, file_row, manager, upload  # noqa: F401
from test_registration_pages import post as post_registration
from test_registration_pages import seekers
from test_registration_service import GOOD
from test_sync_protection import service

from kiosk.domain.forms import Checker, Problem, Refused
from kiosk.domain.text import fault
from kiosk.extensions import db
from kiosk.job_admin.editing import JobForm, check_job
from kiosk.models import ImportStatus, local_today
from kiosk.registration.service import check_registration
from kiosk.settings.hours import check_hours
from kiosk.settings.services import ServiceForm, check_service
from kiosk.sync.wire.kinds import PUSHED_BY_NAME, RecordProblem, decode

#: What the text rule refuses, written out apart from kiosk/domain/text.py.
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
REFUSED_SAMPLES = ["\x00", "\x1b", "\x07", "\x7f", "\x85", "\x9b", "\ue234", "\U000f0001",
                   "\ufdd0", "\ufffe", "\U0010ffff", "\ud800", *BIDI]  # fmt: skip
#: Real words with their shaping controls: from translations/mn_Mong_CN (messages.po) and
#: /work/shared/data/glossary-sourced.csv, with FVS1–3, MVS and NNBSP.
MONGOLIAN = [
    "ᠬᠠᠶ᠋ᠢᠭ",  # address: FVS1
    "ᠡᠬᠢᠨ ᠦ᠌ ᠨᠢᠭᠤᠷ",  # front page: FVS2
    "19 ᠳ᠋ᠦ᠋ᠭᠡᠷ ᠲᠣᠭᠠᠲᠤ",  # FVS1 twice
    "ᠲᠣᠭᠲᠠᠭᠠᠭᠰᠠᠨ ᠲᠣᠭ\u180eᠠ",  # a fixed number: MVS before the final a
    "ᠥᠪᠥᠷ ᠮᠣᠩᠭᠣᠯ\u202fᠤᠨ ᠪᠦᠬᠦ ᠭᠠᠵᠠᠷ",  # all of Inner Mongolia: NNBSP before the suffix
    "ᠰᠠᠷ\u180eᠠ\u202fᠳᠤ",  # a month: MVS and NNBSP
    "ᠡᠬᠢᠨ ᠦ᠌ ᠨᠢᠭᠤᠷ ᠲᠦ᠍ ᠪᠤᠴᠠᠬᠤ",  # back to the front page: FVS2, FVS3
    # ZWJ/ZWNJ are in neither file: as some keyboards put them inside 巴特尔 and 孟和.
    "ᠪᠠ\u200dᠲᠦᠷ ᠮᠥ\u200cᠩᠬᠡ",
]


def refused_by_the_rule(text: str, multiline: bool) -> bool:
    for char in text:
        code = ord(char)
        category = unicodedata.category(char)
        if category == "Cc" and not (multiline and char in "\t\n"):
            return True
        if category in ("Co", "Cs") or char in BIDI:
            return True
        if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            return True
    return False


hostile_text = st.text(
    st.one_of(
        st.characters(),  # any code point but surrogates
        st.sampled_from(
            [c for c in REFUSED_SAMPLES if c != "\ud800"]
            + ["\t", "\n", "\r", " ", "\u180b", "\u180e", "\u202f", "\u200d", "<"]
        ),
    ),
    max_size=40,
)


@given(value=hostile_text, multiline=st.booleans())
def test_a_text_is_either_clean_or_refused_naming_its_field(value, multiline):
    check = Checker(markup=True)
    kept = check.text("field", value, 1000, multiline=multiline)
    if check.problems:
        assert set(check.problems) == {"field"}
        assert check.problems["field"].problem in {
            Problem.control_characters,
            Problem.bidi_controls,
            Problem.private_use,
        }
    else:
        assert not refused_by_the_rule(kept, multiline)
    # Refused exactly when what would be kept holds a refused character.
    assert bool(check.problems) == refused_by_the_rule(kept, multiline)


def test_every_code_point_is_refused_exactly_when_the_rule_says():
    # The rule's quick pass says "clean" only for characters that are: checked for all of them.
    wrong = [
        (hex(code), multiline)
        for code in range(0x110000)
        for multiline in (False, True)
        if (fault(f"王{chr(code)}芳", multiline=multiline) is not None)
        != refused_by_the_rule(chr(code), multiline)
    ]
    assert wrong == []


@pytest.mark.parametrize("char", REFUSED_SAMPLES)
def test_each_refused_character_is_named(char):
    check = Checker()
    check.text("name_zh", f"王{char}芳", 20)
    assert "name_zh" in check.problems


@pytest.mark.parametrize("word", MONGOLIAN)
def test_mongolian_words_with_shaping_controls_go_in_unchanged(app, word):
    check = Checker()
    assert check.text("name_mn", word, 60) == word and not check.problems
    letters_only = word.replace("19 ", "")  # the name field takes Mongolian letters only
    checked = check_registration(replace(GOOD, name_mn=letters_only))
    assert checked.values["name_mn"] == letters_only


def test_every_mongolian_message_of_the_catalog_passes_the_rule_unchanged():
    from babel.messages.pofile import read_po

    with open("translations/mn_Mong_CN/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    for message in catalog:
        for text in message.string if isinstance(message.string, tuple) else [message.string]:
            if not text:
                continue
            check = Checker(markup=True)
            assert check.text("text", text, 10_000, multiline=True) == text.strip(), message.id
            assert not check.problems, message.id


def test_a_line_break_is_kept_only_in_a_multi_line_field():
    check = Checker()
    assert check.text("skills", "驾驶\r\n焊接\t电工", 500, multiline=True) == "驾驶\n焊接\t电工"
    check.text("name_zh", "王\n芳", 20)
    assert check.problems["name_zh"].problem == Problem.control_characters


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(hostile_text, min_size=len(fields(JobForm)), max_size=len(fields(JobForm))))
def test_any_job_form_is_checked_or_refused_by_field_never_an_error(app, texts):
    form = JobForm(**{f.name: text for f, text in zip(fields(JobForm), texts, strict=True)})
    try:
        checked = check_job(db.session, form, today=local_today())
    except Refused as refused:
        assert set(refused.problems) <= {f.name for f in fields(JobForm)}
    else:
        for value in checked.values.values():
            assert not (isinstance(value, str) and refused_by_the_rule(value, True))
    db.session.rollback()


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name_zh=hostile_text, name_mn=hostile_text, skills=hostile_text, mobile=hostile_text)
def test_any_registration_is_checked_or_refused_by_field_never_an_error(
    app, name_zh, name_mn, skills, mobile
):
    form = replace(GOOD, name_zh=name_zh, name_mn=name_mn, skills=skills, mobile=mobile)
    try:
        checked = check_registration(form)
    except Refused as refused:
        assert set(refused.problems) <= {"name_zh", "name_mn", "skills", "mobile"}
    else:
        for name in ("name_zh", "name_mn"):
            assert not refused_by_the_rule(checked.values[name], False)
        assert not refused_by_the_rule(checked.values["skills"], True)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name_zh=hostile_text, name_mn=hostile_text, letter=hostile_text, capacity=hostile_text)
def test_any_service_is_checked_or_refused_by_field_never_an_error(
    app, name_zh, name_mn, letter, capacity
):
    form = ServiceForm(
        name_zh=name_zh, name_mn=name_mn, queue_letter=letter, slot_capacity=capacity
    )
    try:
        values = check_service(db.session, "ST-DEMO", form, None)
    except Refused as refused:
        assert set(refused.problems) <= {"name_zh", "name_mn", "queue_letter", "slot_capacity"}
    else:
        assert not refused_by_the_rule(values["name_zh"] + values["name_mn"], False)


@given(opens=hostile_text, closes=hostile_text)
def test_any_hours_are_checked_or_refused_by_field(opens, closes):
    try:
        check_hours(["1"], opens, closes)
    except Refused as refused:
        assert set(refused.problems) <= {"opens", "closes"}


@pytest.mark.parametrize(
    ("bad", "chinese", "mongolian_words"),
    [("\x1b[31m", "控制字符", "ᠡᠵᠡᠮᠳᠡᠯ"), ("\u202e", "书写方向", "ᠴᠢᠭᠯᠡᠯ")],
)
def test_a_control_character_is_named_beside_the_field_in_both_languages(
    client, bad, chinese, mongolian_words
):
    for locale, words in (("zh_Hans_CN", chinese), ("mn_Mong_CN", mongolian_words)):
        with client.application.app_context():  # a fresh context: Babel keeps its locale
            client.get(f"/lang/{locale}")
            response = post_registration(client, name_zh=f"巴特{bad}尔")
            html = response.get_data(as_text=True)
        assert response.status_code == 422 and 'id="name_zh-problem"' in html
        assert words in html
    assert seekers() == 0


@pytest.mark.parametrize(("bad", "problem"), [("\x1b", "控制字符"), ("\u202e", "书写方向")])
def test_an_imported_cell_with_a_control_character_is_refused_with_row_and_column(
    manager,  # noqa: F811
    bad,
    problem,
):
    rows = [
        file_row(title_zh="牧场机械维修工"),
        file_row(title_zh="草原防火巡护员", address_zh=f"赛罕区{bad}昭乌达路"),
    ]
    assert upload(manager, csv_bytes(rows)).status_code == 303
    job_import, page = checked_import(manager)
    assert job_import.status == ImportStatus.checked
    assert (job_import.total_rows, job_import.good_rows) == (2, 1)
    assert "第 3 行，“工作地址”列：" in page and problem in page


@pytest.mark.parametrize("bad", ["\x1b", "\x00", "\u202e", "\x9b", "\ufffe"])
def test_the_hub_decoder_refuses_a_record_with_a_control_character(bad):
    record = service("ST-A", name_zh=f"政策{bad}咨询")["data"]
    with pytest.raises(RecordProblem, match="name_zh"):
        decode(PUSHED_BY_NAME["service_item"], record)
    # Mongolian shaping controls travel; a good record decodes.
    fine = service("ST-A", name_mn="ᠪᠣᠳᠯᠢᠭ\u180eᠠ\u202fᠶᠢᠨ ᠵᠥᠪᠯᠡᠭᠡ")["data"]
    assert decode(PUSHED_BY_NAME["service_item"], fine)["name_mn"].endswith("ᠵᠥᠪᠯᠡᠭᠡ")
