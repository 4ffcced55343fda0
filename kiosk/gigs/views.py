"""Gig posts: the employer's form behind the station's QR code (`/post/<token>`) and its
receipt page, and the station's review queue with the counselor's own entry at the desk."""

import uuid
from collections.abc import Callable
from typing import TypeVar

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import RequestEntityTooLarge

from kiosk.domain.forms import FieldProblem, Refused
from kiosk.extensions import db
from kiosk.gigs import board as gig_board
from kiosk.gigs import labels, licence, outcomes, posting, review, taking
from kiosk.gigs.posting import GigProblem, PostForm, StaleEdit
from kiosk.i18n import current_locale, select_locale
from kiosk.models import (
    GigPost,
    GigReferral,
    GigTake,
    NoShow,
    PaidVia,
    SlipKind,
    Station,
    Via,
    local_today,
)
from kiosk.personal_data import vault_for
from kiosk.qr import public_url, qr_svg
from kiosk.registration.card_reader import CardReaderError, reader_for
from kiosk.registration.labels import CARD_PROBLEMS
from kiosk.slips.handout import hand_out, recall, remember, slip_view
from kiosk.slips.service import issue_slip, print_slip, slip_token
from kiosk.web.device import QR_MARK, is_phone
from kiosk.web.errors import error_page
from kiosk.web.render import never_cached, page
from kiosk.web.render_cache import render_cache
from kiosk.web.staff import audit, staff_blueprint
from kiosk.web.uploads import accepts_file

bp = Blueprint("gig_posting", __name__, url_prefix="/post")
bp.after_request(never_cached)
review_bp = staff_blueprint("gig_review", __name__, "/staff/gigs")
board_bp = Blueprint("gigs", __name__, url_prefix="/gigs")
#: A code's address says it was scanned: the phone that opens it gets the phone's pages.
_SCANNED = f"?from={QR_MARK}"
#: Gig cards kept drawn: a board's 60 in both languages, with and without QR codes, and room.
CARD_CACHE_SIZE = 1024


def _station_code() -> str:
    return current_app.config["STATION_CODE"]


def _station() -> Station | None:
    return db.session.scalars(select(Station).where(Station.code == _station_code())).first()


def _secret() -> str:
    return str(current_app.secret_key or "")


def _token() -> str:
    return posting.posting_token(_secret(), _station_code())


def _form_page(form: PostForm, action: str, *, problems=None, status=200, original=None,
               post: GigPost | None = None, desk: bool = False):  # fmt: skip
    station = _station()
    return page(
        "gigs/post.html",
        form=form,
        action=action,
        post=post,
        desk=desk,
        original=original,
        problems={name: labels.problem_text(p) for name, p in (problems or {}).items()},
        counties=posting.counties_near(station.region_code if station else None),
        has_licence=post is not None and licence.has_licence(db.session, post.id),
        status=status,
    )


def _sent_photo() -> bytes:
    """The licence photo sent with the form (empty if none), or RequestEntityTooLarge."""
    sent = request.files.get("licence")
    if sent is None:
        return b""
    try:
        photo = sent.read(licence.MAX_BYTES + 1)
    finally:
        sent.close()  # a large one waits in a temporary file: closed now, not by the collector
    if len(photo) > licence.MAX_BYTES:
        raise RequestEntityTooLarge()
    return photo


def _file(form: PostForm, action: str, *, desk: bool, post: GigPost | None = None):
    """Check and write a post (new, or an edit of `post`): the form again with every problem,
    or the post written (the caller commits). Returns (response, post, receipt)."""
    vault = vault_for(current_app)
    today = local_today()
    photo = _sent_photo()
    try:
        checked = posting.check_post(db.session, form, today=today, vault=vault,
                                     licence_photo=photo)  # fmt: skip
    except Refused as refused:
        db.session.rollback()
        return _form_page(form, action, problems=refused.problems, status=422, post=post,
                          desk=desk), None, ""  # fmt: skip
    original = posting.duplicate_of(db.session, checked, today=today, other_than=post)
    if original is not None:
        db.session.rollback()
        problems = {"title_zh": FieldProblem(GigProblem.duplicate)}
        return _form_page(form, action, problems=problems, status=409, original=original,
                          post=post, desk=desk), None, ""  # fmt: skip
    if post is None:
        post, receipt = posting.create_post(
            db.session, checked, station_code=_station_code(), vault=vault
        )
        return None, post, receipt
    seen = request.form.get("version", "")
    posting.update_post(
        db.session, post, checked, seen_version=int(seen) if seen.isdigit() else -1, vault=vault
    )
    return None, post, ""


