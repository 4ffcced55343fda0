"""What became of a gig taken: arrival (desk or employer), completion, a no-show on either
side; "were you paid?" from the day after the end, a "no" opening one rights referral, and the
employer flagged for review after repeated ones; the figures."""

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from test_gig_board import STATION, approved, board_app  # noqa: F401  (the fixture)
from test_gig_taking import id_number, take
from test_gigs import file_post, gig, receipt_of
from test_staff import csrf, get, signed_in

from kiosk.domain.forms import Refused
from kiosk.extensions import db
from kiosk.gigs import outcomes, posting
from kiosk.models import (
    AuditEntry,
    GigPost,
    GigReferral,
    GigTake,
    NoShow,
    PaidVia,
    PostStatus,
    ReferralOutcome,
    ReferralStatus,
    TrustedEmployer,
    Via,
    local_today,
    utcnow,
)
from kiosk.personal_data import vault_for
from kiosk.statistics.export import statistics_workbook
from kiosk.statistics.figures import station_figures
from kiosk.statistics.periods import Period, PeriodKind
from kiosk.sync.capture import update_synced


def post_form(client, page_url: str, action: str, **data):
    """A form of the page, sent; the answer after its redirect (flashes shown)."""
    with client.application.app_context():
        page = client.get(page_url).get_data(as_text=True)
    with client.application.app_context():
        return client.post(action, data={"csrf_token": csrf(page), **data}, follow_redirects=True)


def said(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def fresh(placed: GigTake) -> GigTake:
    db.session.expire_all()
    return db.session.get(GigTake, placed.id)


def taken(app, gig_post: GigPost, worker: str) -> GigTake:
    assert take(app.test_client(), gig_post, worker).status_code == 303
    return db.session.scalars(
        select(GigTake).where(GigTake.post_id == gig_post.id).order_by(GigTake.created_at.desc())
    ).first()


def ended(gig_post: GigPost, days_ago: int = 1) -> None:
    """The gig's days moved into the past (as if today were later)."""
    db.session.expire_all()
    post = db.session.get(GigPost, gig_post.id)
    post.start_date = post.end_date = post.valid_until = local_today() - timedelta(days=days_ago)
    db.session.commit()


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_arrival_at_the_desk_once_and_forged_or_other_codes_refused(board_app):  # noqa: F811
    first = approved(board_app, "货场装卸工", headcount="3")
    second = approved(board_app, "搬家工", headcount="3")
    placed = taken(board_app, first, id_number(1))
    elsewhere = taken(board_app, second, id_number(2))
    desk = signed_in(board_app, "wang")
    page = f"/staff/gigs/{first.id}"
    action = f"/staff/gigs/{first.id}/checkin"
    forged = other_code(placed.checkin_code)
    while forged == elsewhere.checkin_code:
        forged = other_code(forged)
    answer = said(post_form(desk, page, action, code=forged))
    assert "没有这个签到码" in answer and fresh(placed).arrived_at is None
    answer = said(post_form(desk, page, action, code=elsewhere.checkin_code))
    assert "另一份零工的签到码" in answer
    assert fresh(placed).arrived_at is None and fresh(elsewhere).arrived_at is None
    answer = said(post_form(desk, page, action, code=placed.checkin_code))
    assert "务工人员已签到" in answer and "已到岗（服务站窗口签到）" in answer
    arrived = fresh(placed)
    assert arrived.arrived_via is Via.desk and arrived.arrived_at is not None
    when, version = arrived.arrived_at, arrived.version
    answer = said(post_form(desk, page, action, code=f" {placed.checkin_code} "))
    assert "已经签到过了" in answer
    again = fresh(placed)
    assert (again.arrived_at, again.version) == (when, version)  # nothing changed
    assert (
        db.session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "gig_take_checkin")
        )
        == 1
    )


def test_the_code_is_read_like_every_typed_number():
    assert outcomes._code("１２３４５６") == "123456"  # a Chinese input method, full width
    assert outcomes._code(" 123 456 ") == "123456" and outcomes._code("123-456") == "123456"
    for wrong in ("12345", "1234567", "12345a", "", "１２３４５"):
        with pytest.raises(Refused) as refused:
            outcomes._code(wrong)
        assert refused.value.problem is outcomes.OutcomeProblem.code
    for foreign in ("᠑᠒᠓᠔᠕᠖", "١٢٣٤٥٦", "१२३४५६", "12345᠖"):  # Mongolian, Arabic, Devanagari
        with pytest.raises(Refused) as refused:
            outcomes._code(foreign)
        assert refused.value.problem is outcomes.OutcomeProblem.code_digits


