"""On-screen keys: the layouts, a tap without JS, and the characters offered for pinyin."""

import pytest
from flask import g

from kiosk import keypad
from kiosk.keys.pinyin import candidates


def test_the_mongolian_keys_follow_gb_t_28038():
    """Each letter on the key of the standard (Q ᠣ, A ᠠ, Z ᠽ, N ᠨ / shift ᠩ …), the format
    controls where the standard puts them."""
    rows = keypad.MONGOLIAN_ROWS
    top, upper, home, lower = rows
    assert [k.value for k in upper] == list("ᠣᠸᠡᠷᠲᠶᠦᠢᠥᠫ")
    assert [k.value for k in home][:9] == list("ᠠᠰᠳᠹᠭᠬᠵᠺᠯ")
    letters = [k for k in lower if k.value not in ("shift", "space")]
    assert [k.value for k in letters] == list("ᠽᠱᠴᠤᠪᠨᠮ")
    shifted = {k.value: k.shift for row in rows for k in row if k.shift}
    assert shifted["ᠨ"] == "ᠩ" and shifted["ᠬ"] == "ᠾ" and shifted["ᠡ"] == "ᠧ"
    assert (top[0].value, top[-1].value, top[-1].shift) == ("\u180d", "\u202f", "\u180e")
    assert (home[-1].value, home[-1].shift) == ("\u180b", "\u180c")  # FVS1, FVS2


def test_a_tap_without_javascript_types_mongolian_and_nothing_else():
    assert keypad.typed("ᠪᠠ", "ᠲ", 10) == "ᠪᠠᠲ"
    assert keypad.typed("ᠪᠠ", "\u202f", 10) == "ᠪᠠ\u202f"
    assert keypad.typed("ab", "space", 10) == "ab "
    assert keypad.typed("ab", "<", 10) == "ab"
    assert keypad.typed("ab", "c", 2) == "ab"


def test_the_commonest_surnames_come_first():
    assert [candidates(s).characters[0] for s in ("wang", "li", "zhang", "liu", "lv")] == list(
        "王李张刘吕"
    )


@pytest.mark.parametrize(
    ("typed", "syllable", "first"),
    [
        ("wang", "wang", "王"),  # the commonest surname first
        ("li", "li", "李"),
        ("zhang", "zhang", "张"),
        ("lv", "lv", "吕"),  # v for ü, as on every pinyin input
        ("bate", "ba", "巴"),  # the first syllable of what was typed
        ("teer", "te", "特"),
        ("xian", "xian", "先"),  # the longest syllable, not xi-an
    ],
)
def test_pinyin_offers_name_characters_first(typed, syllable, first):
    found = candidates(typed)
    assert found.syllable == syllable
    assert first in found.characters[:12]  # on the keypad's first page


def test_pinyin_offers_common_characters_before_rare_ones():
    si = candidates("si").characters
    assert si.index("司") < si.index("厕")  # 厕 is read si only rarely
    assert candidates("hhh").characters == ()


def test_the_station_serves_the_characters(client):
    answer = client.get("/keys/pinyin", query_string={"syllable": "siji"})
    assert answer.status_code == 200 and answer.is_json
    assert answer.json["syllable"] == "si" and "司" in answer.json["candidates"][:20]
    assert client.get("/keys/pinyin?syllable=").json == {"syllable": "", "candidates": []}


def test_kiosk_fields_open_no_system_keyboard_but_the_phone_keeps_its_own(client):
    page = client.get("/register/").get_data(as_text=True)
    assert 'id="id_number" name="id_number" type="text" value="" maxlength="20"' in page
    assert 'inputmode="none" data-keys="id"' in page and 'data-keys="mongolian"' in page
    assert "data-keys-dock" in page
    client.set_cookie("device", "phone")
    g.pop("is_phone", None)  # the test's requests share one app context
    page = client.get("/register/").get_data(as_text=True)
    assert 'inputmode="none"' not in page and "data-keys-dock" not in page
    assert 'inputmode="tel"' in page


def test_the_vendored_table_is_what_pypinyin_and_the_name_list_give_today(tmp_path):
    """kiosk/data/pinyin_candidates.csv is rebuilt by `kiosk keys pinyin-table`."""
    from kiosk.keys.pinyin import TABLE, write_table

    write_table(tmp_path / "table.csv")
    assert (tmp_path / "table.csv").read_text(encoding="utf-8") == TABLE.read_text(
        encoding="utf-8"
    ), "run: kiosk keys pinyin-table"