def _photo_too_large(_error: RequestEntityTooLarge):
    db.session.rollback()
    return error_page(413, labels.licence_too_large())


# --- the employer's side ------------------------------------------------------------------


def _posting_open(token: str) -> None:
    # Any other address is as if there were no form: it is reached only by the code.
    if not posting.is_posting_token(token, _secret(), _station_code()):
        abort(404)


bp.register_error_handler(RequestEntityTooLarge, _photo_too_large)
review_bp.register_error_handler(RequestEntityTooLarge, _photo_too_large)


@bp.route("/<token>", methods=["GET", "POST"])
@accepts_file(licence.MAX_BYTES)
def new(token: str) -> ResponseReturnValue:
    _posting_open(token)
    action = url_for(".new", token=token)
    if request.method == "GET":
        return _form_page(PostForm(region=_default_region()), action)
    answer, _post, receipt = _file(PostForm.from_mapping(request.form), action, desk=False)
    if answer is not None:
        return answer
    db.session.commit()
    return redirect(url_for(".receipt", receipt=receipt), code=303)


def _default_region() -> str:
    station = _station()
    return station.region_code if station else ""


def _by_receipt(receipt: str) -> GigPost:
    post = posting.post_by_receipt(db.session, receipt)
    # Another station's post (synced here for the board) is its employer's to change there.
    if post is None or post.origin != _station_code():
        abort(404)
    return post


@bp.get("/r/<receipt>")
def receipt(receipt: str) -> ResponseReturnValue:
    """The employer's page for the post: its state, the reviewer's reason, the way to fix it."""
    post = _by_receipt(receipt)
    return page("gigs/receipt.html", post=post, receipt=receipt,
                takes=taking.takes_of(db.session, post.id), today=local_today(),
                has_licence=licence.has_licence(db.session, post.id),
                link=public_url(url_for(".receipt", receipt=receipt)))  # fmt: skip


@bp.post("/r/<receipt>/confirm/<uuid:take_id>")
def confirm(receipt: str, take_id: uuid.UUID) -> ResponseReturnValue:
    """The employer confirms a worker who took the gig."""
    post = _by_receipt(receipt)
    try:
        if taking.confirm(db.session, post, take_id):
            db.session.commit()
    except Refused:
        abort(404)
    return redirect(url_for(".receipt", receipt=receipt), code=303)


@bp.post("/r/<receipt>/withdraw")
def withdraw(receipt: str) -> ResponseReturnValue:
    """The employer takes the post down; the other stations hear with the next sync."""
    post = _by_receipt(receipt)
    if posting.withdraw(post):
        db.session.commit()
        flash(_("The post is taken down. Workers who took a place keep their slips."))
    return redirect(url_for(".receipt", receipt=receipt), code=303)


@bp.route("/r/<receipt>/edit", methods=["GET", "POST"])
@accepts_file(licence.MAX_BYTES)
def edit(receipt: str) -> ResponseReturnValue:
    post = _by_receipt(receipt)
    action = url_for(".edit", receipt=receipt)
    if request.method == "GET":
        return _form_page(PostForm.of(post), action, post=post)
    try:
        answer, _post, _receipt = _file(
            PostForm.from_mapping(request.form), action, desk=False, post=post
        )
        if answer is not None:
            return answer
        db.session.commit()
    except (StaleEdit, StaleDataError):
        db.session.rollback()
        flash(_("The post changed while you were editing it. Nothing was saved."), "problem")
        return redirect(url_for(".edit", receipt=receipt), code=303)
    return redirect(url_for(".receipt", receipt=receipt), code=303)


# --- the station's side -------------------------------------------------------------------


@review_bp.get("/")
def queue() -> ResponseReturnValue:
    return page(
        "gigs/queue.html",
        waiting=review.waiting(db.session, _station_code()),
        at_once=review.published_at_once(db.session, _station_code()),
        figures=outcomes.figures(db.session, _station_code()),
    )


@review_bp.get("/code")
def code() -> ResponseReturnValue:
    """The station's posting code, to show employers or print for the wall."""
    link = public_url(url_for("gig_posting.new", token=_token()) + _SCANNED)
    return page("gigs/code.html", qr=qr_svg(link), link=link)