def test_a_full_width_code_checks_in_and_foreign_digits_are_told_apart(board_app):  # noqa: F811
    gig_post = approved(board_app, "货场装卸工", headcount="3")
    placed = taken(board_app, gig_post, id_number(1))
    desk = signed_in(board_app, "wang")
    page, action = f"/staff/gigs/{gig_post.id}", f"/staff/gigs/{gig_post.id}/checkin"
    mongolian = placed.checkin_code.translate({ord(str(d)): 0x1810 + d for d in range(10)})
    answer = said(post_form(desk, page, action, code=mongolian))
    assert "请用数字 0–9 输入签到码" in answer and "没有这个签到码" not in answer
    assert fresh(placed).arrived_at is None
    desk.get("/lang/mn_Mong_CN")
    answer = said(post_form(desk, page, action, code=mongolian))
    assert "ᠺᠣᠳ᠋ ᠢ 0–9 ᠲᠣᠭ᠎ᠠ ᠪᠠᠷ" in answer and fresh(placed).arrived_at is None
    desk.get("/lang/zh_Hans_CN")
    full_width = placed.checkin_code.translate({ord(str(d)): 0xFF10 + d for d in range(10)})
    answer = said(post_form(desk, page, action, code=full_width))
    assert "务工人员已签到" in answer and fresh(placed).arrived_via is Via.desk


def employer_with_a_worker(app):
    """An employer's post filed by the QR code and approved, with one worker: (receipt, take)."""
    client = app.test_client()
    today = local_today().isoformat()
    receipt = receipt_of(file_post(client, app, region="150102", start_date=today,
                                   end_date=today, valid_until=today))  # fmt: skip
    post = db.session.scalars(select(GigPost)).one()
    post.status = PostStatus.approved
    db.session.commit()
    return client, receipt, taken(app, post, "13947110001")


def test_the_employer_checks_the_worker_in_and_marks_the_work_done(board_app):  # noqa: F811
    client, receipt, placed = employer_with_a_worker(board_app)
    page = f"/post/r/{receipt}"
    done = post_form(client, page, f"/post/r/{receipt}/done/{placed.id}")
    assert "还没有签到" in said(done) and fresh(placed).completed_at is None
    answer = said(post_form(client, page, f"/post/r/{receipt}/checkin", code=placed.checkin_code))
    assert "务工人员已签到" in answer and "已到岗（用人方确认）" in answer
    assert fresh(placed).arrived_via is Via.employer
    again = said(post_form(client, page, f"/post/r/{receipt}/checkin", code=placed.checkin_code))
    assert "已经签到过了" in again
    answer = said(post_form(client, page, f"/post/r/{receipt}/done/{placed.id}"))
    assert "已标记为工作完成" in answer and fresh(placed).completed_at is not None
    twice = said(post_form(client, page, f"/post/r/{receipt}/done/{placed.id}"))
    assert "已标记为完成" in twice
    # Another employer's page cannot touch this worker.
    other = receipt_of(file_post(client, board_app, region="150102", title_zh="别的活"))
    with board_app.app_context():
        form = client.get(f"/post/r/{other}").get_data(as_text=True)
    with board_app.app_context():
        forged = client.post(f"/post/r/{other}/no-show/{placed.id}",
                             data={"csrf_token": csrf(form)}, follow_redirects=True)  # fmt: skip
    assert "不是这份零工的" in said(forged) and fresh(placed).no_show is None


