"""fleet: a county's keys, stations' reports, cross-outlet look-ups; one ID per outlet

Revision ID: 0012_fleet
Revises: 0011_assist
Create Date: 2026-12-01 23:30:00

"""
from alembic import op
import sqlalchemy as sa

from kiosk.models.base import UTCDateTime


revision = "0012_fleet"
down_revision = "0011_assist"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('county_key',
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('version', sa.SmallInteger(), nullable=False),
    sa.Column('sealing_sealed', sa.LargeBinary(), nullable=False),
    sa.Column('lookup_sealed', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('county_code', 'version', name=op.f('pk_county_key'))
    )
    op.create_table('station_report',
    sa.Column('station_code', sa.String(length=32), nullable=False),
    sa.Column('sequence', sa.BigInteger(), nullable=False),
    sa.Column('received_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('app_version', sa.String(length=40), nullable=False),
    sa.Column('schema_revision', sa.String(length=64), nullable=False),
    sa.Column('last_backup_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('printer_ok', sa.Boolean(), nullable=True),
    sa.Column('printer_error', sa.String(length=200), nullable=False),
    sa.Column('printed_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('disk_free', sa.BigInteger(), nullable=False),
    sa.Column('disk_total', sa.BigInteger(), nullable=False),
    sa.Column('waiting', sa.Integer(), nullable=False),
    sa.Column('keys_version', sa.SmallInteger(), nullable=False),
    sa.PrimaryKeyConstraint('station_code', name=op.f('pk_station_report'))
    )
    op.create_table('person_lookup',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('station_code', sa.String(length=32), nullable=False),
    sa.Column('staff_username', sa.String(length=40), nullable=False),
    sa.Column('by', sa.String(length=8), nullable=False),
    sa.Column('person_key', sa.String(length=64), nullable=False),
    sa.Column('found', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_lookup'))
    )
    with op.batch_alter_table('person_lookup') as batch_op:
        batch_op.create_index('ix_person_lookup_at', ['at'], unique=False)
        batch_op.create_index('ix_person_lookup_person_key', ['person_key'], unique=False)
    # One registration per ID number and outlet: the hub holds each outlet's registration
    # of a person under the county's one keyed hash.
    with op.batch_alter_table('seeker') as batch_op:
        batch_op.drop_constraint('uq_seeker_id_number_hash', type_='unique')
        batch_op.create_unique_constraint('uq_seeker_origin', ['origin', 'id_number_hash'])
        batch_op.create_index('ix_seeker_id_number_hash', ['id_number_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('seeker') as batch_op:
        batch_op.drop_index('ix_seeker_id_number_hash')
        batch_op.drop_constraint('uq_seeker_origin', type_='unique')
        batch_op.create_unique_constraint('uq_seeker_id_number_hash', ['id_number_hash'])
    with op.batch_alter_table('person_lookup') as batch_op:
        batch_op.drop_index('ix_person_lookup_person_key')
        batch_op.drop_index('ix_person_lookup_at')
    op.drop_table('person_lookup')
    op.drop_table('station_report')
    op.drop_table('county_key')
