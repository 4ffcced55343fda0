"""assist: each claimed criterion's proof status and review day on a profile; how to reach a
person who asked for a home visit themselves (sealed, and masked for the list)

Revision ID: 0016_assist
Revises: 0015_county
Create Date: 2026-12-02 06:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0016_assist"
down_revision = "0015_county"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assistance_profile") as batch:
        batch.add_column(sa.Column("criteria", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("assistance_request") as batch:
        batch.add_column(sa.Column("contact_sealed", sa.LargeBinary(), nullable=True))
        batch.add_column(
            sa.Column("contact_masked", sa.String(length=20), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("assistance_request") as batch:
        batch.drop_column("contact_masked")
        batch.drop_column("contact_sealed")
    with op.batch_alter_table("assistance_profile") as batch:
        batch.drop_column("criteria")
