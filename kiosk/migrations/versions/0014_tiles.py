"""tiles: an index covering the grouped count of open jobs behind the tiles' numbers

Revision ID: 0014_tiles
Revises: 0013_jobsync
Create Date: 2026-12-01 23:40:00

"""
from alembic import op


revision = "0014_tiles"
down_revision = "0013_jobsync"
branch_labels = None
depends_on = None

COLUMNS = [
    'status',
    'expires_on',
    'category_code',
    'region_code',
    'employment_type',
    'pay_unit',
    'pay_max',
    'search_key',
]


def upgrade():
    op.create_index('ix_job_open_counts', 'job', COLUMNS)


def downgrade():
    op.drop_index('ix_job_open_counts', table_name='job')