@review_bp.route("/new", methods=["GET", "POST"])
@accepts_file(licence.MAX_BYTES)
def desk_new() -> ResponseReturnValue:
    """A counselor keys a post in for an employer at the desk (or the caravan)."""
    action = url_for(".desk_new")
    if request.method == "GET":
        return _form_page(PostForm(region=_default_region()), action, desk=True)
    answer, post, _receipt = _file(PostForm.from_mapping(request.form), action, desk=True)
    if answer is not None:
        return answer
    assert post is not None
    db.session.flush()
    audit(db.session, "gig_post_desk", "gig_post", post.id)
    db.session.commit()
    flash(_("The post is filed."))
    return redirect(url_for(".show", post_id=post.id), code=303)


#: A record kept by the station it was made at.
Owned = TypeVar("Owned", GigPost, GigReferral)


def _own_or_404(model: type[Owned], record_id: uuid.UUID) -> Owned:
    """A record of this station's own (another station's gig is never reviewed here)."""
    record = db.session.get(model, record_id)
    if record is None or record.station_code != _station_code():
        abort(404)
    return record


def _post_or_404(post_id: uuid.UUID) -> GigPost:
    return _own_or_404(GigPost, post_id)


def _review_page(post: GigPost, *, problems=None, status: int = 200, reason: str = "",
                 mongolian: dict[str, str] | None = None):  # fmt: skip
    typed = mongolian or {name: getattr(post, name) for name in review.STATION_TEXTS}
    return page("gigs/review.html", post=post, problems=problems or {}, status=status,
                reason=reason, mongolian=typed, takes=taking.takes_of(db.session, post.id),
                has_licence=licence.has_licence(db.session, post.id),
                trusted=posting.is_trusted(db.session, post.employer_key),
                unpaid=outcomes.unpaid_referrals(db.session, post.employer_key),
                flagged=outcomes.flagged_for_unpaid(db.session, post.employer_key),
                today=local_today())  # fmt: skip


@review_bp.get("/<uuid:post_id>")
def show(post_id: uuid.UUID) -> ResponseReturnValue:
    return _review_page(_post_or_404(post_id))


@review_bp.get("/<uuid:post_id>/licence.jpg")
def licence_photo(post_id: uuid.UUID) -> ResponseReturnValue:
    """The licence photo, for the reviewer's eyes only (a staff page, never cached)."""
    photo = licence.photo(db.session, _post_or_404(post_id).id, vault_for(current_app))
    if photo is None:
        abort(404)
    return never_cached(Response(photo, mimetype="image/jpeg"))


@review_bp.post("/<uuid:post_id>/mongolian")
def supply_mongolian(post_id: uuid.UUID) -> ResponseReturnValue:
    """The station writes the Mongolian the employer left out (or mends it)."""
    post = _post_or_404(post_id)
    typed = {name: request.form.get(name, "")[:4000] for name in review.STATION_TEXTS}
    seen = request.form.get("version", "")
    try:
        changed = review.supply_mongolian(
            post, typed, seen_version=int(seen) if seen.isdigit() else -1
        )
    except Refused as refused:
        db.session.rollback()
        problems = {name: labels.problem_text(p) for name, p in refused.problems.items()}
        return _review_page(_post_or_404(post_id), problems=problems, status=422, mongolian=typed)
    if changed:
        audit(db.session, "gig_post_mongolian", "gig_post", post.id)
        db.session.commit()
    flash(_("The Mongolian text is saved.") if changed else _("Nothing was changed."))
    return redirect(url_for(".show", post_id=post_id), code=303)


@review_bp.post("/<uuid:post_id>/<any(approve, reject):decision>")
def decide(post_id: uuid.UUID, decision: str) -> ResponseReturnValue:
    post = _post_or_404(post_id)
    seen = request.form.get("version", "")
    seen_version = int(seen) if seen.isdigit() else -1
    try:
        if decision == "approve":
            review.approve(post, seen_version=seen_version)
        else:
            review.reject(post, request.form.get("reason", "")[:1000], seen_version=seen_version)
        trusting = decision == "approve" and request.form.get("trust") == "1"
        if trusting and review.trust(db.session, post.employer_key, current_user.id):
            audit(db.session, "gig_employer_trust", "gig_post", post.id)
        audit(db.session, f"gig_post_{decision}", "gig_post", post.id,
              post.review_reason)  # fmt: skip
        db.session.commit()
    except Refused as refused:
        db.session.rollback()
        problems = {name: labels.problem_text(p) for name, p in refused.problems.items()}
        return _review_page(_post_or_404(post_id), problems=problems, status=422,
                            reason=request.form.get("reason", "")[:1000])  # fmt: skip
    flash(_("The post is on the gig board.") if decision == "approve"
          else _("The post is sent back to the employer with your reason."))  # fmt: skip
    return redirect(url_for(".queue"), code=303)


