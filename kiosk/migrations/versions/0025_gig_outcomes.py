"""gig outcomes: arrival, completion, no-shows and the "were you paid?" answer of a place
taken, and the rights referral a "no" opens

Revision ID: 0025_gig_outcomes
Revises: 0024_gig_licence
Create Date: 2026-12-02 18:40:00

"""
from alembic import op
import sqlalchemy as sa

import kiosk.models.base


revision = "0025_gig_outcomes"
down_revision = "0024_gig_licence"
branch_labels = None
depends_on = None

_WHEN = kiosk.models.base.UTCDateTime(timezone=True)


def upgrade():
    with op.batch_alter_table('gig_take', schema=None) as batch_op:
        batch_op.add_column(sa.Column('arrived_at', _WHEN, nullable=True))
        batch_op.add_column(sa.Column('arrived_via', sa.Enum('desk', 'employer', name='via', native_enum=False, length=16), nullable=True))
        batch_op.add_column(sa.Column('completed_at', _WHEN, nullable=True))
        batch_op.add_column(sa.Column('no_show', sa.Enum('worker', 'employer', name='noshow', native_enum=False, length=16), nullable=True))
        batch_op.add_column(sa.Column('no_show_at', _WHEN, nullable=True))
        batch_op.add_column(sa.Column('paid', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('paid_answered_at', _WHEN, nullable=True))
        batch_op.add_column(sa.Column('paid_via', sa.Enum('kiosk', 'desk', 'follow_up', name='paidvia', native_enum=False, length=16), nullable=True))
    op.create_table('gig_referral',
    sa.Column('take_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('station_code', sa.String(length=32), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='referralstatus', native_enum=False, length=16), nullable=False),
    sa.Column('employer_key', sa.String(length=64), nullable=False),
    sa.Column('employer_name', sa.String(length=100), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('contact_mobile_masked', sa.String(length=11), nullable=False),
    sa.Column('worker_masked', sa.String(length=20), nullable=False),
    sa.Column('title_zh', sa.String(length=60), nullable=False),
    sa.Column('pay_fen', sa.Integer(), nullable=False),
    sa.Column('pay_unit', sa.Enum('day', 'hour', 'piece', name='gigpayunit', native_enum=False, length=16), nullable=False),
    sa.Column('settlement', sa.Enum('daily', 'weekly', 'per_piece', name='settlement', native_enum=False, length=16), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', _WHEN, nullable=False),
    sa.Column('updated_at', _WHEN, nullable=False),
    sa.ForeignKeyConstraint(['take_id'], ['gig_take.id'], name=op.f('fk_gig_referral_take_id_gig_take')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gig_referral')),
    sa.UniqueConstraint('number', name=op.f('uq_gig_referral_number')),
    sa.UniqueConstraint('take_id', name=op.f('uq_gig_referral_take_id'))
    )
    with op.batch_alter_table('gig_referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gig_referral_employer_key'), ['employer_key'], unique=False)


def downgrade():
    with op.batch_alter_table('gig_referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gig_referral_employer_key'))
    op.drop_table('gig_referral')
    with op.batch_alter_table('gig_take', schema=None) as batch_op:
        for column in ('paid_via', 'paid_answered_at', 'paid', 'no_show_at', 'no_show',
                       'completed_at', 'arrived_via', 'arrived_at'):
            batch_op.drop_column(column)
