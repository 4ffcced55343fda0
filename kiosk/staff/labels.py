"""Words for the staff accounts page."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.domain.forms import Refused
from kiosk.models import StaffRole
from kiosk.staff.accounts import MIN_PASSWORD, AccountIssue
from kiosk.web.form_labels import message

ROLES = {StaffRole.counselor: _l("Counselor"), StaffRole.manager: _l("Station manager")}
ACCOUNT_PROBLEMS = {
    AccountIssue.username: _l("A username takes up to 40 Latin letters, digits, dots and hyphens."),
    AccountIssue.password: _l("A password needs at least %(count)s characters."),
    AccountIssue.taken: _l("This username is taken. Please choose another."),
}
PASSWORDS_DIFFER = _l("The two passwords differ. Please type the same one twice.")


def account_problem(refused: Refused | None) -> str:
    """What is wrong with a new account; None: a role not in the list."""
    if refused is None:
        return _("Please choose from the list.")
    if refused.problem == AccountIssue.password:
        return str(ACCOUNT_PROBLEMS[AccountIssue.password]) % {"count": MIN_PASSWORD}
    return message(refused.problem, ACCOUNT_PROBLEMS)
