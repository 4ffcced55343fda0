"""Checking and filing a gig post: by the employer on a phone (the station's QR code) or by a
counselor at the desk. Every check runs before anything is written; a post that passes waits
for review, or goes live at once when its employer is trusted and nothing was flagged."""

import enum
import hashlib
import hmac
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date, time, timedelta
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.cn import uscc

from kiosk.domain import reference
from kiosk.domain.forms import Checker, Problem
from kiosk.domain.text import has_mongolian_letters
from kiosk.gigs import licence
from kiosk.gigs.outcomes import flagged_for_unpaid
from kiosk.models import (
    EmployerKind,
    GigCategory,
    GigPayUnit,
    GigPost,
    PostStatus,
    RegionLevel,
    Settlement,
    Shift,
    TrustedEmployer,
    utcnow,
)
from kiosk.personal_data import (
    InvalidIdNumber,
    Vault,
    has_foreign_digits,
    mask_mobile,
    parse_id_number,
    parse_mobile,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "gigs"
WAGE_RULES = "minimum-wage-nm-2024"
WORDING_RULES = "wording-2026"
MAX_HEADCOUNT = 9999
MAX_PAY = Decimal("100000")
#: How far ahead a post may reach: a season's herding or harvest, not a standing job.
MAX_DAYS_AHEAD = 366
LONG_TEXT = 1000
#: Sealing contexts (kiosk/personal_data.py): a value sealed for one field opens only there.
ID_CONTEXT = "gig_post.household_id"
MOBILE_CONTEXT = "gig_post.contact_mobile"


class GigProblem(enum.StrEnum):
    credit_code = "credit_code"  # fails the GB 32100 check character
    id_number = "id_number"  # a household's resident ID that fails its check
    mobile = "mobile"
    pay = "pay"  # not an amount of yuan (at most two decimals)
    below_minimum = "below_minimum"  # the detail is a Floor
    headcount = "headcount"
    end_before_start = "end_before_start"  # the last day before the first
    time_order = "time_order"  # a day shift ending before it starts (or at the same time)
    past_date = "past_date"
    too_far = "too_far"
    valid_after_end = "valid_after_end"  # open to take after the gig is over
    duplicate = "duplicate"  # the detail is the original post
    licence = "licence"  # the licence photo is not a photo that can be read
    not_mongolian = "not_mongolian"  # a Mongolian text without a Mongolian letter


@dataclass(frozen=True)
class Floor:
    """The least a post may pay, as it was worked out: what the refusal names."""

    minimum: Decimal  # yuan per pay unit
    hourly: Decimal
    area_class: int
    hours: Decimal | None  # a day rate's hours


@dataclass
class PostForm:
    """A post as typed."""

    employer_kind: str = "company"
    credit_code: str = ""
    household_id: str = ""
    employer_name: str = ""
    contact_name: str = ""
    contact_mobile: str = ""
    title_zh: str = ""
    title_mn: str = ""
    category: str = ""
    headcount: str = "1"
    duties_zh: str = ""
    duties_mn: str = ""
    requirements_zh: str = ""
    requirements_mn: str = ""
    region: str = ""
    address_zh: str = ""
    address_mn: str = ""
    pay: str = ""
    pay_unit: str = "day"
    settlement: str = "daily"
    start_date: str = ""
    end_date: str = ""
    start_time: str = "08:00"
    end_time: str = "17:00"
    shift: str = "day"
    valid_until: str = ""

    @classmethod
    def from_mapping(cls, data) -> "PostForm":
        return cls(**{f.name: str(data.get(f.name, f.default) or "")[:5000] for f in fields(cls)})

    @classmethod
    def of(cls, post: GigPost) -> "PostForm":
        """A post back as its form, to edit (the sealed numbers are typed again)."""
        form = cls()
        for name in (
            "employer_name", "contact_name", "title_zh", "title_mn", "duties_zh", "duties_mn",
            "requirements_zh", "requirements_mn", "address_zh", "address_mn", "credit_code",
        ):  # fmt: skip
            setattr(form, name, getattr(post, name))
        form.employer_kind = post.employer_kind.value
        form.category, form.region = post.category.value, post.region_code
        form.headcount = str(post.headcount)
        form.pay = format_pay(post.pay_fen)
        form.pay_unit, form.settlement, form.shift = (
            post.pay_unit.value, post.settlement.value, post.shift.value,
        )  # fmt: skip
        form.start_date, form.end_date = post.start_date.isoformat(), post.end_date.isoformat()
        form.start_time = post.start_time.strftime("%H:%M")
        form.end_time = post.end_time.strftime("%H:%M")
        form.valid_until = post.valid_until.isoformat()
        return form


@dataclass
class CheckedPost:
    values: dict = field(default_factory=dict)
    #: The wording codes flagged for the reviewer (discrimination, hukou, guarantee).
    flags: list[str] = field(default_factory=list)
    household_id: str = ""
    mobile: str = ""
    #: The licence photo as kept (kiosk/gigs/licence.py), if one was sent.
    licence_photo: bytes = b""


#: (field, limit, required, multiline)
TEXTS = (
    ("employer_name", 100, True, False),
    ("contact_name", 20, True, False),
    ("title_zh", 60, True, False),
    ("title_mn", 160, False, False),
    ("duties_zh", LONG_TEXT, True, True),
    ("duties_mn", LONG_TEXT * 2, False, True),
    ("requirements_zh", LONG_TEXT, True, True),
    ("requirements_mn", LONG_TEXT * 2, False, True),
    ("address_zh", 200, True, False),
    ("address_mn", 400, False, False),
)
#: What a Mongolian reader reads: the employer may leave it to the station to write.
MONGOLIAN_TEXTS = ("title_mn", "duties_mn", "requirements_mn", "address_mn")
#: What a seeker reads: the texts whose wording is checked.
READ_BY_SEEKERS = ("title_zh", "title_mn", "duties_zh", "duties_mn", "requirements_zh",
                   "requirements_mn")  # fmt: skip


# --- the rules kept as data -----------------------------------------------------------------


@cache
def wage_rules() -> dict:
    return json.loads((DATA / f"{WAGE_RULES}.json").read_text(encoding="utf-8"))


@cache
def _wording() -> dict[str, list[re.Pattern]]:
    data = json.loads((DATA / f"{WORDING_RULES}.json").read_text(encoding="utf-8"))
    return {flag: [re.compile(p) for p in patterns] for flag, patterns in data["flags"].items()}


def area_class(region_code: str) -> int:
    return int(wage_rules()["counties"][region_code]["class"])


def hourly_minimum(region_code: str) -> Decimal:
    return Decimal(wage_rules()["classes"][str(area_class(region_code))]["hourly"])


def hours_a_day(start: time, end: time, shift: Shift) -> Decimal:
    """The hours from start to end; an overnight shift ends the next day."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if shift is Shift.overnight and minutes <= 0:
        minutes += 24 * 60
    return Decimal(minutes) / 60


def pay_floor(region_code: str, unit: GigPayUnit, hours: Decimal) -> Floor | None:
    """The least an hour or a day of these hours may pay here; None for piece rates (the
    hours a piece takes are not known)."""
    hourly = hourly_minimum(region_code)
    if unit is GigPayUnit.hour:
        return Floor(hourly, hourly, area_class(region_code), None)
    if unit is GigPayUnit.day:
        minimum = (hourly * hours).quantize(Decimal("0.01"), ROUND_CEILING)
        return Floor(minimum, hourly, area_class(region_code), hours)
    return None


def flagged_wording(texts: list[str]) -> list[str]:
    """Which kinds of refused wording the texts hold: sex, ethnicity or marriage terms,
    hukou or region limits, promises of guaranteed placement."""
    joined = unicodedata.normalize("NFKC", "\n".join(texts))
    return [
        flag
        for flag, patterns in _wording().items()
        if any(pattern.search(joined) for pattern in patterns)
    ]


def parse_pay(raw: str) -> int | None:
    """Yuan as people write them ("200", "22.5", "22.50元", full-width digits): in fen."""
    raw = unicodedata.normalize("NFKC", raw).strip().removesuffix("元").strip().replace(",", "")
    if not re.fullmatch(r"\d{1,6}(\.\d{1,2})?", raw):
        return None
    try:
        return int(Decimal(raw) * 100)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def format_pay(fen: int) -> str:
    """22.4, not 22.40; 200, not 200.00."""
    yuan, cents = divmod(fen, 100)
    if not cents:
        return str(yuan)
    return f"{yuan}.{cents // 10}" if cents % 10 == 0 else f"{yuan}.{cents:02d}"


# --- the checks -----------------------------------------------------------------------------


def check_post(
    session: Session, form: PostForm, *, today: date, vault: Vault, licence_photo: bytes = b""
) -> CheckedPost:
    """Every field checked (and the licence photo, if sent); raises Refused naming each field
    that is wrong."""
    check = Checker()
    for item in fields(PostForm):
        multiline = any(name == item.name and ml for name, _l, _r, ml in TEXTS)
        check.clean(item.name, getattr(form, item.name), multiline=multiline)
    values: dict = {}
    for name, limit, required, multiline in TEXTS:
        values[name] = check.text(
            name, getattr(form, name), limit, required=required, multiline=multiline
        )
    refuse_unless_mongolian(check, values)
    checked = CheckedPost(values=values)
    _employer(check, form, checked, vault)

    values["category"] = check.choice("category", form.category, GigCategory, required=True)
    values["pay_unit"] = check.choice("pay_unit", form.pay_unit, GigPayUnit, required=True)
    values["settlement"] = check.choice("settlement", form.settlement, Settlement, required=True)
    values["shift"] = check.choice("shift", form.shift, Shift, required=True)
    values["headcount"] = check.number(
        "headcount", form.headcount, 1, MAX_HEADCOUNT, out_of_range=GigProblem.headcount,
        not_a_number=GigProblem.headcount,
    )  # fmt: skip
    values["region_code"] = _county(check, form.region)
    _dates(check, form, values, today)
    _pay(check, form, values)
    if licence_photo:
        try:
            checked.licence_photo = licence.shrink(licence_photo)
        except licence.NotAPhoto:
            check.refuse("licence", GigProblem.licence)
    check.raise_if_refused()
    values["wage_rules"] = wage_rules()["version"]
    checked.flags = flagged_wording([values[name] for name in READ_BY_SEEKERS])
    return checked


def refuse_unless_mongolian(check: Checker, values: dict[str, str]) -> None:
    """A Mongolian text holds Mongolian letters (digits and Chinese names may stand beside):
    Chinese typed into it would stand on the Mongolian board in place of the station's."""
    for name in MONGOLIAN_TEXTS:
        if values.get(name) and check.ok(name) and not has_mongolian_letters(values[name]):
            check.refuse(name, GigProblem.not_mongolian)


def _employer(check: Checker, form: PostForm, checked: CheckedPost, vault: Vault) -> None:
    kind = check.choice("employer_kind", form.employer_kind, EmployerKind, required=True)
    checked.values["employer_kind"] = kind
    if kind is EmployerKind.company:
        code = check.text("credit_code", form.credit_code, 40, required=True)
        if code and check.ok("credit_code"):
            code = unicodedata.normalize("NFKC", code).upper()
            if not uscc.is_valid(code):
                check.refuse("credit_code", GigProblem.credit_code)
            else:
                checked.values["credit_code"] = uscc.compact(code)
                checked.values["employer_key"] = checked.values["credit_code"]
    elif kind is EmployerKind.household:
        raw = check.text("household_id", form.household_id, 40, required=True)
        if raw and check.ok("household_id"):
            try:
                checked.household_id = parse_id_number(raw).number
            except InvalidIdNumber:
                check.refuse("household_id", GigProblem.id_number)
            else:
                checked.values["credit_code"] = ""
                checked.values["employer_key"] = vault.lookup_hash(
                    checked.household_id, context=ID_CONTEXT
                )
    raw = check.text("contact_mobile", form.contact_mobile, 40, required=True)
    if raw and check.ok("contact_mobile"):
        mobile = parse_mobile(raw)
        if mobile is None:
            problem = Problem.not_a_number if has_foreign_digits(raw) else GigProblem.mobile
            check.refuse("contact_mobile", problem)
        else:
            checked.mobile = mobile


def _county(check: Checker, raw: str) -> str | None:
    code = check.clean("region", raw)
    region = reference.region(code) if code else None
    if not code:
        check.refuse("region", Problem.required)
    elif region is None or region.level != RegionLevel.county:
        check.refuse("region", Problem.unknown_choice)
    else:
        return region.code
    return None


def _dates(check: Checker, form: PostForm, values: dict, today: date) -> None:
    start = check.date("start_date", form.start_date)
    end = check.date("end_date", form.end_date)
    valid = check.date("valid_until", form.valid_until)
    values["start_time"] = check.clock("start_time", form.start_time)
    values["end_time"] = check.clock("end_time", form.end_time)
    values.update(start_date=start, end_date=end, valid_until=valid)
    if start is not None and start < today:
        check.refuse("start_date", GigProblem.past_date)
    if end is not None and end > today + timedelta(days=MAX_DAYS_AHEAD):
        check.refuse("end_date", GigProblem.too_far)
    if start is not None and end is not None and end < start:
        check.refuse("end_date", GigProblem.end_before_start)
    if valid is not None and valid < today:
        check.refuse("valid_until", GigProblem.past_date)
    elif valid is not None and end is not None and valid > end:
        check.refuse("valid_until", GigProblem.valid_after_end)
    begins, ends, shift = values["start_time"], values["end_time"], values["shift"]
    if begins is not None and ends is not None and shift is Shift.day and ends <= begins:
        check.refuse("end_time", GigProblem.time_order)
    if begins is not None and ends is not None and shift is Shift.overnight and ends == begins:
        check.refuse("end_time", GigProblem.time_order)


def _pay(check: Checker, form: PostForm, values: dict) -> None:
    raw = check.clean("pay", form.pay)
    if not raw:
        check.refuse("pay", Problem.required)
        return
    fen = parse_pay(raw)
    if fen is None or fen <= 0 or fen > MAX_PAY * 100:
        check.refuse("pay", GigProblem.pay)
        return
    values["pay_fen"] = fen
    unit, county = values["pay_unit"], values["region_code"]
    begins, ends, shift = values["start_time"], values["end_time"], values["shift"]
    if unit is None or county is None or begins is None or ends is None or shift is None:
        return
    floor = pay_floor(county, unit, hours_a_day(begins, ends, shift))
    if floor is not None and Decimal(fen) / 100 < floor.minimum:
        check.refuse("pay", GigProblem.below_minimum, floor)


# --- duplicates, trust, writing -------------------------------------------------------------


def _comparable(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def duplicate_of(
    session: Session, checked: CheckedPost, *, today: date, other_than: GigPost | None = None
) -> GigPost | None:
    """A live post (waiting or approved, not over) of the same employer for the same job at
    the same workplace: one post per job per workplace."""
    values = checked.values
    query = select(GigPost).where(
        GigPost.employer_key == values["employer_key"],
        GigPost.region_code == values["region_code"],
        GigPost.status.in_((PostStatus.pending, PostStatus.approved)),
        GigPost.end_date >= today,
    )
    if other_than is not None:
        query = query.where(GigPost.id != other_than.id)
    title, place = _comparable(values["title_zh"]), _comparable(values["address_zh"])
    for post in session.scalars(query):
        if _comparable(post.title_zh) == title and _comparable(post.address_zh) == place:
            return post
    return None


def is_trusted(session: Session, employer_key: str) -> bool:
    return session.get(TrustedEmployer, employer_key) is not None


def publishes_at_once(session: Session, employer_key: str) -> bool:
    """Trusted, and not flagged for repeated non-payment (whose posts wait for a person)."""
    return is_trusted(session, employer_key) and not flagged_for_unpaid(session, employer_key)


def _receipt_hash(receipt: str) -> str:
    return hashlib.sha256(receipt.encode()).hexdigest()


def _write(post: GigPost, checked: CheckedPost, vault: Vault, trusted: bool) -> None:
    for name, value in checked.values.items():
        setattr(post, name, value)
    post.household_id_sealed = (
        vault.seal(checked.household_id, context=ID_CONTEXT) if checked.household_id else None
    )
    post.contact_mobile_sealed = vault.seal(checked.mobile, context=MOBILE_CONTEXT)
    post.contact_mobile_masked = mask_mobile(checked.mobile)
    post.flags = " ".join(checked.flags)
    # Trust skips the wait, never the flags: flagged wording always waits for a person.
    at_once = trusted and not checked.flags
    post.status = PostStatus.approved if at_once else PostStatus.pending
    post.published_at_once = at_once
    post.review_reason = ""
    post.reviewed_at = utcnow() if at_once else None


def create_post(
    session: Session, checked: CheckedPost, *, station_code: str, vault: Vault
) -> tuple[GigPost, str]:
    """A new post and the employer's receipt (only its hash is kept). The caller commits."""
    receipt = secrets.token_urlsafe(16)
    post = GigPost(origin=station_code, station_code=station_code)
    post.receipt_hash = _receipt_hash(receipt)
    _write(post, checked, vault, publishes_at_once(session, checked.values["employer_key"]))
    session.add(post)
    session.flush()  # the post's id, for its licence photo
    _keep_licence(session, post, checked, vault)
    return post, receipt


class StaleEdit(RuntimeError):
    """The post changed since the form was opened: nothing was written."""


def update_post(
    session: Session, post: GigPost, checked: CheckedPost, *, seen_version: int, vault: Vault
) -> None:
    """An edit goes back to review (a live post too), unless its employer is trusted."""
    if post.version != seen_version:
        raise StaleEdit(str(post.id))
    _write(post, checked, vault, publishes_at_once(session, checked.values["employer_key"]))
    _keep_licence(session, post, checked, vault)


def _keep_licence(session: Session, post: GigPost, checked: CheckedPost, vault: Vault) -> None:
    # An edit without a new photo keeps the one sent before.
    if checked.licence_photo:
        licence.keep(session, post.id, checked.licence_photo, vault)


def post_by_receipt(session: Session, receipt: str) -> GigPost | None:
    if not receipt or len(receipt) > 64:
        return None
    return session.scalars(
        select(GigPost).where(GigPost.receipt_hash == _receipt_hash(receipt))
    ).first()


# --- the station's posting code ---------------------------------------------------------------


def posting_token(secret_key: str, station_code: str) -> str:
    """The token in the station's posting QR code: the same for as long as the station's
    secret, so a printed code on the wall keeps working; no other address opens the form."""
    digest = hmac.new(secret_key.encode(), f"gig-post\0{station_code}".encode(), "sha256")
    return digest.hexdigest()[:24]


def is_posting_token(token: str, secret_key: str, station_code: str) -> bool:
    return hmac.compare_digest(token.encode(), posting_token(secret_key, station_code).encode())


def counties_near(station_region: str | None) -> list:
    """The counties a post may name: the station's league (prefecture) first, its own on top."""
    counties = [r for r in reference.regions().values() if r.level == RegionLevel.county]
    own = reference.region(station_region) if station_region else None
    league = own.prefecture_code if own is not None else None

    def order(region) -> tuple:
        return (region.code != station_region, region.prefecture_code != league, region.code)

    return sorted(counties, key=order)


def withdraw(post: GigPost) -> bool:
    """The employer takes the post down (found the workers elsewhere, say): off the board here
    and, with the next sync, at every station that shows it. False when it was not up."""
    if post.status not in (PostStatus.pending, PostStatus.approved):
        return False
    post.status = PostStatus.withdrawn
    return True
