"""session generation: signing out, turning off or a new password ends every session

Revision ID: 0010_session_generation
Revises: 0009_sync
Create Date: 2026-12-01 20:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010_session_generation'
down_revision = '0009_sync'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_member') as batch_op:
        batch_op.add_column(
            sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade():
    with op.batch_alter_table('staff_member') as batch_op:
        batch_op.drop_column('session_generation')