def test_a_no_show_is_counted_on_either_side_once(board_app):  # noqa: F811
    gig_post = approved(board_app, "货场装卸工", headcount="3")
    absent = taken(board_app, gig_post, "13947110001")
    stood_up = taken(board_app, gig_post, "13947110002")
    desk = signed_in(board_app, "wang")
    page = f"/staff/gigs/{gig_post.id}"
    answer = said(post_form(desk, page, f"{page}/no-show/{absent.id}/worker"))
    assert "已记录未到" in answer and "务工人员未到" in answer
    assert fresh(absent).no_show is NoShow.worker
    # The worker came, the employer did not: the worker says so at the desk.
    post_form(desk, page, f"{page}/checkin", code=stood_up.checkin_code)
    refused = said(post_form(desk, page, f"{page}/no-show/{stood_up.id}/worker"))
    assert "已有结果" in refused and fresh(stood_up).no_show is None
    said(post_form(desk, page, f"{page}/no-show/{stood_up.id}/employer"))
    assert fresh(stood_up).no_show is NoShow.employer
    again = said(post_form(desk, page, f"{page}/no-show/{absent.id}/employer"))
    assert "已有结果" in again and fresh(absent).no_show is NoShow.worker
    # A no-show is never asked "were you paid?".
    ended(gig_post)
    assert outcomes.awaiting_paid(db.session, local_today(), station_code=STATION) == []


def kiosk_worker(app, worker: str):
    """A kiosk that has been told who the worker is (the ID number or mobile on the keys)."""
    kiosk = app.test_client()
    post_form(kiosk, "/gigs/paid", "/gigs/paid", worker=worker)
    return kiosk


def test_the_paid_question_comes_only_from_the_day_after_the_end(board_app):  # noqa: F811
    gig_post = approved(board_app, "货场装卸工", headcount="3", days=1)
    placed = taken(board_app, gig_post, id_number(3))
    kiosk = kiosk_worker(board_app, id_number(3))
    today = said(get(kiosk, "/gigs/paid"))
    assert "您没有需要回答的零工" in today and "货场装卸工" not in today
    with board_app.app_context():
        form = kiosk.get(f"/gigs/{gig_post.id}/take").get_data(as_text=True)
    with board_app.app_context():
        early = kiosk.post(f"/gigs/paid/{placed.id}/no", data={"csrf_token": csrf(form)},
                           follow_redirects=True)  # fmt: skip
    assert "结束后的第二天起" in said(early)
    assert fresh(placed).paid is None and db.session.scalar(select(func.count(GigReferral.id))) == 0
    ended(gig_post)
    asked = said(get(kiosk, "/gigs/paid"))
    assert "货场装卸工" in asked and "是的，我拿到工资了" in asked
    # Another person at the kiosk sees none of it, and cannot answer for this worker.
    stranger = kiosk_worker(board_app, "13947119999")
    assert "货场装卸工" not in said(get(stranger, "/gigs/paid"))
    with board_app.app_context():
        form = stranger.get("/gigs/paid").get_data(as_text=True)
    with board_app.app_context():
        assert stranger.post(f"/gigs/paid/{placed.id}/no",
                             data={"csrf_token": csrf(form)}).status_code == 404  # fmt: skip


def test_not_paid_opens_one_referral_with_what_was_agreed(board_app):  # noqa: F811
    gig_post = approved(board_app, "货场装卸工", headcount="3")
    placed = taken(board_app, gig_post, id_number(4))
    ended(gig_post)
    kiosk = kiosk_worker(board_app, id_number(4))
    answer = post_form(kiosk, "/gigs/paid", f"/gigs/paid/{placed.id}/no")
    slip_page = said(answer)
    referral = db.session.scalars(select(GigReferral)).one()
    assert re.fullmatch(r"WQ\d{12}", referral.number) and referral.number in slip_page
    assert board_app.config["GIG_LABOUR_INSPECTION"] in slip_page
    assert id_number(4) not in slip_page and referral.worker_masked in slip_page
    answered = fresh(placed)
    assert answered.paid is False and answered.paid_via is PaidVia.kiosk
    assert answered.completed_at is not None  # the worker says they worked it
    # What was agreed, kept as it stood.
    assert (referral.pay_fen, referral.employer_name, referral.title_zh) == (
        gig_post.pay_fen,
        gig_post.employer_name,
        "货场装卸工",
    )
    assert referral.worker_masked == id_number(4)[:6] + "********" + id_number(4)[-4:]
    # Answered twice (the back button, a second screen): still one referral, nothing changed.
    again = said(post_form(kiosk, "/gigs/paid", f"/gigs/paid/{placed.id}/yes"))
    assert "已经回答过了" in again
    assert fresh(placed).paid is False
    assert db.session.scalar(select(func.count(GigReferral.id))) == 1
    # The desk sees it, with the labour inspection contact, and prints its slip.
    desk = signed_in(board_app, "wang")
    listed = said(get(desk, "/staff/gigs/referrals"))
    assert referral.number in listed and board_app.config["GIG_LABOUR_INSPECTION"] in listed
    shown = said(get(desk, f"/staff/gigs/referrals/{referral.id}"))
    assert "约定薪资" in shown and "220" in shown and id_number(4) not in shown


