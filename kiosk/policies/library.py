"""The county's policy library: publishing an item (the hub's console page and a county's
file), reading it back by code, and finding it with the job search's words.

An item is published in both scripts or not at all: every Chinese text needs its Mongolian
one, written in Mongolian letters, or the whole item (the whole file) is refused.
"""

import enum
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.forms import Checker, FieldProblem, Refused
from kiosk.domain.reference import read_csv
from kiosk.domain.text import has_mongolian_letters
from kiosk.jobs.search import Term, query_terms, text_terms
from kiosk.models import POLICY_TEXTS, Policy

#: Texts every item has; the others (amount, funding, what cannot be combined) may be empty.
REQUIRED_TEXTS = ("title", "summary", "covers", "conditions", "documents", "steps", "where")
#: One-line texts; the rest may run over several lines (documents and steps: one a line).
LIMITS = {"title": 100, "basis": 200}
TEXT_LIMIT = 2000
CODE = re.compile(r"[a-z][a-z0-9_]{1,39}")
STARTER = Path(__file__).resolve().parent.parent / "data" / "policies" / "starter-nm.json"


class PolicyProblem(enum.StrEnum):
    code = "code"
    no_mongolian = "no_mongolian"
    not_mongolian = "not_mongolian"
    unknown_service = "unknown_service"
    sort = "sort"
    #: Another item (or the file's other item) has the code.
    repeated = "repeated"


def text_fields() -> list[str]:
    return [f"{name}_{language}" for name in POLICY_TEXTS for language in ("zh", "mn")]


@dataclass(frozen=True)
class PolicyForm:
    """What the console's form (or one item of a county's file) says, as typed."""

    code: str = ""
    basis: str = ""
    service_code: str = ""
    example: bool = False
    sort: str = "100"
    texts: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, policy: Policy) -> "PolicyForm":
        return cls(
            code=policy.code, basis=policy.basis, service_code=policy.service_code,
            example=policy.example, sort=str(policy.sort),
            texts={name: getattr(policy, name) for name in text_fields()},
        )  # fmt: skip

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> "PolicyForm":
        return cls(
            code=form.get("code", ""), basis=form.get("basis", ""),
            service_code=form.get("service_code", ""), example=form.get("example") == "yes",
            sort=form.get("sort", "100"),
            texts={name: form.get(name, "") for name in text_fields()},
        )  # fmt: skip

    @classmethod
    def from_file_item(cls, item: Mapping[str, Any]) -> "PolicyForm":
        """One item of a county's file: `{"code": …, "title": {"zh": …, "mn": …}, …}`."""
        texts = {}
        for name in POLICY_TEXTS:
            value = item.get(name) or {}
            value = value if isinstance(value, dict) else {"zh": str(value)}
            for language in ("zh", "mn"):
                texts[f"{name}_{language}"] = _joined(value.get(language, ""))
        return cls(
            code=str(item.get("code", "")), basis=str(item.get("basis", "")),
            service_code=str(item.get("service", "")), example=item.get("example") is True,
            sort=str(item.get("sort", 100)), texts=texts,
        )  # fmt: skip


def _joined(value: object) -> str:
    """A list in a file (documents, steps) is one a line."""
    if isinstance(value, list):
        return "\n".join(str(line) for line in value)
    return str(value)


@dataclass(frozen=True)
class Checked:
    values: dict[str, Any]


def check_policy(session: Session, form: PolicyForm) -> Checked:
    """Every field checked, or Refused naming each one; nothing is written."""
    check = Checker()
    code = check.text("code", form.code.strip().lower(), 40, required=True)
    check.pattern("code", code, CODE, PolicyProblem.code)
    values: dict[str, Any] = {"code": code}
    values["basis"] = check.text("basis", form.basis, LIMITS["basis"])
    service = check.text("service_code", form.service_code, 40)
    if service and check.ok("service_code") and service not in service_codes():
        check.refuse("service_code", PolicyProblem.unknown_service)
    values["service_code"] = service
    values["example"] = form.example
    values["sort"] = check.number(
        "sort", form.sort or "100", 0, 9999, out_of_range=PolicyProblem.sort, required=False
    )
    for name in POLICY_TEXTS:
        limit = LIMITS.get(name, TEXT_LIMIT)
        multiline = name != "title"
        zh = check.text(f"{name}_zh", form.texts.get(f"{name}_zh", ""), limit,
                        required=name in REQUIRED_TEXTS, multiline=multiline)  # fmt: skip
        mn = check.text(f"{name}_mn", form.texts.get(f"{name}_mn", ""), limit * 2,
                        multiline=multiline)  # fmt: skip
        # Published in both scripts or not at all: a kiosk in Mongolian shows no Chinese.
        if zh and not mn:
            check.refuse(f"{name}_mn", PolicyProblem.no_mongolian)
        elif mn and not has_mongolian_letters(mn):
            check.refuse(f"{name}_mn", PolicyProblem.not_mongolian)
        values[f"{name}_zh"], values[f"{name}_mn"] = zh, mn
    check.raise_if_refused()
    if values["sort"] is None:
        values["sort"] = 100
    return Checked(values)


