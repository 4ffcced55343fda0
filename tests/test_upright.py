"""Numbers in vertical Mongolian (issue 14): short ones upright, long ones a horizontal row."""

from markupsafe import Markup

from kiosk.web.upright import upright


def test_short_numbers_stand_upright_and_long_ones_lie_flat(app):
    with app.test_request_context():
        from flask import session

        session["locale"] = "mn_Mong_CN"
        assert upright("2026 ᠣᠨ ᠤ 12") == Markup(
            '<span class="tcy">2026</span> ᠣᠨ ᠤ <span class="tcy">12</span>'
        )
        assert upright("A013") == Markup('<span class="tcy">A013</span>')  # a queue number
        assert upright("139****5678") == Markup('<span class="num">139****5678</span>')
        assert upright("08:30–09:00") == Markup(
            '<span class="num">08:30</span>–<span class="num">09:00</span>'
        )
        assert upright("QA7J6E4DGB") == Markup('<span class="num">QA7J6E4DGB</span>')
        assert upright("ᠰᠠᠷ᠎ᠠ") == Markup("ᠰᠠᠷ᠎ᠠ")  # words without digits are left alone


def test_what_it_marks_is_escaped_first(app):
    with app.test_request_context():
        from flask import session

        session["locale"] = "mn_Mong_CN"
        # An apostrophe escapes to &#39;: its digits are not a number to mark.
        assert upright("<b>O'Neil 7</b>") == Markup(
            '&lt;b&gt;O&#39;Neil <span class="tcy">7</span>&lt;/b&gt;'
        )


def test_a_chinese_page_gets_the_text_unchanged(app):
    with app.test_request_context():
        assert upright("139****5678 8:30") == Markup("139****5678 8:30")


def test_a_phone_number_with_its_hyphen_is_one_row(app):
    with app.test_request_context():
        from flask import session

        session["locale"] = "mn_Mong_CN"
        assert upright("0471-9225646") == Markup('<span class="num">0471-9225646</span>')
