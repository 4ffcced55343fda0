"""gig licence: the photo of a business licence sent with a gig post, sealed, for the reviewer

Revision ID: 0024_gig_licence
Revises: 0023_events_more
Create Date: 2026-12-02 10:45:00

"""
from alembic import op
import sqlalchemy as sa

import kiosk.models.base


revision = "0024_gig_licence"
down_revision = "0023_events_more"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('gig_licence',
    sa.Column('post_id', sa.Uuid(), nullable=False),
    sa.Column('photo_sealed', sa.LargeBinary(), nullable=False),
    sa.Column('received_at', kiosk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['gig_post.id'], name=op.f('fk_gig_licence_post_id_gig_post')),
    sa.PrimaryKeyConstraint('post_id', name=op.f('pk_gig_licence'))
    )


def downgrade():
    op.drop_table('gig_licence')
