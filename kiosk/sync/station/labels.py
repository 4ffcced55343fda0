"""Words for the sync pages: why the last round stopped, said for the person at the desk."""

from flask_babel import lazy_gettext as _l

from kiosk.sync.station.rounds import SyncProblem

PROBLEMS = {
    SyncProblem.not_configured: _l("No hub is set for this station."),
    SyncProblem.unreachable: _l(
        "The hub could not be reached: no network here, or the hub is down."
    ),
    SyncProblem.refused_secret: _l(
        "The hub refused this station's secret. Ask the county to check the station's registration."
    ),
    SyncProblem.refused_request: _l(
        "The hub refused a request. Please tell the county's administrator."
    ),
    SyncProblem.hub_error: _l("The hub had an error. The next round tries again."),
    SyncProblem.bad_answer: _l("The hub's answer was incomplete. The next round tries again."),
    SyncProblem.bad_record: _l(
        "The hub sent a record this station cannot read. Please tell the county's administrator."
    ),
}
