""" "Which policies might be for me?": a few anonymous questions judged by the rules in
kiosk/data/rules (the mechanism of the difficulty pre-check), ending in the items that may
apply, what to bring and the service to book. Nothing is stored: the answers come with one
POST and leave with its answer page."""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kiosk.domain.forms import Problem, Refused
from kiosk.domain.rules import FactsProblem, RuleSet, load_rules
from kiosk.models import Policy
from kiosk.policies.library import policies_by_code

#: The self-check's rules in force; a new version is a new file and this name.
CHECK_RULES = "policies-check-nm"
#: A question not answered (skipped, or "not sure"): it keeps no item out.
UNKNOWN = "unknown"


def check_rules() -> RuleSet:
    return load_rules(CHECK_RULES)


@dataclass(frozen=True)
class MayApply:
    code: str
    #: The published item, or None where the library has not reached this box yet.
    policy: Policy | None
    #: The rules' name of the item (shown where the item is not published here).
    name: Mapping[str, str]
    #: Why it may apply: the item's own conditions met, in the reader's language.
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CheckResult:
    rules_version: str
    items: tuple[MayApply, ...]
    #: What to bring, each once, in the order the items name them.
    bring: tuple[str, ...]
    #: How many questions were left unknown (the answer is wider for each).
    unknown: int


def answers_of(form: Mapping[str, str], rules: RuleSet) -> dict[str, str]:
    """Each question's answer, "unknown" where none was given."""
    return {name: (form.get(name) or UNKNOWN) for name in rules.facts}


def run_check(
    session: Session, form: Mapping[str, str], language: str, rules: RuleSet | None = None
) -> CheckResult:
    """The items that may apply to these answers, or Refused naming an answer not offered."""
    rules = rules or check_rules()
    answers = answers_of(form, rules)
    try:
        facts = rules.read_facts(answers)
    except FactsProblem as problem:
        # A choice only a changed page could send: name the question, keep the rest.
        bad = [p.split(":", 1)[0] for p in problem.problems]
        raise Refused({name: Problem.unknown_choice for name in bad}) from None
    decision = rules.decide(facts)
    met = decision.met
    published = policies_by_code(session, [o.item.code for o in met])
    items: list[MayApply] = []
    bring: dict[str, str] = {}
    common = {c.code for c in rules.common}
    for outcome in met:
        items.append(
            MayApply(
                code=outcome.item.code,
                policy=published.get(outcome.item.code),
                name=outcome.item.name,
                reasons=tuple(c.met[language] for c in outcome.met if c.code not in common),
            )
        )
        for proof in outcome.missing_proofs:
            bring.setdefault(proof.code, proof.name[language])
    unknown = sum(1 for value in answers.values() if value == UNKNOWN)
    return CheckResult(decision.rules_version, tuple(items), tuple(bring.values()), unknown)
