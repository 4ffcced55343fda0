"""events_more: an event moved at the hub keeps when it was to start (signed-up people see it)

Revision ID: 0023_events_more
Revises: 0020_policies
Create Date: 2026-12-02 10:20:00

"""
from alembic import op
import sqlalchemy as sa

import kiosk.models.base


revision = "0023_events_more"
down_revision = "0020_policies"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moved_from', kiosk.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('moved_from')