def service_codes() -> dict[str, dict[str, str]]:
    """The service list every station starts from (a hub keeps no service list of its own),
    by code: what an item may name as the service to book about it."""
    return {row["code"]: row for row in read_csv("services.csv")}


def publish_policy(
    session: Session, form: PolicyForm, origin: str, policy: Policy | None = None
) -> Policy:
    """Write a new item (or change `policy`) from the form; the caller commits. Refused
    leaves the session as it was: nothing is half-saved."""
    checked = check_policy(session, form).values
    taken = session.scalar(select(Policy).where(Policy.code == checked["code"]))
    if taken is not None and taken is not policy:
        if policy is not None:
            raise Refused({"code": FieldProblem(PolicyProblem.repeated)})
        policy = taken  # a file's item with a known code replaces it
    if policy is None:
        policy = Policy(origin=origin)
        session.add(policy)
    for name, value in checked.items():
        setattr(policy, name, value)
    return policy


class FileRefused(ValueError):
    """A county's file that cannot be taken: `problems` lists (item, field, problem)."""

    def __init__(self, problems: list[tuple[str, str, FieldProblem | None]]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def read_file_items(path: Path) -> list[PolicyForm]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise FileRefused([("", str(error)[:200], None)]) from None
    items = data.get("policies") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise FileRefused([("", 'expected {"policies": [{…}, …]}', None)])
    return [PolicyForm.from_file_item(item) for item in items]


def import_policies(session: Session, forms: Sequence[PolicyForm], origin: str) -> list[Policy]:
    """Publish every item of a file, or none: every item is checked before any is written
    (the caller commits)."""
    problems: list[tuple[str, str, FieldProblem | None]] = []
    seen: set[str] = set()
    for n, form in enumerate(forms, start=1):
        label = form.code or f"#{n}"
        if form.code in seen:
            problems.append((label, "code", FieldProblem(PolicyProblem.repeated)))
        seen.add(form.code)
        try:
            check_policy(session, form)
        except Refused as refused:
            problems += [(label, name, problem) for name, problem in refused.problems.items()]
    if problems:
        raise FileRefused(problems)
    return [publish_policy(session, form, origin) for form in forms]


def all_policies(session: Session) -> list[Policy]:
    return list(session.scalars(select(Policy).order_by(Policy.sort, Policy.code)))


def policies_by_code(session: Session, codes: Sequence[str]) -> dict[str, Policy]:
    rows = session.scalars(select(Policy).where(Policy.code.in_(list(codes))))
    return {policy.code: policy for policy in rows}


def lines(text: str) -> list[str]:
    """A documents or steps text, one item a line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- finding -------------------------------------------------------------------------------


def _terms(policy: Policy) -> tuple[frozenset[str], frozenset[str]]:
    """The item's words as the job search makes them: title (characters, pairs, pinyin and
    initials, folded Mongolian) and the rest (pairs and Mongolian words)."""
    title = text_terms((policy.title_zh, policy.title_mn), in_title=True)
    body = text_terms(
        [getattr(policy, f"{name}_{language}") for name in POLICY_TEXTS[1:] for language in
         ("zh", "mn")], in_title=False,
    )  # fmt: skip
    return frozenset(title), frozenset(body)


def _has(terms: frozenset[str], term: Term) -> bool:
    if not term.prefix:
        return term.text in terms
    return any(word.startswith(term.text) for word in terms)


def find_policies(session: Session, query: str) -> list[Policy]:
    """Items holding every word of the query, title matches first (as in the job search)."""
    wanted = query_terms(query)
    if not wanted:
        return all_policies(session)
    in_title, elsewhere = [], []
    for policy in all_policies(session):
        title, body = _terms(policy)
        if all(_has(title, t) for t in wanted):
            in_title.append(policy)
        elif all(_has(title, t) or _has(body, t) for t in wanted):
            elsewhere.append(policy)
    return in_title + elsewhere
