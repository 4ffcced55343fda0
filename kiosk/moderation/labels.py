"""Words for the county's jobs at the hub."""

from flask_babel import lazy_gettext as _l

from kiosk.domain.forms import Problem
from kiosk.moderation.moderating import Decision

PROBLEMS = {
    Problem.required: _l("Please say why: the outlet that published the job reads it."),
}

DONE = {
    Decision.hide: _l("The job is hidden from every kiosk. Its outlet sees why."),
    Decision.close: _l("The job is closed. Its outlet sees why."),
    Decision.lift: _l("The county's decision is lifted: the job is as its outlet made it."),
}
