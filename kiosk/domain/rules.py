"""Rules officials change, kept as versioned data files and read by this one small mechanism.

A rules file (`kiosk/data/rules/*.json`) has a version, the facts it judges, named conditions
over those facts (each with the reason it gives when met and when not, in every language of
LANGUAGES), named proofs, the conditions and proofs common to every item, and the items.
`RuleSet.read_facts` checks a profile against the declared facts; `RuleSet.decide` says, per
item, which conditions it meets and which keep it out, and which proofs are still to bring.
Every decision carries the rules version.

Facts: {"type": date|boolean|integer|number|choice|list, "null": may be null, "choices": […],
"min": N, "min_items": N, "not_before"/"not_after": [date facts], "only_with": [facts that must
be given with it], "members": {facts of each entry of a list}}.

Conditions (JSON):
  {"fact": F, <comparison>}                       the fact's value
  {"age": {"born": F, "on": F}, <comparison>}     full years on the day (birthday counts)
  {"months": {"from": F, "to": F}, <comparison>}  full months between two dates
  {"count": F, <comparison>}                      how many entries a list fact has
  comparisons: "equals": V | "in": [V…] | "at_least": N | "at_most": N | "given": true/false,
  where N is a number, {"fact": F} or {"by": F, "values": {value of F: number}} (e.g. by sex)
  {"all": [C…]} | {"any": [C…]} | {"not": C} | {"every": F, "meets": C} (C over each member)
A fact that is null meets no comparison but `"given": false`. A common condition marked
`"scope": true` says which profiles the rules judge at all (e.g. working age): failing it is
bad input, not a missing condition.
"""

import calendar
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

RULES = Path(__file__).resolve().parent.parent / "data" / "rules"
#: Every text in a rules file is given in each of these (the catalogs' languages).
LANGUAGES = ("zh", "mn")

Facts = Mapping[str, Any]
Test = Callable[[Facts], bool]
Text = Mapping[str, str]


class RulesFileError(ValueError):
    """A rules file that cannot be used: the message names the file and the place."""


