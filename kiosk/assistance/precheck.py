"""The pre-check: which difficulty categories a profile likely falls in, and why, by the rules
in data. It never decides; the determination goes through the recorded steps."""

from typing import Any

from kiosk.domain.rules import Decision, FactsProblem, RuleSet, load_rules

#: The difficulty rules in force; a new version is a new file and this name.
DIFFICULTY_RULES = "difficulty-nm-2020"
#: The app's locales and the language keys of the rules files.
LANGUAGES = {"zh_Hans_CN": "zh", "mn_Mong_CN": "mn"}


class PrecheckRefused(ValueError):
    """A profile that cannot be checked; `problems` says each thing wrong with it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def precheck(
    profile: object, locale: str = "zh_Hans_CN", rules: RuleSet | None = None
) -> dict[str, Any]:
    """The likely categories with their reasons and missing proofs, and what keeps the rest out.

    `profile` is the JSON object of `kiosk assistance precheck`, with an optional
    `proofs_in_hand` list of proof codes.
    """
    rules = rules or load_rules(DIFFICULTY_RULES)
    language = LANGUAGES[locale]
    if not isinstance(profile, dict):
        raise PrecheckRefused(["the profile: expected a JSON object"])
    profile = dict(profile)
    in_hand = profile.pop("proofs_in_hand", [])
    problems = []
    if not isinstance(in_hand, list) or not all(isinstance(code, str) for code in in_hand):
        problems.append("proofs_in_hand: expected a list of proof codes")
        in_hand = []
    problems += [
        f"proofs_in_hand: unknown proof {code!r} (known: {', '.join(rules.proofs)})"
        for code in in_hand
        if code not in rules.proofs
    ]
    try:
        facts = rules.read_facts(profile)
    except FactsProblem as problem:
        problems += problem.problems
    if problems:
        raise PrecheckRefused(problems)
    decision = rules.decide(facts, in_hand)
    if decision.out_of_scope:
        raise PrecheckRefused(
            [f"outside these rules ({c.code}): {c.unmet[language]}" for c in decision.out_of_scope]
        )
    return report(decision, language)


def report(decision: Decision, language: str) -> dict[str, Any]:
    """The decision as JSON: codes in English, reasons and names in `language`."""
    blocking: dict[str, dict[str, Any]] = {}
    for outcome in decision.outcomes:
        for condition in outcome.unmet:
            entry = blocking.setdefault(
                condition.code,
                {"code": condition.code, "text": condition.unmet[language], "categories": []},
            )
            entry["categories"].append(outcome.item.number)
    return {
        "rules_version": decision.rules_version,
        "categories": [
            {
                "category": outcome.item.number,
                "code": outcome.item.code,
                "name": outcome.item.name[language],
                "reasons": [{"code": c.code, "text": c.met[language]} for c in outcome.met],
                "missing_proofs": [
                    {"code": p.code, "name": p.name[language]} for p in outcome.missing_proofs
                ],
            }
            for outcome in decision.met
        ],
        "missing_conditions": list(blocking.values()),
    }
