"""sync: station outbox, hub batch receipts, quarantine and change log

Revision ID: 0009_sync
Revises: 0008_station_credentials
Create Date: 2026-11-30 21:30:00

"""
from alembic import op
import sqlalchemy as sa

import kiosk.models.base


revision = '0009_sync'
down_revision = '0008_station_credentials'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('station_credential') as batch_op:
        batch_op.add_column(sa.Column('backlog', sa.Integer(), nullable=False, server_default='0'))
    op.create_table('sync_outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_sync_outbox')),
    sa.UniqueConstraint('kind', 'record_id', name=op.f('uq_sync_outbox_kind'))
    )
    op.create_table('sync_batch_receipt',
    sa.Column('station_code', sa.String(length=32), nullable=False),
    sa.Column('batch_id', sa.String(length=64), nullable=False),
    sa.Column('received_at', kiosk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answer', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('station_code', 'batch_id', name=op.f('pk_sync_batch_receipt'))
    )
    op.create_table('sync_quarantine',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('station_code', sa.String(length=32), nullable=False),
    sa.Column('batch_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('received_at', kiosk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', kiosk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_quarantine'))
    )
    op.create_index(op.f('ix_sync_quarantine_station_code'), 'sync_quarantine', ['station_code'], unique=False)
    op.create_table('sync_change',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('station_code', sa.String(length=32), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_sync_change'))
    )


def downgrade():
    op.drop_table('sync_change')
    op.drop_index(op.f('ix_sync_quarantine_station_code'), table_name='sync_quarantine')
    op.drop_table('sync_quarantine')
    op.drop_table('sync_batch_receipt')
    op.drop_table('sync_outbox')
    with op.batch_alter_table('station_credential') as batch_op:
        batch_op.drop_column('backlog')