# --- the gig board ------------------------------------------------------------------------


def _board_page(wall: bool) -> ResponseReturnValue:
    today = local_today()
    station = _station()
    shown = gig_board.board(db.session, station.region_code if station else None, today)
    here = _station_code()
    owners = taking.owner_stations(db.session, {g.origin for g in shown.gigs if g.origin != here})
    with_codes = wall or not is_phone()
    return page("gigs/board.html", board=shown, wall=wall, with_codes=with_codes,
                code_of=_code_of, today=today, owners=owners,
                card_of=_drawn_cards(shown.gigs, owners, with_codes))  # fmt: skip


def _drawn_cards(gigs: list[GigPost], owners: dict[str, Station | str], with_codes: bool):
    """`card_of(gig, gig_card)`: the gig's card as last drawn by the template's `gig_card`
    macro, drawn again only when the gig changed. A card is the same for every visitor in a
    language (the places left, an edit, a moderation all bump the gig's version; the board
    leaves out what is over or moderated), and drawing 60 of them was most of the board's
    time. The board loaded only each gig's key: the cards to draw get their whole rows here."""
    cache = render_cache("gig_cards", CARD_CACHE_SIZE)
    locale = select_locale()

    def key(gig: GigPost) -> tuple:
        owner = owners.get(gig.origin)
        return (gig.id, gig.version, locale, with_codes, owner and labels.station_name(owner))

    gig_board.load_whole(db.session, [gig.id for gig in gigs if key(gig) not in cache])

    def card_of(gig: GigPost, gig_card: Callable[[GigPost], str]) -> Markup:
        return Markup(cache.get_or_render(key(gig), lambda: str(gig_card(gig))))

    return card_of


def _worker_number() -> str:
    """The worker's ID or mobile: from the card reader when its button was pressed (raises
    CardReaderError), else as typed on the keys."""
    if request.form.get("card"):
        reader = reader_for(current_app.config)
        if reader is None or is_phone():
            abort(404)
        return reader.read().number
    return request.form.get("worker", "")[:40]


def _owner(gig: GigPost) -> Station | str | None:
    """Another station's gig: that station (its places are taken there); None for our own."""
    return None if gig.origin == _station_code() else taking.owner_station(db.session, gig.origin)


def _code_of(gig: GigPost):
    # Marked as scanned, so the phone that opens it gets the phone's pages from then on.
    link = url_for("gigs.gig", gig_id=gig.id) + _SCANNED
    return gig_board.gig_code(public_url(link))


@board_bp.get("")
def index() -> ResponseReturnValue:
    return _board_page(wall=False)


@board_bp.get("/wall")
def wall() -> ResponseReturnValue:
    """The wall screen of a gig market: the same board, large, refreshed by itself."""
    return _board_page(wall=True)


@board_bp.get("/<uuid:gig_id>")
def gig(gig_id: uuid.UUID) -> ResponseReturnValue:
    shown = gig_board.gig_on_board(db.session, gig_id, local_today())
    if shown is None:
        abort(404)
    return page("gigs/gig.html", gig=shown, owner=_owner(shown))


# --- taking a gig -------------------------------------------------------------------------


def _take_page(gig: GigPost, *, problems=None, status=200, worker="", card_message=""):
    owner = _owner(gig)
    if owner is not None and not problems:  # another station's: say where, offer no form
        problems = {"gig": FieldProblem(taking.TakeProblem.elsewhere, owner)}
    return page(
        "gigs/take.html", gig=gig, worker=worker, card_message=card_message, status=status,
        owner=owner,
        card_reader=reader_for(current_app.config) is not None and not is_phone(),
        problems={name: labels.problem_text(p) for name, p in (problems or {}).items()},
    )  # fmt: skip


