"""A jobs file a manager uploaded: checked row by row, imported only when they say so."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from kiosk.models.base import Base, new_id, string_enum, utcnow


class ImportStatus(enum.StrEnum):
    checking = "checking"  # rows being read and checked
    checked = "checked"  # preview ready, waiting for the manager
    importing = "importing"
    imported = "imported"
    cancelled = "cancelled"
    failed = "failed"  # the file could not be read at all


class JobImport(Base):
    """Local to this box: the upload, its progress, and the problems found per row."""

    __tablename__ = "job_import"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_member.id"))
    filename: Mapped[str] = mapped_column(String(200))
    status: Mapped[ImportStatus] = mapped_column(
        string_enum(ImportStatus), default=ImportStatus.checking
    )
    #: The uploaded bytes, kept until the import is finished or cancelled.
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    total_rows: Mapped[int] = mapped_column(default=0)
    checked_rows: Mapped[int] = mapped_column(default=0)
    good_rows: Mapped[int] = mapped_column(default=0)
    imported_rows: Mapped[int] = mapped_column(default=0)
    #: [{"row": 7, "column": "pay_min", "problem": "…"}], the first few hundred.
    problems: Mapped[list[dict]] = mapped_column(JSON, default=list)
    #: Why the whole file failed, when it did.
    failure: Mapped[str] = mapped_column(String(200), default="")
