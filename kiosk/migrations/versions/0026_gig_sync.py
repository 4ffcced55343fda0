"""gig sync: the hub's moderation of a gig post, as a job's (withdrawn is a new status value,
stored as text with no CHECK, so it needs no change here)

Revision ID: 0026_gig_sync
Revises: 0025_gig_outcomes
Create Date: 2026-12-02 18:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0026_gig_sync"
down_revision = "0025_gig_outcomes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('gig_post') as batch_op:
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


def downgrade():
    with op.batch_alter_table('gig_post') as batch_op:
        batch_op.drop_column('moderated_at')
        batch_op.drop_column('moderation_version')
        batch_op.drop_column('moderation_reason')
        batch_op.drop_column('moderation')