def test_the_desk_and_the_follow_up_list_ask_too(board_app):  # noqa: F811
    gig_post = approved(board_app, "货场装卸工", headcount="3")
    paid = taken(board_app, gig_post, "13947110001")
    unpaid = taken(board_app, gig_post, "13947110002")
    desk = signed_in(board_app, "wang")
    url = _follow_ups_url(board_app)
    assert paid.worker_masked not in said(get(desk, url))  # the gig is not over yet
    ended(gig_post)
    listed = said(get(desk, url))
    assert "待确认工资的零工" in listed and paid.worker_masked in listed
    answer = said(post_form(desk, url, f"/staff/gigs/takes/{paid.id}/paid/yes", via="follow_up"))
    assert "回答已保存" in answer and paid.worker_masked not in answer.split("待确认工资的零工")[1]
    assert fresh(paid).paid is True and fresh(paid).paid_via is PaidVia.follow_up
    page = f"/staff/gigs/{gig_post.id}"
    answer = said(post_form(desk, page, f"/staff/gigs/takes/{unpaid.id}/paid/no"))
    assert "已立维权转介" in answer and fresh(unpaid).paid_via is PaidVia.desk
    assert db.session.scalar(select(func.count(GigReferral.id))) == 1


def _follow_ups_url(app) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for("records.follow_ups")


def test_an_employer_unpaid_twice_is_flagged_and_its_next_post_waits(board_app):  # noqa: F811
    gig_post = approved(board_app, "货场装卸工", headcount="3")
    db.session.add(TrustedEmployer(employer_key=gig_post.employer_key))
    db.session.commit()
    first = taken(board_app, gig_post, "13947110001")
    second = taken(board_app, gig_post, "13947110002")
    ended(gig_post)
    today = local_today()
    vault = vault_for(board_app)

    def new_post(title: str) -> GigPost:
        form = posting.PostForm.from_mapping(gig(title_zh=title))
        checked = posting.check_post(db.session, form, today=today, vault=vault)
        post, _ = posting.create_post(db.session, checked, station_code=STATION, vault=vault)
        db.session.commit()
        return post

    assert new_post("搬家工").status is PostStatus.approved  # trusted: published at once
    outcomes.answer_paid(db.session, fresh(first), False, via=PaidVia.desk, today=today)
    db.session.commit()
    assert new_post("清洁工").status is PostStatus.approved  # one referral: still trusted
    outcomes.answer_paid(db.session, fresh(second), False, via=PaidVia.desk, today=today)
    db.session.commit()
    assert outcomes.flagged_for_unpaid(db.session, gig_post.employer_key)
    waiting = new_post("送货工")
    assert waiting.status is PostStatus.pending and not waiting.published_at_once
    desk = signed_in(board_app, "wang")
    review = said(get(desk, f"/staff/gigs/{waiting.id}"))
    assert "多次欠薪" in review and "已有2条欠薪维权转介" in review


