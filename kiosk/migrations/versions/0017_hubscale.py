"""hubscale: an employer merged into the county's one of its credit code, and a cross-outlet
look-up refused for its rate

Revision ID: 0017_hubscale
Revises: 0016_assist
Create Date: 2026-12-02 05:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0017_hubscale"
down_revision = "0016_assist"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sync_retired", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into", sa.Uuid(), nullable=True))
    with op.batch_alter_table("person_lookup", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("refused", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index("ix_person_lookup_station_at", ["station_code", "at"])


def downgrade():
    with op.batch_alter_table("person_lookup", schema=None) as batch_op:
        batch_op.drop_index("ix_person_lookup_station_at")
        batch_op.drop_column("refused")
    with op.batch_alter_table("sync_retired", schema=None) as batch_op:
        batch_op.drop_column("merged_into")