def _gig_or_404(gig_id: uuid.UUID) -> GigPost:
    shown = gig_board.gig_on_board(db.session, gig_id, local_today())
    if shown is None:
        abort(404)
    return shown


def _take(gig: GigPost, raw: str):
    """The place taken and its slip handed out; or Refused (nothing changed)."""
    today = local_today()
    worker = taking.worker_of(raw, vault_for(current_app), today=today)
    placed = taking.take(db.session, gig.id, worker, today=today, station_code=_station_code())
    return hand_out(SlipKind.gig, placed.id)


@board_bp.route("/<uuid:gig_id>/take", methods=["GET", "POST"])
def take(gig_id: uuid.UUID) -> ResponseReturnValue:
    """At the kiosk: the ID card on the reader, or the ID number or mobile on the keys."""
    gig = _gig_or_404(gig_id)
    if request.method == "GET":
        return _take_page(gig)
    try:
        raw = _worker_number()
    except CardReaderError as failed:
        return _take_page(gig, card_message=str(CARD_PROBLEMS[failed.problem]), status=422)
    try:
        slip = _take(gig, raw)
    except Refused as refused:
        db.session.rollback()
        # A card's number is never echoed into the page: only what the person typed.
        return _take_page(gig, problems=refused.problems, status=422,
                          worker="" if request.form.get("card") else raw)  # fmt: skip
    return redirect(url_for("slips.show", token=slip_token(slip.id)), code=303)


@review_bp.post("/<uuid:post_id>/take")
def desk_take(post_id: uuid.UUID) -> ResponseReturnValue:
    """At the desk: the counselor takes a place for a worker, and the slip prints here."""
    post = _post_or_404(post_id)
    gig = _gig_or_404(post.id)
    try:
        slip = _take(gig, request.form.get("worker", "")[:40])
    except Refused as refused:
        db.session.rollback()
        problem = next(iter(refused.problems.values()))
        flash(labels.problem_text(problem), "problem")
        return redirect(url_for(".show", post_id=post_id), code=303)
    audit(db.session, "gig_take_desk", "gig_take", slip.subject_id)
    db.session.commit()
    flash(_("The place is taken; the gig slip is printing."))
    return redirect(url_for(".show", post_id=post_id), code=303)


# --- arrival, completion, no-shows --------------------------------------------------------


#: What each step says once done (after the redirect).
_DONE_SAID = {
    "checkin": _l("The worker is checked in."),
    "done": _l("The work is marked done."),
    "no_show": _l("The no-show is counted."),
}


_STEPS: dict[str, Callable[..., GigTake]] = {
    "checkin": outcomes.check_in,
    "done": outcomes.complete,
    "no_show": outcomes.no_show,
}


def _step(post: GigPost, step: str, *args, **kwargs) -> GigTake | None:
    """One outcome step, written (the caller commits); a refusal, nothing changed, is said in
    the reader's language after the redirect."""
    try:
        placed = _STEPS[step](db.session, post, *args, **kwargs)
    except Refused as refused:
        db.session.rollback()
        flash(labels.problem_text(next(iter(refused.problems.values()))), "problem")
        return None
    return placed


def _employer_step(receipt: str, step: str, *args, **kwargs) -> ResponseReturnValue:
    if _step(_by_receipt(receipt), step, *args, **kwargs) is not None:
        db.session.commit()
        flash(str(_DONE_SAID[step]))
    return redirect(url_for(".receipt", receipt=receipt), code=303)


@bp.post("/r/<receipt>/checkin")
def employer_check_in(receipt: str) -> ResponseReturnValue:
    """The employer confirms the worker arrived, with the code from the worker's slip."""
    code = request.form.get("code", "")[:20]
    return _employer_step(receipt, "checkin", code, via=Via.employer, today=local_today())


@bp.post("/r/<receipt>/done/<uuid:take_id>")
def employer_done(receipt: str, take_id: uuid.UUID) -> ResponseReturnValue:
    return _employer_step(receipt, "done", take_id)


@bp.post("/r/<receipt>/no-show/<uuid:take_id>")
def employer_no_show(receipt: str, take_id: uuid.UUID) -> ResponseReturnValue:
    """The worker did not come (the employer says so)."""
    return _employer_step(receipt, "no_show", take_id, NoShow.worker, today=local_today())


