"""The one forms layer: check what a person typed, collect every field's problem, refuse once.

A small validator of our own rather than WTForms: WTForms binds a form to an HTML request,
while the same checks run for a CSV or Excel import, a command-line tool and the sync wire.
Plain functions over plain text serve them all (Flask-WTF stays, for CSRF only).

- `Checker` collects `{field: FieldProblem}` so the person sees every problem at once; each
  text goes through the one text rule (kiosk/domain/text.py) first.
- `Refused` is the one refusal type: domain code raises it, a view shows each problem
  beside its field (messages: kiosk/web/problems.py, the shared ones written once).
- `Problem` holds the codes every form shares. A feature with problems of its own (a
  checksum, a letter already taken) keeps them in its own enum; a FieldProblem takes either.
"""

import enum
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any, TypeVar

from kiosk.domain import text as text_rule

E = TypeVar("E", bound=enum.Enum)


class Problem(enum.StrEnum):
    """What is wrong with a field, in any form."""

    required = "required"
    too_long = "too_long"
    markup = "markup"  # < or > where a field refuses them
    control_characters = "control_characters"  # NUL, ESC, …; a line break in a one-line field
    bidi_controls = "bidi_controls"  # characters that turn the writing direction
    private_use = "private_use"  # a legacy (Menksoft) code point: not Unicode Mongolian
    unknown_choice = "unknown_choice"
    not_a_number = "not_a_number"
    not_a_date = "not_a_date"
    not_a_time = "not_a_time"


@dataclass(frozen=True)
class FieldProblem:
    """One field's problem: a shared `Problem` or a feature's own code."""

    problem: enum.Enum
    #: What the message names: a length limit, the row this one repeats, the service that
    #: already has a letter.
    detail: Any = None


class Refused(ValueError):
    """The input cannot be taken; `problems` says, field by field, why. Nothing was written."""

    def __init__(
        self,
        problems: Mapping[str, FieldProblem | enum.Enum],
        message: str | None = None,
    ) -> None:
        self.problems: dict[str, FieldProblem] = {
            name: p if isinstance(p, FieldProblem) else FieldProblem(p)
            for name, p in problems.items()
        }
        super().__init__(
            message or ", ".join(f"{name}: {p.problem.value}" for name, p in self.problems.items())
        )

    @classmethod
    def one(cls, name: str, problem: enum.Enum, message: str | None = None) -> "Refused":
        """A refusal of one field (a scanned code, a booking's mobile number)."""
        return cls({name: problem}, message)

    @property
    def problem(self) -> enum.Enum:
        """The first field's problem: what a one-field form shows."""
        return next(iter(self.problems.values())).problem


_MARKUP = re.compile(r"[<>]")
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


class Checker:
    """Collects every field's problem, so the person sees them all at once.

    `markup=False` refuses < and > in every text (names shown on slips and screens); where
    markup may be typed, templates escape it and it shows as text.
    """

    def __init__(self, *, markup: bool = False) -> None:
        self.markup = markup
        self.problems: dict[str, FieldProblem] = {}

    def refuse(self, name: str, problem: enum.Enum, detail: Any = None) -> None:
        """Note a problem; a field keeps its first one."""
        self.problems.setdefault(name, FieldProblem(problem, detail))

    def ok(self, name: str) -> bool:
        return name not in self.problems

    def raise_if_refused(self) -> None:
        if self.problems:
            raise Refused(self.problems)

    def clean(self, name: str, value: str, *, multiline: bool = False) -> str:
        """The text rule alone: normalised, and refused if it holds a refused character."""
        value = text_rule.normalize(value, multiline=multiline)
        if (fault := text_rule.fault(value, multiline=multiline)) is not None:
            self.refuse(name, Problem(fault.value))
        return value

    def text(
        self,
        name: str,
        value: str,
        limit: int,
        *,
        required: bool = False,
        multiline: bool = False,
    ) -> str:
        """A free text up to `limit` characters, under the text rule; returned normalised."""
        value = text_rule.normalize(value, multiline=multiline)
        if not value:
            if required:
                self.refuse(name, Problem.required)
        elif len(value) > limit:
            self.refuse(name, Problem.too_long, limit)
        elif not self.markup and _MARKUP.search(value):
            self.refuse(name, Problem.markup)
        else:
            self.clean(name, value, multiline=multiline)
        return value

    def pattern(self, name: str, value: str, pattern: re.Pattern, problem: enum.Enum) -> None:
        """A text already checked must also match `pattern` in full."""
        if value and self.ok(name) and not pattern.fullmatch(value):
            self.refuse(name, problem)

    def choice(self, name: str, raw: str, kind: type[E], *, required: bool) -> E | None:
        """One member of `kind`, by name."""
        raw = self.clean(name, raw)
        if not raw:
            if required:
                self.refuse(name, Problem.required)
            return None
        if raw not in kind.__members__:
            self.refuse(name, Problem.unknown_choice)
            return None
        return kind[raw]

    def choices(self, name: str, raw: Sequence[str], allowed: set[str]) -> list[str]:
        """Several of `allowed`, each once, in the order given."""
        picked = list(dict.fromkeys(raw))
        if any(item not in allowed for item in picked):
            self.refuse(name, Problem.unknown_choice)
        return picked

    def number(
        self,
        name: str,
        raw: str,
        low: int,
        high: int,
        *,
        out_of_range: enum.Enum,
        required: bool = True,
        not_a_number: enum.Enum = Problem.not_a_number,
    ) -> int | None:
        """A whole number from `low` to `high`, in ASCII digits (a spreadsheet's "12.0" too);
        `out_of_range` names the range in its message."""
        # Full-width digits (a Chinese input method's) are read as digits.
        raw = unicodedata.normalize("NFKC", self.clean(name, raw)).replace(",", "")
        if not raw:
            if required:
                self.refuse(name, Problem.required)
            return None
        if raw.endswith(".0"):  # how a spreadsheet writes a whole number
            raw = raw[:-2]
        if not (raw.isascii() and raw.isdigit()):
            self.refuse(name, not_a_number)
            return None
        value = int(raw)
        if not low <= value <= high:
            self.refuse(name, out_of_range)
            return None
        return value

    def date(self, name: str, raw: str, *, required: bool = True) -> date | None:
        """A date as people and spreadsheets write it (see parse_date)."""
        raw = self.clean(name, raw)
        if not raw:
            if required:
                self.refuse(name, Problem.required)
            return None
        value = parse_date(raw)
        if value is None:
            self.refuse(name, Problem.not_a_date)
        return value

    def clock(self, name: str, raw: str) -> time | None:
        """A time of day, "08:30" (what <input type="time"> sends; seconds are dropped)."""
        raw = self.clean(name, raw)
        try:
            value = time.fromisoformat(raw)
        except ValueError:
            self.refuse(name, Problem.not_a_time)
            return None
        return value.replace(second=0, microsecond=0, tzinfo=None)


def parse_date(raw: str) -> date | None:
    """2026-12-31, 2026/12/31, 2026.12.31 or 2026年12月31日 (a time after it is ignored);
    full-width digits are read as digits."""
    match = _DATE.match(unicodedata.normalize("NFKC", raw.strip()))
    if match is None or not all(part.isascii() for part in match.groups()):
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
