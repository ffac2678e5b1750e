"""Leases on job items (owner + expiry), the key label beside each review and correction, a job item's source URL.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job_items") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(64), nullable=True))
        batch.add_column(sa.Column("lease_expires", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("source_url", sa.String(2048), nullable=True))
        batch.add_column(sa.Column("source_page", sa.String(2048), nullable=True))
        batch.add_column(sa.Column("source_title", sa.String(512), nullable=True))
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("key_label", sa.String(128), nullable=True))
    with op.batch_alter_table("cell_corrections") as batch:
        batch.add_column(sa.Column("key_label", sa.String(128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cell_corrections") as batch:
        batch.drop_column("key_label")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("key_label")
    with op.batch_alter_table("job_items") as batch:
        for column in ("source_title", "source_page", "source_url", "lease_expires", "lease_owner"):
            batch.drop_column(column)
