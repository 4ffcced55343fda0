"""All models, importable from one place (Alembic sees them all through this module)."""

from kiosk.models.appointments import (
    Appointment,
    AppointmentStatus,
    QueueCounter,
    ServiceItem,
    Slot,
    Ticket,
    TicketStatus,
)
from kiosk.models.base import BEIJING, Base, SyncedRecord, local_today, new_id, utcnow
from kiosk.models.county import CountyTarget, StationFigure
from kiosk.models.handoff import HandOff
from kiosk.models.imports import ImportStatus, JobImport
from kiosk.models.jobs import Employer, EmploymentType, Job, JobCategory, JobStatus, PayUnit
from kiosk.models.places import Region, RegionLevel, Station, StationKind
from kiosk.models.records import ServiceRecord, VisitOutcome
from kiosk.models.seekers import (
    Difficulty,
    Education,
    EmploymentStatus,
    Gender,
    KeyGroup,
    Seeker,
)
from kiosk.models.slips import PrintStatus, Slip, SlipKind
from kiosk.models.staff import AuditEntry, StaffMember, StaffRole
from kiosk.models.state import LocalState
from kiosk.models.sync import (
    BatchReceipt,
    Change,
    OutboxEntry,
    QuarantinedRecord,
    StationCredential,
)

__all__ = [
    "BEIJING",
    "Appointment",
    "AppointmentStatus",
    "AuditEntry",
    "Base",
    "BatchReceipt",
    "Change",
    "CountyTarget",
    "Difficulty",
    "Education",
    "Employer",
    "EmploymentStatus",
    "EmploymentType",
    "Gender",
    "HandOff",
    "ImportStatus",
    "Job",
    "JobCategory",
    "JobImport",
    "JobStatus",
    "KeyGroup",
    "LocalState",
    "OutboxEntry",
    "PayUnit",
    "PrintStatus",
    "QuarantinedRecord",
    "QueueCounter",
    "Region",
    "RegionLevel",
    "Seeker",
    "ServiceItem",
    "ServiceRecord",
    "Slip",
    "SlipKind",
    "Slot",
    "StaffMember",
    "StaffRole",
    "Station",
    "StationCredential",
    "StationFigure",
    "StationKind",
    "SyncedRecord",
    "Ticket",
    "TicketStatus",
    "VisitOutcome",
    "local_today",
    "new_id",
    "utcnow",
]
