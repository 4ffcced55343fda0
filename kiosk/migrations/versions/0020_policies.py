"""policies: the county's policy library, published to every station

Revision ID: 0020_policies
Revises: 0019_gigs
Create Date: 2026-12-02 05:45:00

"""
from alembic import op
import sqlalchemy as sa

import kiosk.models.base


revision = "0020_policies"
down_revision = "0019_gigs"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('policy',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title_zh', sa.String(length=100), nullable=False),
    sa.Column('title_mn', sa.String(length=200), nullable=False),
    sa.Column('summary_zh', sa.Text(), nullable=False),
    sa.Column('summary_mn', sa.Text(), nullable=False),
    sa.Column('covers_zh', sa.Text(), nullable=False),
    sa.Column('covers_mn', sa.Text(), nullable=False),
    sa.Column('conditions_zh', sa.Text(), nullable=False),
    sa.Column('conditions_mn', sa.Text(), nullable=False),
    sa.Column('amount_zh', sa.Text(), nullable=False),
    sa.Column('amount_mn', sa.Text(), nullable=False),
    sa.Column('documents_zh', sa.Text(), nullable=False),
    sa.Column('documents_mn', sa.Text(), nullable=False),
    sa.Column('steps_zh', sa.Text(), nullable=False),
    sa.Column('steps_mn', sa.Text(), nullable=False),
    sa.Column('where_zh', sa.Text(), nullable=False),
    sa.Column('where_mn', sa.Text(), nullable=False),
    sa.Column('funding_zh', sa.Text(), nullable=False),
    sa.Column('funding_mn', sa.Text(), nullable=False),
    sa.Column('exclusive_zh', sa.Text(), nullable=False),
    sa.Column('exclusive_mn', sa.Text(), nullable=False),
    sa.Column('basis', sa.String(length=200), nullable=False),
    sa.Column('service_code', sa.String(length=40), nullable=False),
    sa.Column('example', sa.Boolean(), nullable=False),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', kiosk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', kiosk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy')),
    sa.UniqueConstraint('code', name=op.f('uq_policy_code'))
    )


def downgrade():
    op.drop_table('policy')
