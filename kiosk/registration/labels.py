"""Words for the registration form: choices and what is wrong with a field."""

import enum
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.i18n import HTML_LANG, LOCALE_NAMES
from kiosk.models import Difficulty, Education, EmploymentStatus, KeyGroup
from kiosk.registration.card_reader import CardProblem
from kiosk.registration.handoff import HandOffProblem
from kiosk.registration.service import RegistrationProblem

EDUCATION = {
    Education.primary: _l("Primary school or less"),
    Education.junior_middle: _l("Junior middle school"),
    Education.senior_middle: _l("Senior middle or vocational school"),
    Education.college: _l("College (dazhuan)"),
    Education.bachelor: _l("Bachelor's degree"),
    Education.postgraduate: _l("Postgraduate"),
}

EMPLOYMENT_STATUS = {
    EmploymentStatus.unemployed: _l("Out of work"),
    EmploymentStatus.employed: _l("Working, looking for a change"),
    EmploymentStatus.graduating: _l("Graduating this year"),
    EmploymentStatus.flexible: _l("Odd jobs / flexible work"),
}

KEY_GROUPS = {
    KeyGroup.college_graduate: _l("College graduate"),
    KeyGroup.ex_serviceman: _l("Ex-serviceman"),
    KeyGroup.lifted_out_of_poverty: _l("Lifted out of poverty"),
    KeyGroup.migrant_worker: _l("Migrant worker (farmer or herder)"),
    KeyGroup.relocated_resident: _l("Relocated resident"),
}

DIFFICULTIES = {
    Difficulty.older_unemployed: _l("Older and out of work (women 40+, men 50+)"),
    Difficulty.disability: _l("Holder of a disability certificate"),
    Difficulty.zero_employment_family: _l("Family with no one in work"),
    Difficulty.land_lost: _l("Farmer or herder who lost the land"),
    Difficulty.long_term_on_allowance: _l("Long out of work, on minimum living allowance"),
    Difficulty.graduate_two_years: _l("Graduate not in work two years after graduating"),
}

#: This form's own problems; the shared ones are worded in kiosk/web/form_labels.py.
PROBLEMS = {
    RegistrationProblem.chinese_name: _l(
        "Write the name as on the ID card: Chinese characters and ·."
    ),
    RegistrationProblem.mongolian_script: _l("Use Mongolian letters only."),
    RegistrationProblem.latin_name: _l("Use Latin letters only."),
    RegistrationProblem.digits: _l("Please type the number with 0–9."),
    RegistrationProblem.id_format: _l(
        "An ID number has 18 characters: 17 digits and a last digit or X."
    ),
    RegistrationProblem.id_checksum: _l(
        "One of the digits is mistyped. Please check it against the card."
    ),
    RegistrationProblem.id_birth_date: _l("The birth date in this number is not a real date."),
    RegistrationProblem.id_address: _l("The first six digits are not a place code we know."),
    RegistrationProblem.mobile: _l("A mobile number has 11 digits and starts with 13 to 19."),
    RegistrationProblem.too_many: _l("Please choose at most five."),
    RegistrationProblem.pay: _l("Please write an amount in yuan, digits only."),
    RegistrationProblem.consent: _l("Please read the notice and agree to it."),
    RegistrationProblem.mobile_on_file: _l(
        "This is not the mobile number on file. Check it, or ask a counselor at the desk."
    ),
}

#: What registering again would change on file (ChangeNotConfirmed.changes).
IDENTITY_FIELDS = {
    "name_zh": _l("the name"),
    "name_mn": _l("the name in Mongolian script"),
    "name_latin": _l("the name in Latin letters"),
    "mobile": _l("the mobile number"),
}


def identity_changes(changes: tuple[str, ...]) -> str:
    """ "the name and the mobile number": what registering again would change on file."""
    words = [str(IDENTITY_FIELDS[name]) for name in changes]
    if len(words) < 2:
        return "".join(words)
    return _("%(some)s and %(last)s", some=_(", ").join(words[:-1]), last=words[-1])


CARD_PROBLEMS = {
    CardProblem.absent: _l(
        "The ID card reader is not answering. Please type the number, or ask the staff."
    ),
    CardProblem.no_card: _l("No card on the reader. Please lay your ID card flat on it."),
    CardProblem.garbled: _l(
        "The card could not be read. Please lay it on the reader again, or type the number."
    ),
}

HAND_OFF_PROBLEMS: dict[enum.Enum, Any] = {
    HandOffProblem.unknown: _l("This code is not one of ours. Please scan the code on the kiosk."),
    HandOffProblem.expired: _l("This code has expired. Please ask the kiosk for a new one."),
    HandOffProblem.used: _l("This code has already been used. Please ask the kiosk for a new one."),
}


def privacy_notice() -> list[tuple[str, str, str]]:
    """The privacy notice in every language at once, whatever the screen's language:
    (language tag, language name, text)."""
    notice = []
    for locale, name in LOCALE_NAMES.items():
        with force_locale(locale):
            text = _(
                "We keep your name, ID number, mobile number and wishes to find you work and to "
                "count, for the county, how many people the station served. The ID number and the "
                "mobile number are stored encrypted and are only ever shown in part. You may ask "
                "the station at any time to correct or delete your record."
            )
        notice.append((HTML_LANG[locale], name, text))
    return notice
