"""What runs where: a station (kiosk, phone, desk; SQLite, offline) or a hub (the county's
PostgreSQL, taking what stations collect and publishing jobs and the outlet register).

`create_app` mounts exactly the features of its role; each feature package has an
`install(app)` that registers its blueprints, console links, words, commands and hooks.
"""

import enum


class Role(enum.StrEnum):
    station = "station"
    hub = "hub"

    @classmethod
    def of(cls, value: object) -> "Role":
        """The role a box was configured with (`KIOSK_ROLE`); anything else stops the start."""
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            choices = " or ".join(role.value for role in cls)
            raise ValueError(f"KIOSK_ROLE must be {choices}, not {value!r}") from None


#: Features both roles mount: the public job pages, the console's accounts, the county's jobs,
#: the difficulty pre-check (at a station also the profiles, tiers and tasks behind it), the
#: policy library (published at the hub, read and printed at a station).
BOTH = (
    "kiosk.home",
    "kiosk.jobs",
    "kiosk.staff",
    "kiosk.job_admin",
    "kiosk.ops",
    "kiosk.assistance",
    "kiosk.keys",
    "kiosk.policies",
)

FEATURES: dict[Role, tuple[str, ...]] = {
    Role.station: (
        *BOTH,
        "kiosk.registration",
        "kiosk.appointments",
        "kiosk.queue",
        "kiosk.slips",
        "kiosk.desk",
        "kiosk.seekers",
        "kiosk.county_lookup",
        "kiosk.records",
        "kiosk.statistics",
        "kiosk.settings",
        "kiosk.sync.station",
        "kiosk.outlets",
        "kiosk.events",
        "kiosk.gigs",
    ),
    Role.hub: (*BOTH, "kiosk.sync.hub", "kiosk.moderation", "kiosk.county", "kiosk.events.hub"),
}
