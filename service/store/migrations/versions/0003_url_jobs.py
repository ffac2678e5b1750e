"""URL jobs (POST /v1/jobs with {"urls": [...]}): a job's kind, options and collection lease; one row per submitted
URL with its status and counts; a job item's fetch time, and no document for an item whose fetch failed.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("kind", sa.String(8), nullable=False, server_default="files"))
        batch.add_column(sa.Column("options", sa.JSON, nullable=True))
        batch.add_column(sa.Column("collect_status", sa.String(16), nullable=True))
        batch.add_column(sa.Column("collect_owner", sa.String(64), nullable=True))
        batch.add_column(sa.Column("collect_expires", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("collect_attempts", sa.Integer, nullable=False, server_default="0"))
    with op.batch_alter_table("job_items") as batch:
        batch.alter_column("sha256", existing_type=sa.String(64), nullable=True)
        batch.add_column(sa.Column("fetched_at", sa.String(40), nullable=True))
    op.create_table(
        "job_sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("job_id", sa.String(32), sa.ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("found", sa.Integer, nullable=False, server_default="0"),
        sa.Column("fetched", sa.Integer, nullable=False, server_default="0"),
        sa.Column("skipped", sa.Integer, nullable=False, server_default="0"),
        sa.Column("refused", sa.Integer, nullable=False, server_default="0"),
        sa.Column("pages", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error_code", sa.String(32), nullable=True),
        sa.Column("error_message", sa.Text, nullable=True),
        sa.UniqueConstraint("job_id", "seq", name="uq_job_source"),
    )


def downgrade() -> None:
    op.drop_table("job_sources")
    op.execute("DELETE FROM job_items WHERE sha256 IS NULL")
    with op.batch_alter_table("job_items") as batch:
        batch.drop_column("fetched_at")
        batch.alter_column("sha256", existing_type=sa.String(64), nullable=False)
    with op.batch_alter_table("jobs") as batch:
        for column in ("collect_attempts", "collect_expires", "collect_owner", "collect_status", "options", "kind"):
            batch.drop_column(column)
