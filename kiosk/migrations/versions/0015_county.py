"""county: targets, figures sent back to stations, the outlet directory's services, the job
a hire went to, and indexes for counting an outlet's period

Revision ID: 0015_county
Revises: 0014_tiles
Create Date: 2026-12-01 23:30:00

"""
from alembic import op
import sqlalchemy as sa

import kiosk.models.base


revision = "0015_county"
down_revision = "0014_tiles"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('county_target',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('station_code', sa.String(length=32), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('quarter', sa.SmallInteger(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('set_by', sa.String(length=40), nullable=False),
    sa.Column('updated_at', kiosk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quarter BETWEEN 0 AND 4', name=op.f('ck_county_target_quarter_0_4')),
    sa.CheckConstraint('value > 0', name=op.f('ck_county_target_value_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_county_target')),
    sa.UniqueConstraint('station_code', 'indicator', 'year', 'quarter', name=op.f('uq_county_target_station_code'))
    )
    op.create_index(op.f('ix_county_target_station_code'), 'county_target', ['station_code'], unique=False)
    op.create_table('station_figure',
    sa.Column('station_code', sa.String(length=32), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('county_value', sa.Integer(), nullable=False),
    sa.Column('county_outlets', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', kiosk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', kiosk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station_figure')),
    sa.UniqueConstraint('station_code', 'period', 'indicator', name=op.f('uq_station_figure_station_code'))
    )
    op.create_index(op.f('ix_station_figure_station_code'), 'station_figure', ['station_code'], unique=False)
    with op.batch_alter_table('station') as batch_op:
        batch_op.add_column(sa.Column('services_zh', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('services_mn', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('service_record') as batch_op:
        batch_op.add_column(sa.Column('hired_job_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_service_record_hired_job_id'), ['hired_job_id'], unique=False)
        batch_op.create_index('ix_service_record_origin_day', ['origin', 'visited_on'], unique=False)
    with op.batch_alter_table('seeker') as batch_op:
        batch_op.create_index('ix_seeker_origin_created', ['origin', 'created_at'], unique=False)
    with op.batch_alter_table('ticket') as batch_op:
        batch_op.create_index('ix_ticket_origin_day', ['origin', 'day'], unique=False)
    with op.batch_alter_table('appointment') as batch_op:
        batch_op.create_index('ix_appointment_origin', ['origin'], unique=False)
    with op.batch_alter_table('job') as batch_op:
        batch_op.create_index('ix_job_station_published', ['station_id', 'published_at'], unique=False)


def downgrade():
    with op.batch_alter_table('job') as batch_op:
        batch_op.drop_index('ix_job_station_published')
    with op.batch_alter_table('appointment') as batch_op:
        batch_op.drop_index('ix_appointment_origin')
    with op.batch_alter_table('ticket') as batch_op:
        batch_op.drop_index('ix_ticket_origin_day')
    with op.batch_alter_table('seeker') as batch_op:
        batch_op.drop_index('ix_seeker_origin_created')
    with op.batch_alter_table('service_record') as batch_op:
        batch_op.drop_index('ix_service_record_origin_day')
        batch_op.drop_index(batch_op.f('ix_service_record_hired_job_id'))
        batch_op.drop_column('hired_job_id')
    # Not a batch: rebuilding `station` would trip the foreign keys that point at it, and
    # SQLite (3.35+) drops a column in place.
    op.drop_column('station', 'services_mn')
    op.drop_column('station', 'services_zh')
    op.drop_index(op.f('ix_station_figure_station_code'), table_name='station_figure')
    op.drop_table('station_figure')
    op.drop_index(op.f('ix_county_target_station_code'), table_name='county_target')
    op.drop_table('county_target')
