"""gig referral close: how a rights referral was closed (the outcome, a short note, when);
its status was already there, open until closed

Revision ID: 0027_gig_referral_close
Revises: 0026_gig_sync
Create Date: 2026-12-03 07:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0027_gig_referral_close"
down_revision = "0026_gig_sync"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('gig_referral') as batch_op:
        batch_op.add_column(sa.Column(
            'outcome',
            sa.Enum('paid_after_referral', 'settled', 'withdrawn_by_worker', 'passed_to_inspection',
                    name='referraloutcome', native_enum=False, length=24),
            nullable=True,
        ))
        batch_op.add_column(
            sa.Column('outcome_note', sa.String(length=200), nullable=False, server_default='')
        )
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('gig_referral') as batch_op:
        batch_op.drop_column('closed_at')
        batch_op.drop_column('outcome_note')
        batch_op.drop_column('outcome')