def test_the_figures_on_the_gigs_page_and_in_the_statistics(board_app):  # noqa: F811
    gig_post = approved(board_app, "货场装卸工", headcount="4")
    workers = [taken(board_app, gig_post, f"1394711000{n}") for n in range(4)]
    desk = signed_in(board_app, "wang")
    page = f"/staff/gigs/{gig_post.id}"
    for placed in workers[:3]:
        post_form(desk, page, f"{page}/checkin", code=placed.checkin_code)
    post_form(desk, page, f"{page}/done/{workers[0].id}")
    post_form(desk, page, f"{page}/no-show/{workers[3].id}/worker")
    ended(gig_post)
    today = local_today()
    outcomes.answer_paid(db.session, fresh(workers[0]), True, via=PaidVia.desk, today=today)
    outcomes.answer_paid(db.session, fresh(workers[1]), True, via=PaidVia.desk, today=today)
    outcomes.answer_paid(db.session, fresh(workers[2]), False, via=PaidVia.desk, today=today)
    db.session.commit()
    # Completed 3 (the no-show is not), 2 of them confirmed paid: 67 %; one referral open.
    queue = said(get(desk, "/staff/gigs/"))
    for figure, value in (("completed", "3"), ("paid_share", "67"), ("referrals_open", "1")):
        assert re.search(rf'data-figure="{figure}"><span class="num">{value}<', queue), figure
    figures = station_figures(db.session, STATION, Period.containing(PeriodKind.month, today))
    assert (figures.gigs_completed, figures.gigs_paid_share, figures.gig_referrals_open) == (
        3,
        67,
        1,
    )
    # The Excel the station sends the county carries them too.
    with board_app.test_request_context():
        sheet = statistics_workbook(figures, "站", utcnow())["汇总"]
        rows = {str(row[0].value): row[1].value for row in sheet.iter_rows(min_row=2)}
    assert (rows["已完成零工"], rows["零工确认已付工资（%）"], rows["处理中的维权转介"]) == (
        3,
        67,
        1,
    )
    last_year = Period.containing(PeriodKind.month, today - timedelta(days=400))
    assert station_figures(db.session, STATION, last_year).gigs_completed == 0


def two_referrals(app) -> tuple[GigPost, GigReferral, GigReferral]:
    """One employer's gig, over, and two workers who said "not paid"."""
    gig_post = approved(app, "货场装卸工", headcount="3")
    first = taken(app, gig_post, "13947110001")
    second = taken(app, gig_post, "13947110002")
    ended(gig_post)
    today = local_today()
    made = [
        outcomes.answer_paid(db.session, fresh(placed), False, via=PaidVia.desk, today=today)
        for placed in (first, second)
    ]
    db.session.commit()
    assert made[0] is not None and made[1] is not None
    return gig_post, made[0], made[1]


def open_referrals() -> int:
    return outcomes.figures(db.session, STATION).referrals_open


def test_a_referral_is_closed_once_with_how_it_ended(board_app):  # noqa: F811
    gig_post, referral, _ = two_referrals(board_app)
    assert open_referrals() == 2
    closed = outcomes.close_referral(
        db.session, referral, "paid_after_referral", "  用人单位12月5日补发工资  "
    )
    db.session.commit()
    assert closed.status is ReferralStatus.closed
    assert closed.outcome is ReferralOutcome.paid_after_referral
    assert closed.outcome_note == "用人单位12月5日补发工资" and closed.closed_at is not None
    assert open_referrals() == 1
    when, version = closed.closed_at, closed.version
    with pytest.raises(Refused) as refused:
        outcomes.close_referral(db.session, closed, "settled", "")
    assert refused.value.problem is outcomes.OutcomeProblem.closed
    db.session.expire_all()
    again = db.session.get(GigReferral, referral.id)
    assert (again.outcome, again.closed_at, again.version) == (
        ReferralOutcome.paid_after_referral,
        when,
        version,
    )
    # Paid only once referred: it still counts against the employer.
    assert outcomes.unpaid_referrals(db.session, gig_post.employer_key) == 2


def test_two_desks_closing_at_once_close_it_once(board_app):  # noqa: F811
    _, referral, _ = two_referrals(board_app)
    assert referral.status is ReferralStatus.open  # as this desk read it
    # Meanwhile another desk closed it (its UPDATE, not seen by this session's copy).
    update_synced(db.session, GigReferral, GigReferral.id == referral.id,
                  status=ReferralStatus.closed, outcome=ReferralOutcome.settled)  # fmt: skip
    assert referral.status is ReferralStatus.open
    with pytest.raises(Refused) as refused:
        outcomes.close_referral(db.session, referral, "withdrawn_by_worker", "")
    assert refused.value.problem is outcomes.OutcomeProblem.closed
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(GigReferral, referral.id).outcome is ReferralOutcome.settled