def _desk_step(post_id: uuid.UUID, step: str, *args, **kwargs) -> ResponseReturnValue:
    placed = _step(_post_or_404(post_id), step, *args, **kwargs)
    if placed is not None:
        audit(db.session, f"gig_take_{step}", "gig_take", placed.id)
        db.session.commit()
        flash(str(_DONE_SAID[step]))
    return redirect(url_for(".show", post_id=post_id), code=303)


@review_bp.post("/<uuid:post_id>/checkin")
def desk_check_in(post_id: uuid.UUID) -> ResponseReturnValue:
    """The worker arrives at the station and says (or shows) the slip's check-in code."""
    code = request.form.get("code", "")[:20]
    return _desk_step(post_id, "checkin", code, via=Via.desk, today=local_today())


@review_bp.post("/<uuid:post_id>/done/<uuid:take_id>")
def desk_done(post_id: uuid.UUID, take_id: uuid.UUID) -> ResponseReturnValue:
    return _desk_step(post_id, "done", take_id)


@review_bp.post("/<uuid:post_id>/no-show/<uuid:take_id>/<any(worker, employer):side>")
def desk_no_show(post_id: uuid.UUID, take_id: uuid.UUID, side: str) -> ResponseReturnValue:
    """Either side did not come: the employer (the worker says so here), or the worker."""
    return _desk_step(post_id, "no_show", take_id, NoShow(side), today=local_today())


# --- "were you paid?" ---------------------------------------------------------------------

#: The worker the kiosk asks, by the keyed hash only, until the kiosk session ends.
_PAID_WORKER = "gig_paid_worker"
_REFERRED = "gig_referred"


def _answer(placed: GigTake, answer: str, via: PaidVia) -> GigReferral | None:
    """The answer written (the caller commits); Refused when not due or answered already."""
    return outcomes.answer_paid(db.session, placed, answer == "yes", via=via,
                                today=local_today())  # fmt: skip


def _paid_page(*, waiting=None, problems=None, status=200, worker="", card_message="",
               asked=False):  # fmt: skip
    return page(
        "gigs/paid.html", waiting=waiting or [], asked=asked, worker=worker, status=status,
        card_message=card_message,
        card_reader=reader_for(current_app.config) is not None and not is_phone(),
        problems={name: labels.problem_text(p) for name, p in (problems or {}).items()},
    )  # fmt: skip


@board_bp.route("/paid", methods=["GET", "POST"])
def paid() -> ResponseReturnValue:
    """At the kiosk: the worker names themself (ID card, ID number or mobile) and is asked
    about each gig whose last day is over."""
    today = local_today()
    if request.method == "GET":
        key = session.get(_PAID_WORKER)
        if not key:
            return _paid_page()
        waiting = outcomes.awaiting_paid(db.session, today, worker_key=key)
        return _paid_page(waiting=waiting, asked=True)
    try:
        raw = _worker_number()
    except CardReaderError as failed:
        return _paid_page(card_message=str(CARD_PROBLEMS[failed.problem]), status=422)
    try:
        worker = taking.worker_of(raw, vault_for(current_app), today=today)
    except Refused as refused:
        return _paid_page(problems=refused.problems, status=422,
                          worker="" if request.form.get("card") else raw)  # fmt: skip
    session[_PAID_WORKER] = worker.key
    return redirect(url_for(".paid"), code=303)


@board_bp.post("/paid/<uuid:take_id>/<any(yes, no):answer>")
def paid_answer(take_id: uuid.UUID, answer: str) -> ResponseReturnValue:
    placed = db.session.get(GigTake, take_id)
    if placed is None or placed.worker_key != session.get(_PAID_WORKER):
        abort(404)  # only the worker named at this kiosk answers for their own places
    try:
        referral = _answer(placed, answer, PaidVia.kiosk)
    except Refused as refused:
        db.session.rollback()
        flash(labels.problem_text(next(iter(refused.problems.values()))), "problem")
        return redirect(url_for(".paid"), code=303)
    if referral is None:
        db.session.commit()
        flash(_("Thank you: your answer is saved."))
        return redirect(url_for(".paid"), code=303)
    # The answer commits with the referral's slip; the slip prints for the worker to keep.
    remember(_REFERRED, referral.id, hand_out(SlipKind.gig_referral, referral.id))
    return redirect(url_for(".referred"), code=303)


