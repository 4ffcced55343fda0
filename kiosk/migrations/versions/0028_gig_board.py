"""gig board: an index in the board's own terms (approved, by county, not yet over), covering
what it filters and orders by, so the board reads its 60 gigs without sorting whole rows

Revision ID: 0028_gig_board
Revises: 0027_gig_referral_close
Create Date: 2026-12-03 08:00:00

"""
from alembic import op


revision = "0028_gig_board"
down_revision = "0027_gig_referral_close"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_gig_post_board",
        "gig_post",
        ["status", "region_code", "end_date", "start_date", "moderation", "valid_until",
         "start_time", "id"],
    )


def downgrade():
    op.drop_index("ix_gig_post_board", table_name="gig_post")
