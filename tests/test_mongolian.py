"""The project's own Mongolian formatting and folding (CLDR has no usable mn_Mong data)."""

from datetime import date

import pytest

from kiosk.i18n import mongolian

NNBSP, MVS = "\u202f", "\u180e"


def test_date_as_government_notices_write_it():
    assert mongolian.format_date(date(2023, 5, 17)) == (
        f"2023 ᠣᠨ{NNBSP}ᠤ 5 ᠳ᠋ᠤᠭᠠᠷ ᠰᠠᠷ{MVS}ᠠ{NNBSP}ᠶᠢᠨ 17{NNBSP}ᠤ ᠡᠳᠦᠷ"
    )


@pytest.mark.parametrize(
    ("month", "ordinal"),
    [(1, "ᠳ᠋ᠦ᠋ᠭᠡᠷ"), (4, "ᠳ᠋ᠦ᠋ᠭᠡᠷ"), (9, "ᠳ᠋ᠦ᠋ᠭᠡᠷ"), (11, "ᠳ᠋ᠦ᠋ᠭᠡᠷ"), (2, "ᠳ᠋ᠤᠭᠠᠷ"),
     (5, "ᠳ᠋ᠤᠭᠠᠷ"), (6, "ᠳ᠋ᠤᠭᠠᠷ"), (10, "ᠳ᠋ᠤᠭᠠᠷ"), (12, "ᠳ᠋ᠤᠭᠠᠷ")],
)  # fmt: skip
def test_month_ordinal_follows_vowel_harmony(month, ordinal):
    assert f" {month} {ordinal} " in mongolian.format_date(date(2024, month, 3))


def test_fold_merges_look_alikes_and_drops_shaping_controls():
    assert mongolian.fold("ᠵᠣᠯᠣᠭᠴᠢ") == mongolian.fold("ᠵᠤᠯᠤᠭᠴᠢ")
    assert mongolian.fold("ᠥᠪᠥᠷ") == mongolian.fold("ᠦᠪᠦᠷ")
    assert mongolian.fold(f"ᠰᠠᠷ{MVS}ᠠ") == mongolian.fold("ᠰᠠᠷᠠ")
    assert mongolian.fold("ᠠᠶ᠋ᠢᠮᠠᠭ") == mongolian.fold("ᠠᠶᠢᠮᠠᠭ")  # FVS1 inside
    assert mongolian.fold(f"ᠠᠵᠢᠯ{NNBSP}ᠤᠨ") == "ᠠᠵᠢᠯ ᠤᠨ"


def test_private_use_code_points_are_detected():
    assert mongolian.has_private_use("ᠮᠣᠩ\ue234ᠭᠣᠯ")
    assert not mongolian.has_private_use("ᠮᠣᠩᠭᠣᠯ 中文 abc")


def test_dates_are_read_in_beijing_time(app):
    from datetime import UTC, datetime

    from kiosk.i18n import format_date, format_month_day

    posted = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)  # 07:30 on 1 April in Beijing
    with app.test_request_context():
        assert format_date(posted) == "2026年4月1日"
        assert format_month_day(posted) == "4月1日"


def test_numbers_come_from_our_formatter_in_both_languages(app):
    from kiosk.i18n import format_number

    assert mongolian.format_number(12345) == "12345"  # not CLDR's root grouping "12,345"
    with app.test_request_context():
        assert format_number(4500) == "4500"
