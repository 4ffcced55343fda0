"""Words of the policy pages: the library's field names, the self-check's questions and
answers, and the publishing form's problems."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

#: Each text field's heading, in the order an item's page shows them (title aside).
FIELDS = {
    "summary": _l("The policy"),
    "covers": _l("Who it covers"),
    "conditions": _l("Conditions"),
    "amount": _l("How much"),
    "documents": _l("What to bring"),
    "steps": _l("Steps"),
    "where": _l("Where and how to apply"),
    "funding": _l("Paid from"),
    "exclusive": _l("Cannot be combined with"),
}

#: The self-check's questions, in the rules file's facts; each answer's words.
QUESTIONS = {
    "age": _l("How old are you?"),
    "sex": _l("You are"),
    "work": _l("Your work now"),
    "school": _l("College"),
    "registered": _l("Registered as unemployed?"),
    "hardship": _l("Minimum allowance, lifted out of poverty, or a disability certificate?"),
    "difficulty": _l("Already determined a person with employment difficulties?"),
    "veteran": _l("Ex-serviceman or ex-servicewoman?"),
    "business": _l("Starting or running a small business?"),
}
ANSWERS = {
    "age": {
        "16_24": _l("16–24"),
        "25_39": _l("25–39"),
        "40_49": _l("40–49"),
        "50_59": _l("50–59"),
        "60_plus": _l("60 or older"),
    },
    "sex": {"female": _l("Woman"), "male": _l("Man")},
    "work": {
        "none": _l("No job"),
        "flexible": _l("Gig or flexible work"),
        "employed": _l("A steady job"),
        "farming": _l("Farming or herding"),
    },
    "school": {
        "graduating": _l("Graduating this year"),
        "graduated_2y": _l("Left in the last two years"),
        "no": _l("Neither"),
    },
}
YES_NO = {"yes": _l("Yes"), "no": _l("No")}


def answers(fact: str) -> dict:
    """The answers offered for a question, "not sure" last."""
    return {**ANSWERS.get(fact, YES_NO), "unknown": _l("Not sure / skip")}


def problems() -> dict:
    from kiosk.policies.library import PolicyProblem as Codes

    return {
        Codes.code: _("Lower-case letters, digits and _, starting with a letter (2–40)."),
        Codes.no_mongolian: _(
            "Give the Mongolian text too: every kiosk shows the item in both scripts."
        ),
        Codes.not_mongolian: _("This has no Mongolian letters: write it in Mongolian script."),
        Codes.unknown_service: _("Not a service of the station list."),
        Codes.sort: _("A whole number from 0 to 9999: smaller comes first."),
        Codes.repeated: _("Another item has this code."),
    }
