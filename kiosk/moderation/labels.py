"""Words for the county's jobs and gig posts at the hub."""

from flask_babel import lazy_gettext as _l

from kiosk.domain.forms import Problem
from kiosk.gigs import labels as gig_labels
from kiosk.job_admin.labels import MODERATIONS
from kiosk.models import GigPost, Moderation, PostStatus, local_today
from kiosk.moderation.moderating import Decision

PROBLEMS = {
    Problem.required: _l("Please say why: the outlet that published the job reads it."),
}

DONE = {
    Decision.hide: _l("The job is hidden from every kiosk. Its outlet sees why."),
    Decision.close: _l("The job is closed. Its outlet sees why."),
    Decision.lift: _l("The county's decision is lifted: the job is as its outlet made it."),
}

GIG_PROBLEMS = {
    Problem.required: _l("Please say why: the outlet and the employer who posted it read it."),
}

GIG_DONE = {
    Decision.hide: _l("The gig post is hidden from every board. Its outlet and employer see why."),
    Decision.close: _l("The gig post is closed. Its outlet and employer see why."),
    Decision.lift: _l("The county's decision is lifted: the gig post is as its outlet made it."),
}

#: A gig post's state as the county reads it (not the employer's words: "taken down by you").
GIG_STATES = {
    PostStatus.pending: _l("Waiting for its outlet's review"),
    PostStatus.approved: _l("On the gig boards"),
    PostStatus.rejected: _l("Sent back to its employer"),
    PostStatus.withdrawn: _l("Taken down by its employer"),
}
#: The gig's pay and days, as the outlets' boards show them (the hub mounts no gig pages).
gig_pay = gig_labels.pay
gig_days = gig_labels.days


def gig_state(post: GigPost) -> str:
    if post.moderation != Moderation.none:
        return str(MODERATIONS[post.moderation])
    if post.status is PostStatus.approved and post.end_date < local_today():
        return str(_l("Over"))
    return str(GIG_STATES[post.status])
