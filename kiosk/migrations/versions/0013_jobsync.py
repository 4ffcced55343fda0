"""jobs born at stations travel: the hub's moderation of a job, retired records, the change
log's time (for compaction) and its look-up by record

Revision ID: 0013_jobsync
Revises: 0012_fleet
Create Date: 2026-12-01 23:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0013_jobsync"
down_revision = "0012_fleet"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('job') as batch_op:
        batch_op.add_column(sa.Column(
            'moderation',
            sa.Enum('none', 'hidden', 'closed', name='moderation', native_enum=False, length=16),
            nullable=False, server_default='none',
        ))
        batch_op.add_column(
            sa.Column('moderation_reason', sa.String(length=300), nullable=False, server_default='')
        )
        batch_op.add_column(
            sa.Column('moderation_version', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('sync_change') as batch_op:
        batch_op.add_column(sa.Column(
            'logged_at', sa.DateTime(timezone=True), nullable=False,
            server_default=sa.text('CURRENT_TIMESTAMP'),
        ))
        batch_op.create_index('ix_sync_change_record', ['kind', 'record_id'], unique=False)
        batch_op.create_index('ix_sync_change_station', ['station_code', 'seq'], unique=False)
    op.create_table('sync_retired',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'record_id', name=op.f('pk_sync_retired'))
    )


def downgrade():
    op.drop_table('sync_retired')
    with op.batch_alter_table('sync_change') as batch_op:
        batch_op.drop_index('ix_sync_change_station')
        batch_op.drop_index('ix_sync_change_record')
        batch_op.drop_column('logged_at')
    with op.batch_alter_table('job') as batch_op:
        batch_op.drop_column('moderated_at')
        batch_op.drop_column('moderation_version')
        batch_op.drop_column('moderation_reason')
        batch_op.drop_column('moderation')