def test_a_referral_the_worker_withdrew_does_not_flag_the_employer(board_app):  # noqa: F811
    gig_post, referral, _ = two_referrals(board_app)
    assert outcomes.flagged_for_unpaid(db.session, gig_post.employer_key)
    outcomes.close_referral(db.session, referral, "withdrawn_by_worker", "工资已在转介前付清")
    db.session.commit()
    assert outcomes.unpaid_referrals(db.session, gig_post.employer_key) == 1
    assert not outcomes.flagged_for_unpaid(db.session, gig_post.employer_key)


def test_closing_a_referral_with_bad_input_changes_nothing(board_app):  # noqa: F811
    _, referral, _ = two_referrals(board_app)
    for outcome, note, field in (
        ("", "", "outcome"),
        ("paid", "", "outcome"),
        ("settled", "长" * 201, "outcome_note"),
        ("settled", "<b>已付</b>", "outcome_note"),
    ):
        with pytest.raises(Refused) as refused:
            outcomes.close_referral(db.session, referral, outcome, note)
        assert field in refused.value.problems, (outcome, note)
    db.session.rollback()
    assert db.session.get(GigReferral, referral.id).status is ReferralStatus.open
    assert open_referrals() == 2


def closes(app) -> int:
    return db.session.scalar(
        select(func.count(AuditEntry.id)).where(AuditEntry.action == "gig_referral_close")
    )


def test_the_desk_closes_a_referral_on_its_page(board_app):  # noqa: F811
    _, referral, other = two_referrals(board_app)
    desk = signed_in(board_app, "wang")
    page = f"/staff/gigs/referrals/{referral.id}"
    action = f"{page}/close"
    shown = said(get(desk, page))
    assert "办结转介" in shown and "务工人员撤回" in shown
    assert re.search(r'data-figure="referrals_open"><span class="num">2<',
                     said(get(desk, "/staff/gigs/")))  # fmt: skip
    # Bad input: said in the language, beside the field, and nothing changed.
    for data, words in (
        ({"outcome": "paid", "outcome_note": ""}, "请填写列出的值之一"),
        ({"outcome": "settled", "outcome_note": "长" * 201}, "最多 200 个字"),
        ({"outcome": "settled", "outcome_note": "<script>x</script>"}, "请不要输入 < 和 >"),
    ):
        answer = post_form(desk, page, action, **data)
        assert answer.status_code == 422 and words in said(answer), data
        assert "办结转介" in said(answer)  # the form is there again
    desk.get("/lang/mn_Mong_CN")
    answer = post_form(desk, page, action, outcome="settled", outcome_note="长" * 201)
    assert answer.status_code == 422 and "ᠬᠠᠮᠤᠭ ᠤᠯᠠᠨ ᠳᠠᠭᠠᠨ" in said(answer)
    desk.get("/lang/zh_Hans_CN")
    db.session.expire_all()
    assert db.session.get(GigReferral, referral.id).status is ReferralStatus.open
    assert closes(board_app) == 0
    # Closed: how it ended shows, the form is gone, the list says closed, the figure drops.
    answer = said(post_form(desk, page, action, outcome="settled", outcome_note="双方当面结清"))
    assert "转介已办结" in answer and "双方协商解决" in answer and "双方当面结清" in answer
    assert 'name="outcome"' not in answer
    listed = said(get(desk, "/staff/gigs/referrals"))
    row = next(li for li in listed.split("<li") if referral.number in li)
    assert "已办结 · 双方协商解决" in row
    assert "处理中" in next(li for li in listed.split("<li") if other.number in li)
    assert re.search(r'data-figure="referrals_open"><span class="num">1<',
                     said(get(desk, "/staff/gigs/")))  # fmt: skip
    assert closes(board_app) == 1
    # Closed twice (a second desk, the back button): already closed, nothing changed.
    with board_app.app_context():
        token = csrf(get(desk, f"/staff/gigs/referrals/{other.id}").get_data(as_text=True))
    with board_app.app_context():
        twice = desk.post(action, data={"csrf_token": token, "outcome": "withdrawn_by_worker"},
                          follow_redirects=True)  # fmt: skip
    assert "该转介已经办结" in said(twice)
    db.session.expire_all()
    assert db.session.get(GigReferral, referral.id).outcome is ReferralOutcome.settled
    assert closes(board_app) == 1