class FactsProblem(ValueError):
    """Facts that do not fit what the rules declare; `problems` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class FactSpec:
    name: str
    type: str  # date, boolean, integer, number, choice, list
    null: bool = False
    choices: tuple[str, ...] = ()
    min: float | None = None
    min_items: int | None = None
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    #: Facts that must be given (not null, not false) when this one is.
    only_with: tuple[str, ...] = ()
    members: Mapping[str, "FactSpec"] = field(default_factory=dict)


@dataclass(frozen=True)
class Condition:
    code: str
    test: Test = field(repr=False, compare=False)
    met: Text
    unmet: Text
    #: A profile failing a scope condition is not one these rules judge (bad input).
    scope: bool = False


@dataclass(frozen=True)
class Proof:
    code: str
    name: Text


@dataclass(frozen=True)
class Item:
    number: int
    code: str
    name: Text
    conditions: tuple[Condition, ...]
    proofs: tuple[Proof, ...]


@dataclass(frozen=True)
class Outcome:
    item: Item
    met: tuple[Condition, ...]
    unmet: tuple[Condition, ...]
    missing_proofs: tuple[Proof, ...]

    @property
    def meets(self) -> bool:
        return not self.unmet


@dataclass(frozen=True)
class Decision:
    rules_version: str
    outcomes: tuple[Outcome, ...]
    #: Scope conditions the profile fails: the outcomes then say nothing.
    out_of_scope: tuple[Condition, ...]

    @property
    def met(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.meets)


@dataclass(frozen=True)
class RuleSet:
    version: str
    title: Text
    note: str
    facts: Mapping[str, FactSpec]
    proofs: Mapping[str, Proof]
    common: tuple[Condition, ...]
    common_proofs: tuple[Proof, ...]
    items: tuple[Item, ...]

    def read_facts(self, raw: object) -> dict[str, Any]:
        """The facts typed (dates as `date`), or FactsProblem listing everything wrong."""
        return _read_object(raw, self.facts, "")

    def decide(self, facts: Facts, proofs_in_hand: Iterable[str] = ()) -> Decision:
        in_hand = set(proofs_in_hand)
        common = [(c, c.test(facts)) for c in self.common]
        outcomes = []
        for item in self.items:
            results = [*common, *((c, c.test(facts)) for c in item.conditions)]
            outcomes.append(
                Outcome(
                    item=item,
                    met=tuple(c for c, ok in results if ok),
                    unmet=tuple(c for c, ok in results if not ok),
                    missing_proofs=tuple(
                        p for p in (*self.common_proofs, *item.proofs) if p.code not in in_hand
                    ),
                )
            )
        out_of_scope = tuple(c for c, ok in common if c.scope and not ok)
        return Decision(self.version, tuple(outcomes), out_of_scope)


def load_rules(name_or_path: str | Path) -> RuleSet:
    """A rules file by name (`difficulty-nm-2020`, in kiosk/data/rules) or path, checked."""
    path = Path(name_or_path)
    if path.suffix != ".json":
        path = RULES / f"{name_or_path}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RulesFileError(f"{path.name}: cannot be read: {error}") from error
    try:
        return _rule_set(data)
    except RulesFileError as error:
        raise RulesFileError(f"{path.name}: {error}") from None


# -- reading the rules file ---------------------------------------------------------------


def _keys(obj: object, where: str, required: set[str], optional: Iterable[str] = ()) -> dict:
    if not isinstance(obj, dict):
        raise RulesFileError(f"{where}: expected an object")
    if missing := required - obj.keys():
        raise RulesFileError(f"{where}: missing {', '.join(sorted(missing))}")
    if unknown := obj.keys() - required - set(optional):
        raise RulesFileError(f"{where}: unknown {', '.join(sorted(unknown))}")
    return obj


def _mapping(obj: object, where: str) -> dict:
    if not isinstance(obj, dict):
        raise RulesFileError(f"{where}: expected an object")
    return obj


def _text(obj: object, where: str) -> Text:
    if not isinstance(obj, dict):
        raise RulesFileError(f"{where}: expected texts by language {', '.join(LANGUAGES)}")
    for language in LANGUAGES:
        if not isinstance(obj.get(language), str) or not obj[language].strip():
            raise RulesFileError(f"{where}: no {language} text")
    if unknown := obj.keys() - set(LANGUAGES) - {"en"}:
        raise RulesFileError(f"{where}: unknown language {', '.join(sorted(unknown))}")
    return dict(obj)


def _rule_set(data: object) -> RuleSet:
    top = _keys(
        data,
        "the file",
        {"version", "title", "facts", "conditions", "proofs", "common", "items"},
        {"note", "source"},
    )
    if not isinstance(top["version"], str) or not top["version"]:
        raise RulesFileError("version: expected a text")
    facts = _fact_specs(top["facts"], "facts")
    proofs = {
        code: Proof(code, _text(name, f"proofs.{code}"))
        for code, name in _mapping(top["proofs"], "proofs").items()
    }
    conditions = {
        code: _condition(code, spec, facts)
        for code, spec in _mapping(top["conditions"], "conditions").items()
    }

    def named(kind: Mapping, codes: object, where: str) -> tuple:
        if not isinstance(codes, list):
            raise RulesFileError(f"{where}: expected a list of names")
        for code in codes:
            if code not in kind:
                raise RulesFileError(f"{where}: {code!r} is not defined")
        return tuple(kind[code] for code in codes)

    common = _keys(top["common"], "common", {"conditions", "proofs"})
    items: list[Item] = []
    for i, raw in enumerate(top["items"] if isinstance(top["items"], list) else ()):
        where = f"items[{i}]"
        item = _keys(raw, where, {"number", "code", "name", "conditions", "proofs"})
        if not isinstance(item["number"], int) or not isinstance(item["code"], str):
            raise RulesFileError(f"{where}: expected a whole number and a code")
        if any(other.number == item["number"] for other in items):
            raise RulesFileError(f"{where}: number {item['number']} is used twice")
        items.append(
            Item(
                number=item["number"],
                code=item["code"],
                name=_text(item["name"], f"{where}.name"),
                conditions=named(conditions, item["conditions"], f"{where}.conditions"),
                proofs=named(proofs, item["proofs"], f"{where}.proofs"),
            )
        )
    if not items:
        raise RulesFileError("items: expected a list of items")
    for made in items:
        if scoped := [c.code for c in made.conditions if c.scope]:
            raise RulesFileError(f"item {made.number}: scope conditions belong in common: {scoped}")
    return RuleSet(
        version=top["version"],
        title=_text(top["title"], "title"),
        note=top.get("note", ""),
        facts=facts,
        proofs=proofs,
        common=named(conditions, common["conditions"], "common.conditions"),
        common_proofs=named(proofs, common["proofs"], "common.proofs"),
        items=tuple(items),
    )


_FACT_TYPES = {"date", "boolean", "integer", "number", "choice", "list"}


def _fact_specs(obj: object, where: str) -> dict[str, FactSpec]:
    specs: dict[str, FactSpec] = {}
    for name, spec in _mapping(obj, where).items():
        at = f"{where}.{name}"
        spec = _keys(
            spec,
            at,
            {"type"},
            {"null", "choices", "min", "min_items", "not_before", "not_after", "only_with"}
            | {"members"},
        )
        if spec["type"] not in _FACT_TYPES:
            raise RulesFileError(f"{at}: unknown type {spec['type']!r}")
        if spec["type"] == "choice" and not spec.get("choices"):
            raise RulesFileError(f"{at}: a choice needs its choices")
        specs[name] = FactSpec(
            name=name,
            type=spec["type"],
            null=bool(spec.get("null", False)),
            choices=tuple(spec.get("choices", ())),
            min=spec.get("min"),
            min_items=spec.get("min_items"),
            not_before=tuple(spec.get("not_before", ())),
            not_after=tuple(spec.get("not_after", ())),
            only_with=tuple(spec.get("only_with", ())),
            members=_fact_specs(spec["members"], f"{at}.members") if "members" in spec else {},
        )
    for spec in specs.values():
        for other in (*spec.not_before, *spec.not_after, *spec.only_with):
            if other not in specs:
                raise RulesFileError(f"{where}.{spec.name}: refers to unknown fact {other!r}")
    return specs


def _condition(code: str, spec: object, facts: Mapping[str, FactSpec]) -> Condition:
    where = f"conditions.{code}"
    entry = _keys(spec, where, {"when", "met", "unmet"}, {"scope"})
    return Condition(
        code=code,
        test=_test(entry["when"], facts, f"{where}.when"),
        met=_text(entry["met"], f"{where}.met"),
        unmet=_text(entry["unmet"], f"{where}.unmet"),
        scope=bool(entry.get("scope", False)),
    )


_COMPARISONS = {"equals", "in", "at_least", "at_most", "given"}


def _fact(facts: Mapping[str, FactSpec], name: object, where: str, *types: str) -> str:
    if not isinstance(name, str) or name not in facts:
        raise RulesFileError(f"{where}: unknown fact {name!r}")
    if types and facts[name].type not in types:
        raise RulesFileError(f"{where}: {name} is a {facts[name].type}, not {' or '.join(types)}")
    return name


def _test(spec: object, facts: Mapping[str, FactSpec], where: str) -> Test:
    """Compile one condition, refusing anything the mechanism does not know."""
    if not isinstance(spec, dict) or not spec:
        raise RulesFileError(f"{where}: expected a condition")
    if "all" in spec or "any" in spec:
        kind = "all" if "all" in spec else "any"
        _keys(spec, where, {kind})
        if not isinstance(spec[kind], list) or not spec[kind]:
            raise RulesFileError(f"{where}.{kind}: expected a list of conditions")
        parts = [_test(s, facts, f"{where}.{kind}[{i}]") for i, s in enumerate(spec[kind])]
        combine = all if kind == "all" else any
        return lambda f: combine(part(f) for part in parts)
    if "not" in spec:
        _keys(spec, where, {"not"})
        inner = _test(spec["not"], facts, f"{where}.not")
        return lambda f: not inner(f)
    if "every" in spec:
        _keys(spec, where, {"every", "meets"})
        name = _fact(facts, spec["every"], where, "list")
        each = _test(spec["meets"], facts[name].members, f"{where}.meets")
        return lambda f: f.get(name) is not None and all(each(m) for m in f[name])

    subjects = [key for key in ("fact", "age", "months", "count") if key in spec]
    comparisons = [key for key in spec if key in _COMPARISONS]
    if unknown := spec.keys() - {"fact", "age", "months", "count"} - _COMPARISONS:
        raise RulesFileError(f"{where}: unknown condition {', '.join(sorted(unknown))}")
    if len(subjects) != 1 or len(comparisons) != 1:
        raise RulesFileError(f"{where}: expected one of fact/age/months/count and one comparison")
    if subjects[0] == "fact" and comparisons[0] in ("at_least", "at_most"):
        _fact(facts, spec["fact"], where, "integer", "number")
    subject = _subject(subjects[0], spec[subjects[0]], facts, where)
    return _comparison(comparisons[0], spec[comparisons[0]], subject, facts, where)


def _subject(kind: str, arg: object, facts: Mapping[str, FactSpec], where: str):
    if kind == "fact":
        name = _fact(facts, arg, where)
        return lambda f: f.get(name)
    if kind == "count":
        name = _fact(facts, arg, where, "list")
        return lambda f: None if f.get(name) is None else len(f[name])
    ends = ("born", "on") if kind == "age" else ("from", "to")
    pair = _keys(arg, f"{where}.{kind}", set(ends))
    first, last = (_fact(facts, pair[end], f"{where}.{kind}", "date") for end in ends)
    count = full_years if kind == "age" else full_months

    def value(f: Facts) -> int | None:
        a, b = f.get(first), f.get(last)
        return None if a is None or b is None else count(a, b)

    return value


def _comparison(kind: str, arg: Any, subject, facts: Mapping[str, FactSpec], where: str) -> Test:
    if kind == "given":
        if not isinstance(arg, bool):
            raise RulesFileError(f"{where}.given: expected true or false")
        return lambda f: (subject(f) is not None) is arg
    if kind == "equals":
        # true is not 1: a boolean equals only a boolean
        return lambda f: (
            (v := subject(f)) is not None and (v, type(v) is bool) == (arg, type(arg) is bool)
        )
    if kind == "in":
        if not isinstance(arg, list):
            raise RulesFileError(f"{where}.in: expected a list")
        return lambda f: (v := subject(f)) is not None and v in arg
    bound = _operand(arg, facts, f"{where}.{kind}")
    if kind == "at_least":
        return lambda f: None not in (v := subject(f), b := bound(f)) and v >= b
    return lambda f: None not in (v := subject(f), b := bound(f)) and v <= b


def _operand(arg: object, facts: Mapping[str, FactSpec], where: str):
    if isinstance(arg, (int, float)) and not isinstance(arg, bool):
        return lambda f: arg
    if isinstance(arg, dict) and arg.keys() == {"fact"}:
        name = _fact(facts, arg["fact"], where, "integer", "number")
        return lambda f: f.get(name)
    if isinstance(arg, dict) and arg.keys() == {"by", "values"}:
        name = _fact(facts, arg["by"], where, "choice")
        values = arg["values"]
        if (
            not isinstance(values, dict)
            or set(values) != set(facts[name].choices)
            or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in values.values()
            )
        ):
            raise RulesFileError(f"{where}: give a number for each of {facts[name].choices}")
        return lambda f: values.get(f.get(name))
    raise RulesFileError(f"{where}: expected a number, {{'fact': …}} or {{'by': …, 'values': …}}")


# -- counting time ---------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last day (31 Jan → 28 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def full_months(start: date, end: date) -> int:
    """Whole months from `start` to `end`: the month is full on the same day of the month."""
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and _add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def full_years(born: date, on: date) -> int:
    """Age in full years (周岁) on the day: a person is N on their Nth birthday."""
    return full_months(born, on) // 12


# -- reading facts ---------------------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _read_object(raw: object, specs: Mapping[str, FactSpec], prefix: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise FactsProblem([f"{prefix or 'the profile'}: expected an object"])
    problems = [f"{prefix}{key}: unknown key" for key in raw if key not in specs]
    problems += [f"{prefix}{key}: missing" for key in specs if key not in raw]
    facts: dict[str, Any] = {}
    for name, spec in specs.items():
        if name not in raw:
            continue
        try:
            facts[name] = _read_value(raw[name], spec, f"{prefix}{name}")
        except FactsProblem as problem:
            problems += problem.problems
    if problems:
        raise FactsProblem(problems)
    for spec in specs.values():
        value = facts[spec.name]
        if value is None:
            continue
        for other in spec.only_with:
            if facts[other] in (None, False):
                problems.append(f"{prefix}{spec.name}: given, but {other} is not")
        for other in spec.not_before:
            if facts[other] is not None and value < facts[other]:
                problems.append(f"{prefix}{spec.name} ({value}) is before {other} ({facts[other]})")
        for other in spec.not_after:
            if facts[other] is not None and value > facts[other]:
                problems.append(f"{prefix}{spec.name} ({value}) is after {other} ({facts[other]})")
    if problems:
        raise FactsProblem(problems)
    return facts


def _read_value(value: object, spec: FactSpec, name: str) -> Any:
    if value is None:
        if spec.null:
            return None
        raise FactsProblem([f"{name}: must be given, not null"])
    match spec.type:
        case "date":
            if isinstance(value, str) and _DATE.fullmatch(value):
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    pass
            raise FactsProblem([f"{name}: expected a date YYYY-MM-DD, not {value!r}"])
        case "boolean":
            if isinstance(value, bool):
                return value
            raise FactsProblem([f"{name}: expected true or false, not {value!r}"])
        case "integer" | "number":
            kinds = (int,) if spec.type == "integer" else (int, float)
            if not isinstance(value, kinds) or isinstance(value, bool):
                kind = "a whole number" if spec.type == "integer" else "a number"
                raise FactsProblem([f"{name}: expected {kind}, not {value!r}"])
            if spec.min is not None and value < spec.min:
                raise FactsProblem([f"{name}: must be at least {spec.min}, not {value!r}"])
            return value
        case "choice":
            if value in spec.choices:
                return value
            choices = ", ".join(spec.choices)
            raise FactsProblem([f"{name}: expected one of {choices}, not {value!r}"])
        case _:  # list
            if not isinstance(value, list):
                raise FactsProblem([f"{name}: expected a list, not {value!r}"])
            if spec.min_items is not None and len(value) < spec.min_items:
                raise FactsProblem([f"{name}: needs at least {spec.min_items} when given"])
            members, problems = [], []
            for i, member in enumerate(value):
                try:
                    members.append(_read_object(member, spec.members, f"{name}[{i}]."))
                except FactsProblem as problem:
                    problems += problem.problems
            if problems:
                raise FactsProblem(problems)
            return members