@board_bp.get("/paid/referred")
def referred() -> ResponseReturnValue:
    """After "not paid": the referral's number, who it went to, and its slip."""
    kept = recall(_REFERRED, GigReferral)
    if kept is None:
        return redirect(url_for(".paid"), code=303)
    shown, slip = kept
    return page("gigs/referred.html", referral=shown, inspection=outcomes.labour_inspection(),
                **slip_view(slip))  # fmt: skip


@review_bp.post("/takes/<uuid:take_id>/paid/<any(yes, no):answer>")
def desk_paid(take_id: uuid.UUID, answer: str) -> ResponseReturnValue:
    """The worker answers at the desk, or the counselor from the follow-up list."""
    placed = db.session.get(GigTake, take_id)
    if placed is None or placed.station_code != _station_code():
        abort(404)
    via = PaidVia.follow_up if request.form.get("via") == "follow_up" else PaidVia.desk
    back = (url_for("records.follow_ups") if via is PaidVia.follow_up
            else url_for(".show", post_id=placed.post_id))  # fmt: skip
    try:
        referral = _answer(placed, answer, via)
    except Refused as refused:
        db.session.rollback()
        flash(labels.problem_text(next(iter(refused.problems.values()))), "problem")
        return redirect(back, code=303)
    audit(db.session, f"gig_paid_{answer}", "gig_take", take_id)
    db.session.commit()
    if referral is None:
        flash(_("The answer is saved."))
        return redirect(back, code=303)
    flash(_("A rights referral is opened: %(number)s.") % {"number": referral.number})
    return redirect(url_for(".referral", referral_id=referral.id), code=303)


# --- rights referrals ---------------------------------------------------------------------


def _referral_or_404(referral_id: uuid.UUID) -> GigReferral:
    return _own_or_404(GigReferral, referral_id)


@review_bp.get("/referrals")
def referrals() -> ResponseReturnValue:
    return page("gigs/referrals.html", referrals=outcomes.referrals(db.session, _station_code()),
                inspection=outcomes.labour_inspection())  # fmt: skip


def _referral_page(shown: GigReferral, *, problems=None, typed=None, status: int = 200):
    return page("gigs/referral.html", referral=shown, inspection=outcomes.labour_inspection(),
                unpaid=outcomes.unpaid_referrals(db.session, shown.employer_key),
                flagged=outcomes.flagged_for_unpaid(db.session, shown.employer_key),
                problems=problems or {}, typed=typed or {}, status=status)  # fmt: skip


@review_bp.get("/referrals/<uuid:referral_id>")
def referral(referral_id: uuid.UUID) -> ResponseReturnValue:
    return _referral_page(_referral_or_404(referral_id))


@review_bp.post("/referrals/<uuid:referral_id>/close")
def referral_close(referral_id: uuid.UUID) -> ResponseReturnValue:
    """How the referral ended: closed once; "referrals open" drops by one."""
    shown = _referral_or_404(referral_id)
    typed = {name: request.form.get(name, "") for name in ("outcome", "outcome_note")}
    try:
        outcomes.close_referral(db.session, shown, typed["outcome"], typed["outcome_note"])
    except Refused as refused:
        db.session.rollback()
        if refused.problem is outcomes.OutcomeProblem.closed:
            flash(labels.problem_text(refused.problems["outcome"]), "problem")
            return redirect(url_for(".referral", referral_id=referral_id), code=303)
        problems = {name: labels.problem_text(p) for name, p in refused.problems.items()}
        return _referral_page(_referral_or_404(referral_id), problems=problems, typed=typed,
                              status=422)  # fmt: skip
    audit(db.session, "gig_referral_close", "gig_referral", shown.id, typed["outcome"])
    db.session.commit()
    flash(_("The referral is closed."), "done")
    return redirect(url_for(".referral", referral_id=referral_id), code=303)


@review_bp.post("/referrals/<uuid:referral_id>/print")
def referral_print(referral_id: uuid.UUID) -> ResponseReturnValue:
    """The referral's slip, printed at the desk for the worker (or for the inspection)."""
    shown = _referral_or_404(referral_id)
    slip = issue_slip(db.session, SlipKind.gig_referral, shown.id, current_locale())
    db.session.commit()
    printed = print_slip(db.session, slip)
    audit(db.session, "gig_referral_print", "gig_referral", shown.id)
    db.session.commit()
    if printed:
        flash(_("The referral slip is printing."), "done")
    else:
        flash(_("The printer did not print: try again."), "problem")
    return redirect(url_for(".referral", referral_id=referral_id), code=303)
